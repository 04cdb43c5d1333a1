"""What open pages learn from `serve`: which version of them is current, whether the last edit
broke the kit, and whether the PDFs have caught up.

The builder updates one `LiveState`; each page's event stream reads it. A page knows the
version it was served at and reloads itself when its version changes, so an edit reloads the
pages it changed and leaves the others alone. The notice and the error box that pages show are
rendered here, escaped, the same for the first response and for every update: the error text
quotes files that translators and others wrote, so it is never trusted as markup.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ..build.output import Entry
from ..errors import Problem

PREFIX = "/__outreach__/"  # what serve adds to the kit's own paths; no kit file can start so
SCRIPT = f"{PREFIX}live.js"
STYLE = f"{PREFIX}live.css"
READY_NOTICE_SECONDS = 6.0  # how long "the PDFs are ready" stays up after they are


@dataclass(frozen=True)
class PdfStatus:
    rendering: bool = False
    done: int = 0
    total: int = 0
    rendered: int = 0
    ready_at: float | None = None  # time.monotonic() when the last PDF pass finished


class LiveState:
    """The served kit as the builder last left it; safe to read from any thread."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0  # goes up on every change
        self.files: Mapping[str, Entry] = {}
        self.problems: tuple[str, ...] = ()
        self.pdfs = PdfStatus()

    # -- the builder's side ------------------------------------------------------------------

    def published(self, files: Sequence[Entry], *, pdfs_follow: bool) -> None:
        """A build succeeded: `files` is everything the served folder holds now."""
        with self._changed:
            self.files = {entry.path: entry for entry in files}
            self.problems = ()
            self.pdfs = PdfStatus(rendering=True) if pdfs_follow else \
                PdfStatus(ready_at=time.monotonic())
            self._bump()

    def building(self) -> None:
        """A change is being built: the PDFs are behind until its last pass is done."""
        with self._changed:
            if not self.pdfs.rendering:
                self.pdfs = PdfStatus(rendering=True)
                self._bump()

    def failed(self, problems: Sequence[Problem]) -> None:
        """A build failed: pages stay as they are and show the problems."""
        with self._changed:
            self.problems = tuple(f"error: {problem}" for problem in problems)
            self.pdfs = PdfStatus()
            self._bump()

    def rendering(self, done: int, total: int, rendered: bool) -> None:
        with self._changed:
            self.pdfs = PdfStatus(True, done, total, self.pdfs.rendered + rendered)
            self._bump()

    def _bump(self) -> None:
        self.generation += 1
        self._changed.notify_all()

    # -- the pages' side ---------------------------------------------------------------------

    def wait(self, seen: int, timeout: float) -> int:
        """The generation after `seen`, or `seen` again if nothing changed within `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation

    def version(self, page: str) -> str:
        """Identifies what `page` shows: its own bytes and the stylesheets and images it uses.

        A page that does not exist has a version too, so that it reloads once it does.
        """
        with self._changed:
            files = self.files
        shown = [page] + [path for path, entry in files.items()
                          if entry.format == "asset" or (page == "index.html"
                                                         and entry.format == "preview")]
        digest = hashlib.sha256()
        for path in sorted(set(shown)):
            entry = files.get(path)
            digest.update(f"{path}\0{entry.sha256 if entry else '-'}\n".encode())
        return digest.hexdigest()[:16]

    def view(self, page: str) -> dict[str, Any]:
        """What the page's script needs: its version, the problems, and the box to show."""
        with self._changed:
            problems, pdfs = self.problems, self.pdfs
        return {"version": self.version(page), "problems": list(problems),
                "pdfs": "rendering" if pdfs.rendering else "ready" if pdfs.ready_at else "",
                "html": box(problems, pdfs, time.monotonic())}


def box(problems: Sequence[str], pdfs: PdfStatus, now: float) -> str:
    """The notice or error box a page shows, as escaped HTML (empty when all is quiet)."""
    if problems:
        lines = "\n".join(escape(line) for line in problems)
        return ('<div class="outreach-live-error" role="alert">'
                "<p><strong>The kit could not be rebuilt.</strong> Fix this and save; until "
                "then, this page is the last version that built.</p>"
                f"<pre>{lines}</pre></div>")
    if pdfs.rendering:
        done = f" ({pdfs.done} of {pdfs.total} files checked, {pdfs.rendered} rendered)" \
            if pdfs.total else ""
        return ('<p class="outreach-live-notice">Web pages are up to date. The PDFs are '
                f"being updated…{done}</p>")
    if pdfs.ready_at is not None and now - pdfs.ready_at < READY_NOTICE_SECONDS:
        return '<p class="outreach-live-notice outreach-live-done">The PDFs are ready.</p>'
    return ""


def inject(html: bytes, page: str, state: LiveState) -> bytes:
    """`html` with serve's notice box and the script that keeps it current, before </body>.

    Only responses get this; the files on disk stay exactly as `outreach build` makes them.
    """
    view = state.view(page)
    added = (f'<link rel="stylesheet" href="{STYLE}">'
             f'<div id="outreach-live" lang="en" dir="ltr" aria-live="polite" '
             f'data-page="{escape(page)}" data-version="{view["version"]}">{view["html"]}</div>'
             f'<script src="{SCRIPT}"></script>\n').encode()
    end = html.lower().rfind(b"</body>")
    return html + added if end < 0 else html[:end] + added + html[end:]
