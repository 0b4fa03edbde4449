"""Shared fixtures: the GNU and poppler tools as oracles, and small project trees."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The seed text of the first publication, as handed to us (a verbatim copy of
#: shared/seeds/000_a0f6d3f7317fb6b0.txt, so the tests do not depend on where
#: the repo is cloned; test_publication checks the copy against the original
#: when it is there).
SEED = REPO / "tests" / "fixtures" / "seed.txt"
SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_a0f6d3f7317fb6b0.txt"

#: Debian's Chromium, headless, as root, on a machine with no network but the
#: package registries: without the background-networking switches it keeps
#: trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_tool(name: str) -> str:
    """The path of an external tool. Missing: a failure under CI=true, a skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (make test installs it: apt-get install gettext poppler-utils chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def run_tool(*args: str, input: str | bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    need_tool(args[0])
    return subprocess.run(
        list(args), input=input, capture_output=True, check=check, text=not isinstance(input, bytes)
    )


@pytest.fixture
def make_project(tmp_path: Path):
    """Write a project tree from {relative path: text} and return its root."""

    def make(files: dict[str, str], *, languages: tuple[str, ...] = ("de",), extra: str = "") -> Path:
        root = tmp_path / "project"
        config = textwrap.dedent(
            f"""\
            [project]
            name = "sample"
            version = "1.0"

            [tool.booklet]
            languages = {list(languages)!r}
            """
        ).replace("'", '"') + extra
        (root / "source").mkdir(parents=True, exist_ok=True)
        (root / "pyproject.toml").write_text(config, encoding="utf-8")
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@contextlib.contextmanager
def static_server(folder: Path):
    """``folder`` over HTTP on 127.0.0.1, as a static host would serve it; yields its URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, driven by Playwright."""
    chromium = need_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A browser tab that records console errors, page errors and failed requests."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.console_errors = errors
    yield page
    context.close()
