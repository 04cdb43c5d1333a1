"""The preview web server: the served build folder over HTTP, plus serve's own few addresses.

Files are served as the build wrote them, except that web pages get serve's notice box and
script added on the way out (`live.inject`). Under `/__outreach__/`: the script and its
stylesheet, `events` (server-sent events: a page's version, problems and notice, sent at once
and on every change) and `state` (the same, once, as JSON). Nothing else is served: no folder
listings, no hidden files (the build's lock and staging), nothing outside the folder.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import socket
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import OutreachError, Problem
from ..files import FileError, read_bytes
from .live import PREFIX, LiveState, inject

KEEP_ALIVE_SECONDS = 15.0  # an event stream sends a comment this often, to notice closed pages
RECONNECT_MS = 1000  # how soon a page's event stream reconnects after serve restarts
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json",
         ".pdf": "application/pdf", ".png": "image/png", ".svg": "image/svg+xml",
         ".woff2": "font/woff2"}
NOT_FOUND = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not "
             "built yet</title></head><body><h1>Not built yet</h1><p>The kit has no "
             "<code>{path}</code>. This page shows it as soon as a build makes it.</p>"
             "<p><a href=\"/\">The kit's home page</a></p></body></html>\n")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams never keep serve from stopping
    block_on_close = False

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, folder: Path,
                 state: LiveState) -> None:
        self.address_family = family
        self.folder = folder
        self.state = state
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__(address, Handler)

    def start(self) -> None:
        """Answer requests from a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True, name="outreach-serve-http")
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1" if host == "0.0.0.0" else "::1"
        return f"http://[{host}]:{port}/" if ":" in str(host) else f"http://{host}:{port}/"

    @property
    def everywhere(self) -> bool:
        """Whether other machines can reach it (it listens on every address)."""
        return self.server_address[0] in ("0.0.0.0", "::")

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()  # waits for serve_forever, so only once it has been started
        self.server_close()


def open_server(host: str, port: int, folder: Path, state: LiveState) -> PreviewServer:
    """Listen on `host`:`port` (port 0: any free port); raise `OutreachError` if it cannot."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise OutreachError(Problem("--host", f"{host!r} is not an address of this machine; "
                                    "use 127.0.0.1 (this machine only, the default) or "
                                    "0.0.0.0 (every network it is on)")) from None
    family, _, _, _, address = found[0]
    try:
        return PreviewServer((address[0], address[1]), family, folder, state)
    except OSError as exc:
        if exc.errno in (98, 48):  # EADDRINUSE on Linux, macOS
            message = f"port {port} is in use; stop what uses it or choose another --port N"
            raise OutreachError(Problem("--port", message)) from None
        raise OutreachError(Problem("--host", f"cannot listen on {host}:{port}: "
                                    f"{exc.strerror or exc}")) from None


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "outreach-serve"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for what changed and what broke, not for every request

    def _answer(self, *, body: bool) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = unquote(parts.path)
        if path.startswith(PREFIX):
            self._own(path[len(PREFIX):], query.get("page", ["index.html"])[0], body)
            return
        page = _page(path)
        if page is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)
            return
        try:
            data = read_bytes(self.server.folder / page, page, inside=self.server.folder)
            status = HTTPStatus.OK
        except FileError:
            if not page.endswith(".html"):
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8",
                           body)
                return
            # A page that a build has yet to make (a new message, the first build): it shows
            # up by itself when it exists.
            data, status = NOT_FOUND.format(path=escape(page)).encode(), HTTPStatus.NOT_FOUND
        kind = TYPES.get(posixpath.splitext(page)[1]) or \
            mimetypes.guess_type(page)[0] or "application/octet-stream"
        if kind.startswith("text/html"):
            data = inject(data, page, self.server.state)
        self._send(status, data, kind, body)

    def _own(self, name: str, page: str, body: bool) -> None:
        if name in ("live.js", "live.css"):
            data = resources.files(__package__).joinpath("assets", name).read_bytes()
            self._send(HTTPStatus.OK, data, TYPES[posixpath.splitext(name)[1]], body)
        elif name == "state":
            data = json.dumps(self.server.state.view(page)).encode()
            self._send(HTTPStatus.OK, data, TYPES[".json"], body)
        elif name == "events" and body:
            self._events(page)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)

    def _events(self, page: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state, seen = self.server.state, -1
        try:
            self.wfile.write(f"retry: {RECONNECT_MS}\n\n".encode())
            while not self.server.stopping.is_set():
                generation = state.generation if seen < 0 else \
                    state.wait(seen, KEEP_ALIVE_SECONDS)
                if generation == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = generation
                    data = json.dumps(state.view(page))
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        # Every request sees the latest build, never a copy the browser kept.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)


def _page(path: str) -> str | None:
    """The file a URL path names in the served folder, or None if serve never serves it."""
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None  # hidden files (the build's own state), "..", odd names
    if not parts or path.endswith("/"):
        parts.append("index.html")
    return "/".join(parts)
