"""`outreach serve`, driven as a person uses it: started in a terminal, opened over HTTP, edited,
broken, fixed and stopped with Ctrl-C.

Each test starts the real command in its own process on a free port (`--port 0`) and reads what
it prints. Waits poll with generous bounds: the machine may be busy, and the bounds are there
to end a test that hangs, not to measure speed (benchmarks/serve_bench.py does that).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from unittest import mock

import pytest
from helpers import REPO, copy_sample_kit
from playwright.sync_api import Browser
from pypdf import PdfReader
from typer.testing import CliRunner
from watchfiles import Change

from outreach.cli import app
from outreach.errors import Problem
from outreach.kit.config import load_config
from outreach.serve import ServeOptions
from outreach.serve.live import LiveState, PdfStatus, box, inject
from outreach.serve.watch import EVERYTHING, Scope, is_input, scope_of

T = TypeVar("T")
BOUND = 60.0  # seconds: longer than any wait should take, even on a busy machine
MESSAGE = "messages/community/health-care-for-your-whole-family.md"
FLYER = "en/community/health-care-for-your-whole-family.pdf"
CATALOG = "translations/es/LC_MESSAGES/messages.po"
TITLE = "Health care is for your whole family"
SPANISH_TITLE = "La atención médica es para toda su familia"
KEPT = {"community/health-care-for-your-whole-family.md",
        "decision-makers/covering-everyone-protects-public-health.md"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One render cache for the module: each test's kit starts from the same files."""
    return tmp_path_factory.mktemp("serve-cache")


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """The sample kit in English and Spanish, with one message per audience."""
    kit = copy_sample_kit(tmp_path / "kit")
    for path in (kit / "messages").rglob("*.md"):
        if path.relative_to(kit / "messages").as_posix() not in KEPT:
            path.unlink()
    settings = kit / "outreach.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^languages = .*$", 'languages = ["en", "es"]', text),
                        encoding="utf-8")
    return kit


class Served:
    """One `outreach serve` process and what it printed."""

    def __init__(self, kit: Path, *args: str) -> None:
        self.kit = kit
        self.process = subprocess.Popen(
            [sys.executable, "-m", "outreach", "serve", "--kit", str(kit), "--port", "0",
             *args], cwd=kit, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO), "CI": "1"})
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()
        found = self.wait(lambda: _first(r"Serving the kit at (\S+) ", self.out),
                          "the URL to open")
        self.url = found.group(1)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def get(self, path: str) -> tuple[int, str]:
        status, data = self.get_bytes(path)
        return status, data.decode("utf-8")

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=BOUND) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def state(self, page: str) -> dict:
        return json.loads(self.get(f"/__outreach__/state?page={page}")[1])

    def page_shows(self, page: str, text: str) -> str | None:
        status, html = self.get(page)
        return html if status == 200 and text in html else None

    def wait(self, found: Callable[[], T | None], what: str, bound: float = BOUND) -> T:
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            result = found()
            if result:
                return result
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {what} within {bound:.0f} s; serve printed:\n"
                             + "".join(self.out + self.err))

    def children(self) -> set[int]:
        found: set[int] = set()
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            try:
                found.update(int(pid) for pid in (task / "children").read_text().split())
            except OSError:
                continue
        return found

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=BOUND)


def _collect(stream: io.TextIOBase, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def _first(pattern: str, lines: list[str]) -> re.Match[str] | None:
    return next((m for line in list(lines) if (m := re.search(pattern, line))), None)


@pytest.fixture
def serve(kit: Path, cache: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str, folder: Path = kit, shared_cache: bool = True) -> Served:
        extra = ("--cache", str(cache)) if shared_cache else ()
        started.append(Served(folder, "--jobs", "1", *extra, *args))
        return started[-1]

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()


def edit(kit: Path, path: str, old: str, new: str) -> None:
    file = kit / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def as_built(html: str) -> str:
    """A served page without what serve adds to it."""
    return re.sub(r'<link rel="stylesheet" href="/__outreach__/live.css">.*</script>\n', "",
                  html, flags=re.S)


def pdf_text(data: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


# --- the authoring loop ------------------------------------------------------------------------


def test_an_edit_shows_in_its_page_and_then_in_its_flyer(serve: Callable[..., Served],
                                                         kit: Path) -> None:
    served = serve()
    assert served.url.startswith("http://127.0.0.1:")
    status, home = served.get("/")
    assert status == 200 and "Every family belongs here" in home
    assert served.page_shows("en/community.html", TITLE)
    spanish = as_built(served.get("es/community.html")[1])

    edit(kit, MESSAGE, f"title: {TITLE}", "title: Care for every person in your family")
    served.wait(lambda: served.page_shows("en/community.html", "Care for every person"),
                "edited web page")
    served.wait(lambda: served.state("en/community.html")["pdfs"] == "ready", "PDFs")
    flyer = pdf_text(served.get_bytes(FLYER)[1])
    assert "Care for every person in your family" in flyer
    # Its reviewed translation, kept as it was.
    assert as_built(served.get("es/community.html")[1]) == spanish
    printed = "".join(served.out)
    assert f"Changed: {MESSAGE}\n" in printed
    assert "Web pages: rebuilt en/community.html, index.html (" in printed
    assert "Waiting for translation: es (1 string); reviewed files stay until then" in printed


def test_served_pages_carry_the_live_script_and_files_on_disk_do_not(
        serve: Callable[..., Served], kit: Path, cache: Path) -> None:
    served = serve()
    html = served.get("en/community.html")[1]
    assert html.count('<script src="/__outreach__/live.js"></script>') == 1
    assert re.search(r'<div id="outreach-live"[^>]* data-page="en/community.html" '
                     r'data-version="[0-9a-f]{16}">', html)
    assert html.index("outreach-live") > html.index("</footer>")  # at the end of the body
    status, script = served.get("/__outreach__/live.js")
    assert status == 200 and "EventSource" in script
    served.wait(lambda: served.state("en/community.html")["pdfs"] == "ready", "PDFs")
    written = [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".html", ".css")]
    assert any(p.name == "community.html" for p in written)
    assert not any(b"__outreach__" in p.read_bytes() for p in written)
    assert not (kit / "build").exists()  # serve never writes the published kit


def test_what_serve_never_serves(serve: Callable[..., Served]) -> None:
    served = serve()
    assert served.get("/.outreach/build.json")[0] == 404  # the build's own state
    assert served.get("/manifest.json")[0] == 200
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=BOUND)
    connection.request("GET", "/../outreach.toml")  # sent as it is, unlike a browser would
    assert connection.getresponse().status == 404
    status, missing = served.get("/en/no-such-page.html")
    assert status == 404 and "/__outreach__/live.js" in missing  # shows up once it is built
    assert served.get("/en/no-such-flyer.pdf")[0] == 404


def test_an_open_page_hears_when_its_version_changes(serve: Callable[..., Served],
                                                     kit: Path) -> None:
    served = serve()
    # Once the PDFs are there: the first pages link to them only then.
    served.wait(lambda: served.state("en/community.html")["pdfs"] == "ready", "PDFs")
    version = served.state("en/community.html")["version"]
    other = served.state("en/decision-makers.html")["version"]
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=BOUND)
    connection.request("GET", "/__outreach__/events?page=en/community.html")
    stream = connection.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream; charset=utf-8"
    first = _next_event(stream)
    assert first["version"] == version

    edit(kit, MESSAGE, "close to home", "close to home, any day")
    changed = _next_event(stream)
    while changed["version"] == version:
        changed = _next_event(stream)
    assert served.page_shows("en/community.html", "close to home, any day")
    # Another page's version stays: it is not reloaded for an edit it does not show.
    assert served.state("en/decision-makers.html")["version"] == other


def _next_event(stream: http.client.HTTPResponse) -> dict:
    data = None
    while True:
        line = stream.readline().decode("utf-8")
        if line.startswith("data: "):
            data = json.loads(line[len("data: "):])
        elif line == "\n" and data is not None:
            return data


def test_a_broken_edit_shows_its_error_and_keeps_the_last_good_page(
        serve: Callable[..., Served], kit: Path) -> None:
    served = serve()
    edit(kit, MESSAGE, f"title: {TITLE}", 'title: "Care for every family')  # no closing quote

    html = served.wait(lambda: served.page_shows("en/community.html", "outreach-live-error"),
                       "error box")
    assert re.search(rf"error: {re.escape(MESSAGE)}:\d+: invalid YAML front matter", html)
    assert TITLE in html  # the last page that built, still served
    # The terminal hears of it too (read by another thread, so it may come a moment later).
    served.wait(lambda: any(line.startswith(f"error: {MESSAGE}:") for line in served.err),
                "the error in the terminal")
    assert served.state("index.html")["problems"]

    edit(kit, MESSAGE, 'title: "Care for every family', "title: Care for every family")
    served.wait(lambda: served.state("en/community.html")["problems"] == [], "recovery")
    html = served.get("en/community.html")[1]
    assert "Care for every family" in html and "outreach-live-error" not in html


def test_text_quoted_in_an_error_is_never_markup(serve: Callable[..., Served],
                                                 kit: Path) -> None:
    served = serve()
    edit(kit, MESSAGE, "order: 1", 'order: 1\n"<img src=x onerror=alert(1)>": yes')
    html = served.wait(lambda: served.page_shows("en/community.html", "outreach-live-error"),
                       "error box")
    assert "unknown front-matter key &#x27;&lt;img src=x onerror=alert(1)&gt;&#x27;" in html
    assert "<img src=x" not in html


def test_catalogs_templates_settings_and_pictures_are_watched(serve: Callable[..., Served],
                                                     kit: Path) -> None:
    shutil.rmtree(kit / "templates")  # made while serve runs, below
    served = serve()
    edit(kit, CATALOG, f'msgstr "{SPANISH_TITLE}"', 'msgstr "La salud es para toda la familia"')
    served.wait(lambda: served.page_shows("es/community.html", "La salud es para toda"),
                "edited translation")
    # Only Spanish needed building.
    assert served.wait(lambda: _first(r"Web pages: rebuilt es/community\.html(, index\.html)? \(",
                                      served.out), "report of the Spanish pages")

    stylesheet = kit / "templates" / "assets" / "kit.css"
    stylesheet.parent.mkdir(parents=True)
    stylesheet.write_text(".message { outline: 1px solid; }\n", encoding="utf-8")
    served.wait(lambda: served.page_shows("assets/kit.css", "outline: 1px solid"),
                "the kit's own stylesheet")
    stylesheet.write_text(".message { outline: 2px dashed; }\n", encoding="utf-8")
    served.wait(lambda: served.page_shows("assets/kit.css", "outline: 2px dashed"),
                "the stylesheet edited in a folder that serve started without")

    edit(kit, "outreach.toml", "(555) 010-0199", "(555) 010-0123")
    served.wait(lambda: served.page_shows("en/decision-makers.html", "(555) 010-0123"),
                "new phone number from outreach.toml")

    logo = kit / "images" / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", "<!-- v2 --></svg>"),
                    encoding="utf-8")
    served.wait(lambda: served.page_shows("assets/kit/images/logo.svg", "<!-- v2 -->"),
                "the brand's logo, edited in a folder of its own")


def test_open_pages_reload_by_themselves_and_show_what_broke(serve: Callable[..., Served],
                                                             kit: Path, browser: Browser) -> None:
    served = serve()
    served.wait(lambda: served.state("en/community.html")["pdfs"] == "ready", "PDFs")
    context = browser.new_context()
    try:
        page, other = context.new_page(), context.new_page()
        page.goto(served.url + "en/community.html")
        other.goto(served.url + "en/decision-makers.html")
        other.evaluate("window.stillTheSamePage = true")
        wait_ms = BOUND * 1000

        edit(kit, MESSAGE, f"title: {TITLE}", "title: Care for every person in your family")
        page.get_by_text("Care for every person in your family").first.wait_for(
            timeout=wait_ms)
        page.get_by_text("The PDFs are ready.").wait_for(timeout=wait_ms)
        assert other.evaluate("window.stillTheSamePage === true")  # not reloaded

        edit(kit, MESSAGE, "title: Care", 'title: "Care')
        error = page.locator(".outreach-live-error")
        error.wait_for(timeout=wait_ms)
        assert re.search(rf"error: {re.escape(MESSAGE)}:\d+: invalid YAML", error.inner_text())
        assert page.get_by_text("Care for every person in your family").first.is_visible()

        edit(kit, MESSAGE, 'title: "Care for every person in your family',
             "title: Care for all of your family")
        page.get_by_text("Care for all of your family").first.wait_for(timeout=wait_ms)
        assert page.locator(".outreach-live-error").count() == 0
    finally:
        context.close()


# --- the network and the process ---------------------------------------------------------------


def listening(port: int) -> set[str]:
    """The local addresses a socket listens on at `port`, as the kernel lists them."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6,
                                           _unhex(address)))
    return found


def _unhex(address: str) -> bytes:
    # /proc prints each 32-bit word of the address in the machine's byte order.
    words = [bytes.fromhex(address[i:i + 8]) for i in range(0, len(address), 8)]
    return b"".join(word[::-1] if sys.byteorder == "little" else word for word in words)


def test_nothing_listens_beyond_loopback_unless_host_says_so(
        serve: Callable[..., Served]) -> None:
    served = serve()
    assert listening(served.port) == {"127.0.0.1"}
    assert "listens on every network" not in "".join(served.out)
    served.interrupt()

    everywhere = serve("--host", "0.0.0.0")
    assert listening(everywhere.port) == {"0.0.0.0"}
    assert "It listens on every network this machine is on" in "".join(everywhere.out)


def test_ctrl_c_stops_serve_and_its_workers_at_once(serve: Callable[..., Served],
                                                    tmp_path: Path) -> None:
    # A cache of its own, so that its workers are busy rendering when Ctrl-C comes.
    served = serve("--jobs", "2", "--cache", str(tmp_path / "cold-cache"), shared_cache=False)
    workers = served.wait(lambda: served.children() if len(served.children()) >= 2 else None,
                          "render workers")
    started = time.monotonic()
    assert served.interrupt() == 0
    assert time.monotonic() - started < 10  # generous: it ends at once, not after the PDFs
    assert "".join(served.out).endswith("Stopped.\n")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_bad_input_is_one_line_and_status_2(serve: Callable[..., Served], kit: Path,
                                            cache: Path, tmp_path: Path) -> None:
    def run(*args: str, cwd: Path = kit) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "outreach", "serve", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=BOUND,
                              env={**os.environ, "PYTHONPATH": str(REPO)})

    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(cwd=empty)
    assert result.returncode == 2
    assert result.stderr == "error: outreach.toml: not found; run this in a kit folder, pass " \
                            "--kit, or start one with 'outreach new DIR'\n"

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--port", str(port))
    assert result.returncode == 2
    assert result.stderr == f"error: --port: port {port} is in use; stop what uses it or " \
                            "choose another --port N\n"

    result = run("--host", "no-such-host.invalid")
    assert result.returncode == 2 and result.stderr.startswith("error: --host: ")

    serve()  # the first serve of the kit is running: a second would share its folder
    result = run("--port", "0", "--cache", str(cache))
    assert result.returncode == 2
    assert "another 'outreach serve' is already previewing this kit" in result.stderr


def test_serve_options_map_onto_the_library(tmp_path: Path) -> None:
    with mock.patch("outreach.serve.serve") as run:
        result = CliRunner().invoke(app, ["serve", "--kit", str(tmp_path), "--port", "9000",
                                          "--host", "0.0.0.0", "-j", "3", "--allow-partial",
                                          "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    kit, options = run.call_args.args
    assert kit == tmp_path
    assert options == ServeOptions(host="0.0.0.0", port=9000, jobs=3, allow_partial=True,
                                   cache=tmp_path / "c")
    with mock.patch("outreach.serve.serve", side_effect=KeyboardInterrupt):
        result = CliRunner().invoke(app, ["serve", "--kit", str(tmp_path)])
    assert result.exit_code == 0 and result.output == "Stopped.\n"


# --- the pieces --------------------------------------------------------------------------------


def test_a_catalog_edit_builds_its_language_alone(kit: Path) -> None:
    config = load_config(kit)
    catalog = config.catalog_path(config.language("es"))
    assert scope_of({catalog}, config) == Scope(languages=frozenset({"es"}))
    assert scope_of({catalog, kit / MESSAGE}, config) == EVERYTHING
    assert scope_of({kit / "outreach.toml"}, config) == EVERYTHING
    assert scope_of({config.template_path}, config) == Scope()  # no build reads it
    assert not Scope() and Scope() | Scope(languages=frozenset({"es"}))
    assert scope_of({catalog}, None) == EVERYTHING  # the settings do not read: rebuild all


def test_only_files_a_build_reads_are_changes(tmp_path: Path) -> None:
    def read(path: str) -> bool:
        return is_input(tmp_path, Change.modified, str(tmp_path / path))

    assert read("messages/community/a.md") and read("translations/es/LC_MESSAGES/messages.po")
    assert read("templates/assets/kit.css") and read("templates/flyer.html")
    # Pictures may be anywhere in the kit: the brand's logo, partners' logos, message images.
    assert read("images/logo.svg") and read("logos/eastside.PNG") and read("messages/a.jpg")
    assert not read("docs/notes.txt") and not read("images/.logo.svg.swp")
    for temporary in ("messages/community/sedAbc123", "messages/community/.a.md.swp",
                      "messages/community/a.md~", "translations/es/LC_MESSAGES/4913",
                      "templates/.git/index"):
        assert not read(temporary), temporary


def test_the_box_escapes_what_it_shows() -> None:
    shown = box(["error: x.po:3: '<script>alert(1)</script>' & more"], PdfStatus(), 0.0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown
    assert "being updated" in box([], PdfStatus(rendering=True, done=3, total=9), 0.0)
    assert box([], PdfStatus(ready_at=100.0), 101.0) == \
        '<p class="outreach-live-notice outreach-live-done">The PDFs are ready.</p>'
    assert box([], PdfStatus(ready_at=100.0), 200.0) == ""


def test_inject_adds_before_the_end_of_the_body_only() -> None:
    state = LiveState()
    state.failed([Problem("messages/a.md", "bad", 2)])
    page = b"<html><body><p>Hi</p></BODY></html>"
    added = inject(page, 'x"<.html', state)
    assert added.startswith(b"<html><body><p>Hi</p><link rel=\"stylesheet\"")
    assert added.endswith(b"</script>\n</BODY></html>")
    assert b'data-page="x&quot;&lt;.html"' in added
    assert b"error: messages/a.md:2: bad" in added
    assert inject(b"<p>no body</p>", "a.html", state).startswith(b"<p>no body</p><link")
