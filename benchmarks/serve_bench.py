"""`outreach serve` on the ten-language sample kit: from saving an edit to seeing it served.

    .venv/bin/python benchmarks/serve_bench.py [--rounds N]

Starts the real command on a free port, waits until its first build (PDFs included) is done,
then edits and saves, round after round, timing with the clock of this process:

- an English message: until its web page is served with the new text (target: under 1 s),
  and until its flyer PDF is served anew (target: under 2 s);
- a Spanish translation in its catalog: the same for the Spanish page and flyer.

Each figure is measured over HTTP, as a browser would see it, polling every 10 ms.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from sample import copy_sample_kit  # benchmarks/sample.py

REPO = Path(__file__).resolve().parent.parent
MESSAGE = "messages/community/health-care-for-your-whole-family.md"
CATALOG = "translations/es/LC_MESSAGES/messages.po"
PAGE = "{lang}/community.html"
FLYER = "{lang}/community/health-care-for-your-whole-family.pdf"
SPANISH = "La atención médica es para toda su familia"
POLL = 0.01
BOUND = 120.0


class Serve:
    def __init__(self, kit: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "outreach", "serve", "--kit", str(kit), "--port", "0"],
            cwd=kit, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)})
        self.lines: list[str] = []
        assert self.process.stdout is not None
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout or ()),
                         daemon=True).start()
        self.url = until(lambda: next((m.group(1) for line in list(self.lines)
                                       if (m := re.search(r"at (http://\S+) ", line))), None))

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=BOUND) as reply:
            return reply.read()

    def ready(self) -> bool:
        """Whether every file is up to date (serve's own state, as pages read it)."""
        state = json.loads(self.get("__outreach__/state"))
        return state["pdfs"] == "ready" and not state["problems"]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=BOUND)


def until(found, bound: float = BOUND):  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + bound
    while time.perf_counter() < deadline:
        result = found()
        if result:
            return result
        time.sleep(POLL)
    raise SystemExit(f"nothing after {bound:.0f} s")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def time_edit(served: Serve, lang: str, save: callable, marker: str  # type: ignore[valid-type]
              ) -> tuple[float, float]:
    """Seconds from saving to the new page, and to the new flyer, as served."""
    page, flyer = PAGE.format(lang=lang), FLYER.format(lang=lang)
    before = hashlib.sha256(served.get(flyer)).digest()
    saved = time.perf_counter()
    save()
    until(lambda: marker in served.get(page).decode("utf-8"))
    shown = time.perf_counter() - saved
    until(lambda: hashlib.sha256(served.get(flyer)).digest() != before)
    return shown, time.perf_counter() - saved


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    with tempfile.TemporaryDirectory() as tmp:
        kit = copy_sample_kit(Path(tmp))
        started = time.perf_counter()
        served = Serve(kit)
        first_pages = time.perf_counter() - started
        until(served.ready, 600)
        first_all = time.perf_counter() - started
        english: list[tuple[float, float]] = []
        spanish: list[tuple[float, float]] = []
        try:
            original = (kit / MESSAGE).read_text(encoding="utf-8")
            text = "close to home"
            for n in range(rounds):
                new = f"close to home ({n + 1})"
                english.append(time_edit(served, "en", lambda o=text, w=new: replace(
                    kit / MESSAGE, o, w), new))
                text = new
                until(served.ready)  # every language settled before the next edit
            # Back to the text Spanish translates, so that its page is built from the catalog.
            (kit / MESSAGE).write_text(original, encoding="utf-8")
            until(lambda: SPANISH in served.get(PAGE.format(lang="es")).decode("utf-8")
                  and served.ready())
            title = SPANISH
            for n in range(rounds):
                new = f"{SPANISH} ({'abcdefghijklmnopqrstuvwxyz'[n % 26]})"
                spanish.append(time_edit(served, "es", lambda o=title, w=new: replace(
                    kit / CATALOG, f'msgstr "{o}"', f'msgstr "{w}"'), new))
                title = new
                until(served.ready)
        finally:
            served.stop()

    load = os.getloadavg()[0]
    print(f"sample kit, 10 languages, {os.cpu_count()} cores (load average {load:.1f}); "
          f"{rounds} edits each")
    print(f"start: web pages served after {first_pages:.1f} s, every PDF after "
          f"{first_all:.1f} s (cold render cache)")
    for name, figures in (("English message", english), ("Spanish translation", spanish)):
        pages = [page for page, _ in figures]
        flyers = [flyer for _, flyer in figures]
        print(f"{name}: web page in {statistics.median(pages):.2f} s median, "
              f"{max(pages):.2f} s worst (target < 1 s); flyer PDF in "
              f"{statistics.median(flyers):.2f} s median, {max(flyers):.2f} s worst "
              "(target < 2 s)")


if __name__ == "__main__":
    main()
