"""What this machine contributes to rendered bytes: the fonts it has and the renderer's version.

Both are part of every render's content key, so installing or updating a font, or upgrading
WeasyPrint, re-renders what it may change and nothing is served stale from the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from importlib import metadata

from .. import __version__
from .plan import RenderEnvironment

RENDERING_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "pypdfium2", "pillow", "fonttools")


def render_environment() -> RenderEnvironment:
    return RenderEnvironment(tool=__version__, renderer=_renderer(), fonts=fonts_identity())


def fonts_identity() -> str:
    """A hash of every font file fontconfig offers: its path, size and modification time."""
    digest = hashlib.sha256()
    for path in sorted(_font_files()):
        try:
            info = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _font_files() -> set[str]:
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                                text=True, check=False).stdout
        return {line for line in listed.splitlines() if line}
    # No fontconfig tools: the usual font folders stand in for what Pango would find.
    found = set()
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts",
                   os.path.expanduser("~/.local/share/fonts"), os.path.expanduser("~/.fonts")):
        for directory, _subdirs, files in os.walk(folder):
            found.update(os.path.join(directory, name) for name in files)
    return found


def _renderer() -> str:
    versions = []
    for package in RENDERING_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return ";".join(versions)
