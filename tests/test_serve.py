"""booklet serve: the pages and nothing else, the event stream, live reload in Chromium, a clean stop."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import polib
import pytest

from pipeline.catalog.pofile import format_po
from pipeline.config import Project, load_project
from pipeline.serve import serve
from pipeline.init import init

from .conftest import CHROMIUM_ARGS, need_tool

LIVE = "() => document.documentElement.hasAttribute('data-booklet-live')"


@dataclass
class Running:
    url: str
    log: list[str]
    stop: threading.Event

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 0


@pytest.fixture
def project(make_project) -> Project:
    root = make_project({"source/a.md": "# T\n\nHello.\n"}, languages=("de",))
    init(load_project(root), ["de"])
    return load_project(root)


@contextlib.contextmanager
def running(project: Project, **options: object) -> Iterator[Running]:
    """serve() in a thread on a free port; stopped, and checked to have returned, on the way out."""
    urls: list[str] = []
    log: list[str] = []
    failed: list[BaseException] = []
    stop, started = threading.Event(), threading.Event()

    def ready(url: str) -> None:
        urls.append(url)
        started.set()

    def target() -> None:
        try:
            serve(project, port=0, ready=ready, stop=stop, log=log.append, **options)
        except BaseException as exc:  # reported in the test's thread below
            failed.append(exc)
            started.set()

    thread = threading.Thread(target=target, name="test-serve")
    thread.start()
    try:
        assert started.wait(15), f"serve() never became ready: {log}"
        assert not failed, failed
        yield Running(urls[0], log, stop)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive(), "serve() did not return after stop was set"
    assert not failed, failed


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


def _raw(port: int, request: bytes) -> bytes:
    """A request as sent, byte for byte: urllib would normalise the path first."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _request(port: int, target: bytes, host: bytes | None = b"127.0.0.1:%d") -> bytes:
    """GET ``target`` with the Host header given (%d: the port; None: no Host header), raw."""
    header = b"" if host is None else b"Host: " + (host % port if b"%d" in host else host) + b"\r\n"
    return _raw(port, b"GET " + target + b" HTTP/1.0\r\n" + header + b"\r\n")


def _status(response: bytes) -> int:
    """The status code of a raw response; 0 if there is none (the connection was dropped)."""
    words = response.split(b"\r\n", 1)[0].split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def _catalog(project: Project) -> Path:
    return project.po_path("de", "a")


def _translate(project: Project, msgstr: str) -> None:
    po = polib.pofile(str(_catalog(project)))
    po.find("Hello.").msgstr = msgstr
    _catalog(project).write_text(format_po(po), encoding="utf-8")


def _break(project: Project) -> None:
    """Save the catalogue as a translator half-way through typing a msgstr."""
    path = _catalog(project)
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r'(msgid "Hello\."\nmsgstr ")[^\n]*', r"\1Hal", text)
    assert broken != text
    path.write_text(broken, encoding="utf-8")


class _Stream:
    """A raw client of the event stream."""

    def __init__(self, port: int, headers: bytes = b"") -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        request = b"GET /__booklet/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n" % port
        self.connection.sendall(request + headers + b"\r\n")
        self.buffer = b""

    def read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = self.connection.recv(4096)
            if not chunk:
                raise AssertionError(f"stream ended before {marker!r}: {self.buffer!r}")
            self.buffer += chunk
        found, _, self.buffer = self.buffer.partition(marker)
        return found + marker

    def read_event(self) -> str:
        """The next data line, skipping comments and fields."""
        while True:
            block = self.read_until(b"\n\n").decode("utf-8")
            data = [line[6:] for line in block.splitlines() if line.startswith("data: ")]
            if data:
                return "\n".join(data)

    def read_to_end(self) -> bytes:
        """Whatever is left until the server closes the connection."""
        while chunk := self.connection.recv(4096):
            self.buffer += chunk
        rest, self.buffer = self.buffer, b""
        return rest

    def close(self) -> None:
        self.connection.close()


def test_serves_the_edition_the_script_and_nothing_outside(project: Project) -> None:
    (project.root / "pyproject.toml").write_text(
        (project.root / "pyproject.toml").read_text(encoding="utf-8") + "# secret-marker\n", encoding="utf-8"
    )
    with running(project) as server:
        assert server.url.startswith("http://127.0.0.1:")

        status, headers, page = _get(server.url + "de/a.html")
        assert status == 200
        assert 'class="i18n-untranslated"' in page
        assert 'data-i18n="locales/de/LC_MESSAGES/a.po:' in page
        assert page.count("assets/preview.js") == 1  # the template's tag, none added
        assert headers["Cache-Control"] == "no-store"

        status, headers, script = _get(server.url + "assets/preview.js")
        assert status == 200
        assert headers["Content-Type"].startswith("text/javascript")
        assert "EventSource" in script

        status, _, index = _get(server.url + "index.html")
        assert status == 200 and '<script src="/assets/preview.js" defer>' in index  # added: the index has none

        # The output folder holds a link out of it, as a careless deploy script might leave.
        (project.output / "html" / "leak").symlink_to(project.root)
        for target in (
            b"/../pyproject.toml",
            b"/%2e%2e/pyproject.toml",
            b"/../../pyproject.toml",
            b"/%2e%2e/%2e%2e/pyproject.toml",
            b"/..%2f..%2fpyproject.toml",
            b"/de/../../../pyproject.toml",
            b"/leak/pyproject.toml",
        ):
            response = _request(server.port, target)
            assert _status(response) in (400, 404), (target, response[:100])
            assert b"secret-marker" not in response and b"[tool.booklet]" not in response, target


def test_event_stream_reports_rebuilds_and_failures(project: Project) -> None:
    with running(project) as server:
        stream = _Stream(server.port)
        try:
            head = stream.read_until(b"\r\n\r\n").decode("ascii")
            assert head.startswith("HTTP/1.0 200")
            assert "Content-Type: text/event-stream" in head

            _translate(project, "Hallo.")
            assert stream.read_event() == "reload"
            assert ">Hallo.</p>" in _get(server.url + "de/a.html")[2]

            _break(project)
            event = stream.read_event()
            assert event.startswith("error locales/de/LC_MESSAGES/a.po:"), event
            assert "\n" not in event
            # Still serving, and still the last good page.
            status, _, page = _get(server.url + "de/a.html")
            assert status == 200 and ">Hallo.</p>" in page
            errors = [line for line in server.log if line.startswith("error: ")]
            assert len(errors) == 1 and errors[0].startswith("error: locales/de/LC_MESSAGES/a.po:")

            # A page opened now learns about the failure at once.
            late = _Stream(server.port)
            try:
                assert late.read_event() == event
            finally:
                late.close()

            _translate(project, "Hallo!")
            assert stream.read_event() == "reload"
        finally:
            stream.close()


def test_with_pdf_a_saved_catalogue_rebuilds_its_booklet(project: Project) -> None:
    from .conftest import run_tool

    with running(project, pdf=True) as server:
        stream = _Stream(server.port)
        try:
            stream.read_until(b"\r\n\r\n")
            assert 'href="a.pdf"' in _get(server.url + "de/a.html")[2]
            booklet = project.output / "html" / "de" / "a.pdf"
            english = (project.output / "html" / "en" / "a.pdf").stat().st_mtime_ns
            _translate(project, "Hallo, Welt.")
            assert stream.read_event() == "reload"
            assert "Hallo, Welt." in run_tool("pdftotext", str(booklet), "-").stdout
            assert (project.output / "html" / "en" / "a.pdf").stat().st_mtime_ns == english  # not rendered again
        finally:
            stream.close()


def test_configuration_saved_by_renaming_is_seen_every_time(project: Project) -> None:
    config = project.root / "pyproject.toml"
    good = config.read_text(encoding="utf-8")

    def save(text: str) -> None:  # as most editors do: a new file renamed over the old one
        temporary = config.with_name(".pyproject.toml.new")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, config)

    with running(project) as server:
        stream = _Stream(server.port)
        try:
            save(good + 'fuzzy = "maybe"\n')
            event = stream.read_event()
            assert event.startswith("error ") and "fuzzy" in event, event
            save(good)
            assert stream.read_event() == "reload"
            save(good.replace('languages = ["de"]', 'languages = ["de", "fr"]'))
            event = stream.read_event()
            assert event.startswith("error locales/fr/LC_MESSAGES/a.po: no catalogue"), event
        finally:
            stream.close()


def test_answers_only_its_own_host_names(project: Project) -> None:
    with running(project) as server:
        port = server.port
        for host in (b"127.0.0.1:%d", b"localhost:%d", b"[::1]:%d", b"LocalHost:%d"):
            response = _request(port, b"/de/a.html", host)
            assert _status(response) == 200 and b"Hello." in response, host

        # What a page of another site gets after pointing its own name at
        # 127.0.0.1 (DNS rebinding), or a client that names nothing.
        for host in (
            b"evil.example:%d",
            b"evil.example",
            b"127.0.0.1",  # the port is not 80
            b"localhost",
            b"127.0.0.1:1",
            b"127.0.0.1:%d.evil.example",
            b"localhost.:%d",
            b"127.0.0.1:%d\r\nHost: evil.example",  # two of them
            b"",
            None,
        ):
            for target in (b"/de/a.html", b"/", b"/assets/preview.js", b"/__booklet/events"):
                response = _request(port, target, host)  # read to the end: nothing is held open
                head, _, body = response.partition(b"\r\n\r\n")
                assert _status(response) in (403, 421), (host, target, response[:200])
                assert b"Content-Type: text/plain" in head, (host, target, head)
                assert len(body) < 100 and b"Hello" not in body and b"EventSource" not in body, (host, target, body)
                assert b"event-stream" not in response and b"retry:" not in response, (host, target)


def test_a_folders_index_is_served_only_from_inside_the_output(project: Project) -> None:
    html = project.output / "html"
    secret = project.root.parent / "secret.html"  # outside the project, let alone its output
    secret.write_text("<html><head></head><body>secret-marker</body></html>\n", encoding="utf-8")
    with running(project) as server:
        # A careless deploy script's links, as a folder's index: both names a folder is looked up by.
        for folder, index in (("x", "index.html"), ("y", "index.htm")):
            (html / folder).mkdir()
            (html / folder / index).symlink_to(secret)
        for target in (b"/x/", b"/y/", b"/x/index.html", b"/y/index.htm", b"/x/?q", b"/%78/"):
            response = _request(server.port, target)
            assert _status(response) == 404, (target, response[:100])
            assert b"secret-marker" not in response, target

        # A folder's index inside the output is still served, links in it included.
        (html / "z").mkdir()
        (html / "z" / "index.html").symlink_to(html / "de" / "a.html")
        for target in (b"/", b"/z/"):
            response = _request(server.port, target)
            assert _status(response) == 200 and b"/assets/preview.js" in response, target
        assert _status(_request(server.port, b"/z")) == 301  # the folder's address ends with "/"


def test_malformed_paths_get_an_answer_not_a_traceback(project: Project, capfd: pytest.CaptureFixture[str]) -> None:
    with running(project) as server:
        capfd.readouterr()
        for target in (
            b"/%00",
            b"/de/%00.html",
            b"/de/a.html%00",
            b"/%00/",
            b"/%ed%a0%80",  # an encoded surrogate
            b"/%ff",
            b"/%c3",
            b"/%",
            b"/%zz",
            b"/de/%0",
            b"/de/\x01a.html",
            b"/%0a",
            b"/__booklet/events%00",
            b"/assets/preview.js%00",
            b"http://[x/",
            b"http://evil.example/de/a.html",
            b"*",
        ):
            response = _request(server.port, target)
            assert _status(response) in (400, 404), (target, response[:100])
            assert b"Traceback" not in response, target
        assert _status(_request(server.port, b"/de/a.html")) == 200  # still serving
        captured = capfd.readouterr()
    assert "Traceback" not in captured.out + captured.err, captured.err[-2000:]
    assert not [line for line in server.log if "request" in line], server.log


def test_event_streams_are_bounded_and_the_backlog_is_not_tiny(project: Project) -> None:
    from pipeline.serve import MAX_STREAMS, _Server

    assert _Server.request_queue_size >= 128
    with running(project) as server:
        streams: list[_Stream] = []
        try:
            for _ in range(MAX_STREAMS):
                streams.append(_Stream(server.port))
                assert streams[-1].read_until(b"\r\n\r\n").startswith(b"HTTP/1.0 200"), len(streams)

            # One more is told to come back later, at once, and not kept open.
            extra = _Stream(server.port)
            try:
                head = extra.read_until(b"\r\n\r\n")
                body = extra.read_to_end()
            finally:
                extra.close()
            assert _status(head) == 503, head
            assert re.search(rb"\r\nRetry-After: \d+\r\n", head), head
            assert b"event-stream" not in head and len(body) < 100, (head, body)

            # Another site's page is turned away before it can take a place.
            foreign = _Stream(server.port, b"Origin: http://evil.example\r\n")
            try:
                assert _status(foreign.read_until(b"\r\n\r\n")) == 403
            finally:
                foreign.close()

            assert _status(_request(server.port, b"/de/a.html")) == 200  # pages are still served

            # A closed page gives its place back.
            streams.pop().close()
            for _ in range(100):
                again = _Stream(server.port)
                if _status(again.read_until(b"\r\n\r\n")) == 200:
                    streams.append(again)
                    break
                again.close()
                time.sleep(0.1)
            assert len(streams) == MAX_STREAMS, "the closed stream's place was never given back"
            # And the open ones still hear of rebuilds.
            _translate(project, "Hallo.")
            assert streams[0].read_event() == "reload"
            assert streams[-1].read_event() == "reload"
        finally:
            for stream in streams:
                stream.close()


@pytest.fixture(scope="module")
def browser():
    chromium = need_tool("chromium")
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed (make test installs it)")
        pytest.skip("playwright is not installed (make test installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def open_page(browser, url: str) -> Iterator[tuple[object, list[str]]]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        page.wait_for_function(LIVE, timeout=3000)
        yield page, errors
    finally:
        page.close()


def test_open_page_reloads_within_a_second_of_a_save(project: Project, browser) -> None:
    with running(project) as server, open_page(browser, server.url + "de/a.html") as (page, errors):
        assert "Hallo." not in page.content()
        _translate(project, "Hallo.")
        saved = time.perf_counter()
        page.wait_for_function(f"() => ({LIVE})() && document.body.textContent.includes('Hallo.')", timeout=3000)
        latency = time.perf_counter() - saved
        print(f"\nreload latency: {latency * 1000:.0f} ms")
        assert latency < 1.5
        assert errors == []


def test_broken_catalogue_shows_a_banner_until_it_is_fixed(project: Project, browser) -> None:
    with running(project) as server, open_page(browser, server.url + "de/a.html") as (page, errors):
        _break(project)
        banner = page.wait_for_selector("#booklet-error", timeout=3000)
        assert "locales/de/LC_MESSAGES/a.po:" in banner.text_content()
        assert banner.get_attribute("role") == "alert"
        # The server is still up; a reload shows the last good page, and the banner again.
        page.reload()
        page.wait_for_selector("#booklet-error", timeout=3000)
        assert "Hello." in page.text_content("article")

        _translate(project, "Hallo.")
        page.wait_for_function(f"() => ({LIVE})() && document.body.textContent.includes('Hallo.')", timeout=3000)
        assert page.query_selector("#booklet-error") is None
        assert errors == []


def _serve_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("booklet-serve")}


def test_stop_closes_the_port_and_leaves_no_thread(project: Project) -> None:
    before = set(threading.enumerate())
    with running(project) as server:
        port = server.port
        stream = _Stream(port)  # an open event stream...
        stream.read_until(b"\r\n\r\n")
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)  # ...and a client that never speaks
        time.sleep(0.2)
        assert _serve_threads()
    try:
        stream.connection.settimeout(2)
        while stream.connection.recv(4096):  # ended by the server (a timeout here: left hanging)
            pass
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        assert set(threading.enumerate()) - before == set()
        assert _serve_threads() == set()
    finally:
        stream.close()
        idle.close()


def test_ctrl_c_stops_it_as_cleanly(project: Project) -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is handled by someone else here")
    before = set(threading.enumerate())
    urls: list[str] = []

    def ready(url: str) -> None:
        urls.append(url)
        signal.raise_signal(signal.SIGINT)  # what Ctrl-C does, in the main thread serve() runs in

    serve(project, port=0, ready=ready, log=lambda line: None)  # returns instead of raising
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", urlsplit(urls[0]).port), timeout=2).close()
    assert set(threading.enumerate()) - before == set()


def test_a_book_is_served_and_a_saved_chapter_translation_reloads_it(tmp_path) -> None:
    """serve works for books as for documents: chapter pages, their search
    bundle, and a rebuild when the book's catalogue is saved."""
    import shutil

    from .conftest import REPO

    root = tmp_path / "tidebook"
    shutil.copytree(REPO / "tests/fixtures/tidebook", root)
    project = load_project(root)
    with running(project) as server:
        status, _, page = _get(server.url + "de/guide/basics/kit.html")
        assert status == 200 and "Trag Schuhe" in page and 'class="book-nav"' in page
        assert _get(server.url + "pagefind/pagefind-entry.json")[0] == 200
        stream = _Stream(server.port)
        try:
            stream.read_until(b"\r\n\r\n")
            path = project.po_path("de", "guide")
            po = polib.pofile(str(path))
            po.find("Wear shoes with a firm grip: wet rock is slippery.").msgstr = "Trag feste Schuhe: Nasser Fels ist rutschig."
            path.write_text(format_po(po), encoding="utf-8")
            assert stream.read_event() == "reload"
            assert "Trag feste Schuhe" in _get(server.url + "de/guide/basics/kit.html")[2]
        finally:
            stream.close()


def test_a_check_error_never_blocks_the_preview(make_project) -> None:
    """One figure changed (147 -> 148) froze the language's preview; now the
    latest text is shown, each block with all its findings beside it, a fuzzy
    block with the translation under review and how its source changed."""
    from pipeline.build import build

    source = "# Title\n\nThus, 147 people were killed.\n\nAmong them 8 children and 3 women.\n\nThe old quay is the first.\n"
    root = make_project({"source/a.md": source}, languages=("de",))
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")
    po = polib.pofile(str(path))
    po.find("Thus, 147 people were killed.").msgstr = "So wurden 148 Menschen getötet."
    po.find("Among them 8 children and 3 women.").msgstr = "Darunter 9 Kinder und 4 Frauen."
    fuzzy = po.find("The old quay is the first.")
    fuzzy.msgstr = "Der alte Kai war der erste."
    fuzzy.flags.append("fuzzy")
    fuzzy.previous_msgid = "The old quay was the first."
    path.write_text(format_po(po), encoding="utf-8")

    assert build(project, languages=["de"], formats=["html"]).failures  # the publishing build refuses it
    report = build(project, languages=["de"], formats=["html"], preview=True)
    assert not report.failures, [str(f) for f in report.failures]
    page = (root / "output/html/de/a.html").read_text(encoding="utf-8")
    shown = page.replace("\u00a0", " ")  # typography binds a number to its word
    assert "So wurden 148 Menschen getötet." in shown and "Darunter 9 Kinder und 4 Frauen." in shown
    notes = re.findall(r'class="([^"]*)"[^>]*data-i18n-notes="([^"]*)"', page)
    errors = [(classes, text) for classes, text in notes if "i18n-error" in classes]
    assert len(errors) == 2 and all(text.startswith("error [figures]") for _, text in errors)
    second = errors[1][1]
    assert "9" in second and "4" in second  # all its findings, not the first
    assert "Der alte Kai war der erste." in page  # the translation under review, not the English
    (fuzzy_note,) = [text for classes, text in notes if "i18n-fuzzy" in classes]
    assert fuzzy_note == "source changed: The old quay [-was-] {+is+} the first."  # the fuzzy mark says the rest
    # The preview's own words are not strings translators get in the publication's catalogues.
    pot = (root / "locales/templates.pot").read_text(encoding="utf-8")
    assert "Needs review" not in pot and "needs review" not in pot and "check error" not in pot


def test_in_chromium_a_check_error_never_freezes_the_preview(make_project, browser) -> None:
    """What a translator sees in `booklet serve`: a figure changed (147 -> 148)
    is shown with its finding and a label beside it, and an edit saved after
    it appears all the same; a fuzzy block shows the translation under review."""
    root = make_project({"source/a.md": "# T\n\nThus, 147 people were killed.\n\nHello.\n\nThe old quay is the first.\n"}, languages=("de",))
    project = load_project(root)
    init(project, ["de"])
    path = project.po_path("de", "a")

    def save(**translations: str) -> None:
        po = polib.pofile(str(path))
        for msgid, msgstr in translations.items():
            po.find(msgid).msgstr = msgstr
        quay = po.find("The old quay is the first.")
        quay.msgstr, quay.previous_msgid = "Der alte Kai war der erste.", "The old quay was the first."
        quay.flags = ["fuzzy"]
        path.write_text(format_po(po), encoding="utf-8")

    with running(project) as server, open_page(browser, server.url + "de/a.html") as (page, errors):
        save(**{"Thus, 147 people were killed.": "So wurden 148 Menschen getötet."})
        page.wait_for_function(f"() => ({LIVE})() && document.body.textContent.includes('148')", timeout=5000)
        save(**{"Thus, 147 people were killed.": "So wurden 148 Menschen getötet.", "Hello.": "Hallo."})
        page.wait_for_function(f"() => ({LIVE})() && document.body.textContent.includes('Hallo.')", timeout=5000)
        label, note = page.evaluate(
            """() => {
                const block = document.querySelector('article.text .i18n-error');
                return [getComputedStyle(block, '::before').content, getComputedStyle(block, '::after').content];
            }"""
        )
        assert label == '"check error"' and "[figures]" in note and "148" in note, (label, note)
        fuzzy = page.locator("article.text .i18n-fuzzy")
        assert "Der alte Kai war der erste." in fuzzy.inner_text()
        assert page.evaluate("getComputedStyle(document.querySelector('article.text .i18n-fuzzy'), '::before').content") == '"needs review"'
        assert errors == []
