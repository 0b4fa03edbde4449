"""Live preview for translators: build the HTML edition, serve it on 127.0.0.1, rebuild and reload on every save."""
from __future__ import annotations

import dataclasses
import os
import re
import select
import socket
import sys
import threading
import time
from contextlib import closing
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Callable
from urllib.parse import unquote_to_bytes, urlsplit

import watchfiles

from .build import build
from .config import Project, load_project
from .errors import BookletError

__all__ = ["serve", "EVENTS_PATH", "SCRIPT_PATH", "MAX_STREAMS"]

#: Served by the handler itself, never from the output folder.
EVENTS_PATH = "/__booklet/events"
SCRIPT_PATH = "/assets/preview.js"
#: Seconds between keep-alive comments on an idle event stream, so proxies and
#: the browser do not drop it.
KEEP_ALIVE = 10.0
#: Event streams open at once. Each holds a thread for as long as its page is
#: open; a translator has a few tabs, not dozens.
MAX_STREAMS = 32
#: Seconds between checks that an idle event stream's page is still there, so
#: that a closed or reloaded page gives its place back at once, not only when a
#: write to it fails.
STREAM_CHECK = 1.0
#: Connections the kernel holds until they are accepted: a browser opening
#: several pages, each with its assets, must not see refused or stalled ones.
LISTEN_BACKLOG = 128

# Tiny on purpose: no library, nothing global. The page is reloaded on
# "reload"; "error <message>" shows the message in a fixed banner (as text,
# never markup: it quotes the translator's catalogue). data-booklet-live on
# <html> says the stream is open (for tests, and for a curious translator).
PREVIEW_JS = """\
// booklet serve: reload this page after each rebuild; show a failed build's error.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.EventSource || !script) return;
  var events = new EventSource(new URL("../__booklet/events", script.src).href);
  var banner = null;
  events.onopen = function () {
    document.documentElement.setAttribute("data-booklet-live", "");
  };
  events.onmessage = function (event) {
    if (event.data === "reload") {
      events.close();
      location.reload();
    } else if (event.data.indexOf("error ") === 0) {
      if (!banner) {
        banner = document.createElement("div");
        banner.id = "booklet-error";
        banner.setAttribute("role", "alert");
        banner.dir = "ltr";
        banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;" +
          "padding:.5em 1em;background:#a00;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap";
        document.body.appendChild(banner);
      }
      banner.textContent = "booklet: " + event.data.slice(6);
    }
  };
})();
""".encode("utf-8")

_SCRIPT_TAG = b'<script src="/assets/preview.js" defer></script>\n'


class _Broadcast:
    """The outcome of the latest build, handed to every open event stream."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._generation = 0
        self._event = ""  # "reload" or "error <message>"
        self._closed = False

    def publish(self, event: str) -> None:
        with self._changed:
            self._generation += 1
            self._event = event
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def failed(self) -> bool:
        with self._changed:
            return self._event.startswith("error ")

    def current(self) -> tuple[int, str]:
        with self._changed:
            return self._generation, self._event

    def wait(self, seen: int, timeout: float) -> tuple[int, str | None] | None:
        """The next event after generation ``seen``: (generation, None) after
        ``timeout`` without one, None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._generation != seen, timeout)
            if self._closed:
                return None
            if self._generation == seen:
                return seen, None
            return self._generation, self._event


class _Server(ThreadingHTTPServer):
    """An HTTP server that can end every connection, an open event stream or an
    idle browser preconnect included, so that stopping leaves no thread behind."""

    # Joined in server_close(): ThreadingHTTPServer's daemon threads would
    # outlive serve() and could still be writing when the interpreter exits.
    daemon_threads = False
    block_on_close = True

    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self, address: tuple[str, int], handler: Callable, broadcast: _Broadcast, log: Callable[[str], None]
    ) -> None:
        self.broadcast = broadcast
        self.log = log
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closing = False
        super().__init__(address, handler)
        port = self.server_address[1]
        names = ("127.0.0.1", "localhost", "[::1]")
        # Host headers naming this server: any other name reached it through a
        # DNS answer pointing at 127.0.0.1 (see _Handler.parse_request). Without
        # the port only where browsers leave it out, on 80.
        self.hosts = frozenset(f"{name}:{port}" for name in names) | frozenset(names if port == 80 else ())
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    def finish_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        threading.current_thread().name = "booklet-serve-request"
        with self._lock:
            if self._closing:
                return
            self._connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._lock:
                self._connections.discard(request)

    def close_connections(self) -> None:
        with self._lock:
            self._closing = True
            for connection in self._connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # the client went away first

    def handle_error(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return  # a page closed, reloaded or stopped reading mid-response: routine
        # Whatever a request holds, the terminal is the translator's build log:
        # one line, naming nothing the request sent, and the preview goes on.
        self.log(f"serve: a request failed ({type(error).__name__})")


class _Handler(SimpleHTTPRequestHandler):
    """The output folder, plus the reload script and the event stream."""

    server: _Server
    # An idle connection (Chromium preconnects) would otherwise hold a thread forever.
    timeout = 60

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        # A hostile page can point a name of its own at 127.0.0.1 (DNS
        # rebinding) and read the preview as same-origin; its requests still
        # carry that name. Nothing is answered for them, the event stream included.
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].strip().lower() not in self.server.hosts:
            port = self.server.server_address[1]
            self._refuse(HTTPStatus.MISDIRECTED_REQUEST, f"booklet serve answers http://127.0.0.1:{port}/ only")
            return False
        if not _well_formed(self.path):
            self._refuse(HTTPStatus.BAD_REQUEST, "bad request")
            return False
        return True

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == EVENTS_PATH:
            self._stream()
        elif route == SCRIPT_PATH:
            self.copyfile(self._send(PREVIEW_JS, "text/javascript; charset=utf-8"), self.wfile)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        route = urlsplit(self.path).path
        if route == EVENTS_PATH:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
        elif route == SCRIPT_PATH:
            self._send(PREVIEW_JS, "text/javascript; charset=utf-8")
        else:
            super().do_HEAD()

    def end_headers(self) -> None:
        # Every rebuild must be seen at once, even within the same second as
        # the last one (Last-Modified has one-second resolution).
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:
        del self.headers["If-Modified-Since"]  # see end_headers
        route = urlsplit(self.path).path
        path = self.translate_path(self.path)
        if os.path.isdir(path) and route.endswith("/"):
            for index in ("index.html", "index.htm"):  # as SimpleHTTPRequestHandler looks for them
                if os.path.isfile(os.path.join(path, index)):
                    path = os.path.join(path, index)
                    break
        # Checked on what is served, a folder's index included: translate_path
        # drops "..", but a symlink in the output could still lead out.
        if not self._inside(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if route == "/favicon.ico" and not os.path.isfile(path):
            # Browsers ask for it unbidden; a 404 would be a console error on every page.
            self.send_response(HTTPStatus.NO_CONTENT)
            self.end_headers()
            return None
        if os.path.isdir(path):
            if route.endswith("/"):
                return self.list_directory(path)  # a folder without an index
            return super().send_head()  # the redirect to the folder's address with a slash
        if path.endswith(".html") and os.path.isfile(path):
            return self._page(path)
        return self._file(path)

    def _inside(self, path: str) -> bool:
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        return real == root or real.startswith(root + os.sep)

    def _file(self, path: str) -> BinaryIO | None:
        """Send the headers for the file at ``path``, checked by the caller, and
        return it open: not SimpleHTTPRequestHandler's, which looks it up again."""
        # Not "x.css/" (a folder asked for), nor anything but a regular file
        # (opening a FIFO would block the thread).
        if path.endswith("/") or not os.path.isfile(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            handle = open(path, "rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            stat = os.fstat(handle.fileno())
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Length", str(stat.st_size))
            self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
            self.end_headers()
        except BaseException:
            handle.close()
            raise
        return handle

    def _page(self, path: str) -> BinaryIO | None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        # Pages built without preview (and the index) have no reload script: add it.
        if b"assets/preview.js" not in data:
            head = data.lower().find(b"</head>")
            if head >= 0:
                data = data[:head] + _SCRIPT_TAG + data[head:]
        return self._send(data, "text/html; charset=utf-8")

    def _send(self, data: bytes, content_type: str) -> BinaryIO:
        """Send the headers for ``data``; the body is left to the caller, as with send_head()."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return BytesIO(data)

    def _refuse(self, status: HTTPStatus, message: str, *headers: tuple[str, str]) -> None:
        """A short plain-text answer, and the connection closed."""
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _stream(self) -> None:
        # Only the preview's own pages: another site's page could otherwise
        # hold every place (it cannot read the stream, but it is kept open).
        origin = self.headers.get("Origin")
        if origin is not None and origin.strip().lower() not in self.server.origins:
            self._refuse(HTTPStatus.FORBIDDEN, "forbidden")
            return
        # A place, or an answer at once: waiting for one would hold a thread too.
        if not self.server.streams.acquire(blocking=False):
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, "too many open pages: close some", ("Retry-After", "5"))
            return
        try:
            self._events()
        finally:
            self.server.streams.release()

    def _events(self) -> None:
        broadcast = self.server.broadcast
        seen, event = broadcast.current()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            # A page opened (or reloaded) while the last build failed shows the error at once.
            self.wfile.write(b"retry: 1000\n\n")
            if event.startswith("error "):
                self.wfile.write(_event(event))
            quiet_since = time.monotonic()
            while not self._gone():
                news = broadcast.wait(seen, STREAM_CHECK)
                if news is None:
                    return
                seen, event = news
                if event is not None:
                    self.wfile.write(_event(event))
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= KEEP_ALIVE:
                    self.wfile.write(b": keep-alive\n\n")
                    quiet_since = time.monotonic()
        except OSError:
            return  # the page was closed or reloaded, or stopped reading

    def _gone(self) -> bool:
        """Whether the page closed its end of the event stream. It sends
        nothing after its request, so anything to read there is the end."""
        try:
            return _has_input(self.connection) and not self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True  # closed already, or shut down by close_connections()

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the build messages the translator needs


def _has_input(connection: socket.socket) -> bool:
    """Whether reading ``connection`` would not block, without waiting."""
    if hasattr(select, "poll"):  # select() would fail on descriptors past 1023
        poller = select.poll()
        poller.register(connection, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([connection], [], [], 0)[0])


#: A "%" not followed by two hex digits.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _well_formed(target: str) -> bool:
    """Whether a request target is a path that can be looked up: "/..." (the
    form browsers send), well-formed escapes, UTF-8, no control characters.
    Anything else (a NUL byte, a lone surrogate) would make the file system
    calls raise rather than answer."""
    if not target.startswith("/"):
        return False
    path = target.split("?", 1)[0].split("#", 1)[0]
    if _BAD_ESCAPE.search(path):
        return False
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(char < " " or "\x7f" <= char < "\xa0" for char in decoded)


def _event(event: str) -> bytes:
    # One data line: a line break in the message would end the event early.
    return ("data: " + " ".join(event.splitlines()) + "\n\n").encode("utf-8")


def _listen(port: int, folder: Path, broadcast: _Broadcast, log: Callable[[str], None]) -> _Server:
    try:
        # 127.0.0.1 only: the preview shows unpublished work and is not meant for the network.
        return _Server(("127.0.0.1", port), partial(_Handler, directory=str(folder)), broadcast, log)
    except OSError as exc:
        raise BookletError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", hint="choose another port with --port"
        ) from None


class _Rebuilder:
    """Builds the HTML edition and tells the open pages how it went."""

    def __init__(
        self,
        project: Project,
        broadcast: _Broadcast,
        *,
        languages: list[str] | None,
        preview: bool,
        log: Callable[[str], None],
        pdf: bool = False,
    ) -> None:
        self.project = project
        self._broadcast = broadcast
        self._languages = languages
        self._preview = preview
        self._log = log
        # With the PDFs, a saved catalogue re-renders its language's booklet
        # (the others come from the cache), linked from each page.
        self._formats = ["html", "pdf"] if pdf else ["html"]

    def build(self) -> None:
        """Build; pages reload if anything changed (or the last build had failed),
        else they show the error and keep the last good text."""
        started = time.perf_counter()
        was_failing = self._broadcast.failed()
        try:
            report = build(self.project, formats=self._formats, languages=self._languages, preview=self._preview)
        except BookletError as error:
            failures: list[BookletError] = [error]
            changed = False
        else:
            failures, changed = report.failures, bool(report.written)
        for failure in failures:
            self._log(f"error: {failure}")
        if failures:
            self._broadcast.publish("error " + "; ".join(str(f) for f in failures))
            return
        self._log(f"built in {time.perf_counter() - started:.2f} s")
        if changed or was_failing:
            self._broadcast.publish("reload")

    def reload_config(self) -> bool:
        """Read pyproject.toml again; False (and the error shown) if it is invalid."""
        try:
            fresh = load_project(self.project.root)
        except BookletError as error:
            self._log(f"error: {error}")
            self._broadcast.publish(f"error {error}")
            return False
        if fresh.output != self.project.output:
            self._log(f"the output folder is now {fresh.output}: restart booklet serve to use it")
        # Keep building into the folder being served.
        self.project = dataclasses.replace(fresh, output=self.project.output)
        return True


def _watched(project: Project) -> list[str]:
    # Only what exists: watchfiles refuses a missing path (a templates/ folder
    # created later is picked up when pyproject.toml next changes).
    paths = [project.source_dir, project.locales_dir, project.templates_dir, project.config_file]
    return [str(p.resolve()) for p in paths if p.exists()]


def serve(
    project: Project,
    *,
    port: int = 8000,
    preview: bool = True,
    pdf: bool = False,
    languages: list[str] | None = None,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    log: Callable[[str], None] = print,
) -> None:
    """Build the HTML edition, serve it on http://127.0.0.1:``port``/ and rebuild
    it on every change to the sources, catalogues, templates or configuration,
    reloading open pages. A failed build keeps the last good pages and shows
    the error on them. With ``pdf``, the booklets too, each page linking to
    its own. Returns once ``stop`` is set, or on Ctrl-C."""
    stop = stop if stop is not None else threading.Event()
    folder = project.output / "html"
    config_file = project.config_file.resolve()
    broadcast = _Broadcast()
    rebuilder = _Rebuilder(project, broadcast, languages=languages, preview=preview, log=log, pdf=pdf)
    server = _listen(port, folder, broadcast, log)
    http = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="booklet-serve-http")
    try:
        listening = config_changed = False
        while not stop.is_set():
            # Replaced after pyproject.toml changes: editors save by renaming a
            # new file over the old, and an inotify watch on a file stays with
            # the old inode, so the new one would go unwatched.
            watcher = watchfiles.watch(
                *_watched(rebuilder.project),
                stop_event=stop,
                debounce=500,
                step=50,  # a save is built 50 ms after the last write to it
                rust_timeout=200,
                yield_on_timeout=True,
            )
            with closing(watcher):
                for changes in watcher:
                    if not listening:
                        # The first yield means the watches are in place: from
                        # here no save is missed, not even one during this build.
                        rebuilder.build()
                        folder.mkdir(parents=True, exist_ok=True)  # a failed first build may have written nothing
                        http.start()
                        listening = True
                        url = f"http://127.0.0.1:{server.server_address[1]}/"
                        log(f"serving {url}")
                        if ready is not None:
                            ready(url)
                    elif config_changed:  # the first yield of the replacement watcher
                        config_changed = False
                        if rebuilder.reload_config():
                            rebuilder.build()
                    elif any(Path(path) == config_file for _, path in changes):
                        config_changed = True
                        break
                    elif changes:
                        rebuilder.build()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a translator ends the preview: stop as cleanly as with `stop`
    finally:
        stop.set()
        broadcast.close()
        if http.is_alive():
            server.shutdown()
        server.close_connections()
        server.server_close()  # joins every request thread
        if http.is_alive():
            http.join()
