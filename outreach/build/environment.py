"""What this machine contributes to rendered bytes: the fonts it has and the renderer's version.

Both are part of every render's content key, so installing or updating a font, or upgrading
WeasyPrint, re-renders what it may change and nothing is served stale from the cache.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import platform
from importlib import metadata
from pathlib import Path

from .. import __version__
from .plan import RenderEnvironment

RENDERING_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "pypdfium2", "pillow", "fonttools")


def render_environment() -> RenderEnvironment:
    return RenderEnvironment(tool=tool_identity(), renderer=renderer_identity(),
                             fonts=fonts_identity())


PACKAGE = Path(__file__).resolve().parent.parent


def tool_identity(package: Path = PACKAGE) -> str:
    """This tool's version, and the content of its installed files.

    A release changes the version; an edited checkout changes the files. Either may change
    what is rendered or checked, so either makes cached results stale. The files are known by
    their content, not their dates: a fresh checkout or install of the same code (every CI run)
    finds the renders an earlier run cached.
    """
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix == ".pyc" or "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    # Python too: the standard library parses URLs and escapes HTML for every page.
    digest.update(platform.python_version().encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


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
    """Every file in the folders fontconfig is configured to search (as Pango would)."""
    found = set()
    for folder in _font_dirs():
        for directory, _subdirs, files in os.walk(folder):
            found.update(os.path.join(directory, name) for name in files)
    return found


def _font_dirs() -> list[str]:
    """fontconfig's font folders, asked in this process (a child `fc-list` costs far more)."""
    name = ctypes.util.find_library("fontconfig")
    if name:
        try:
            fc = ctypes.CDLL(name)
            fc.FcInitLoadConfig.restype = ctypes.c_void_p
            fc.FcConfigGetFontDirs.restype = ctypes.c_void_p
            fc.FcConfigGetFontDirs.argtypes = [ctypes.c_void_p]
            fc.FcStrListNext.restype = ctypes.c_char_p
            fc.FcStrListNext.argtypes = [ctypes.c_void_p]
            fc.FcStrListDone.argtypes = [ctypes.c_void_p]
            fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
            config = fc.FcInitLoadConfig()  # reads the configuration; scans no font
            listed = fc.FcConfigGetFontDirs(config)
            folders = []
            while (folder := fc.FcStrListNext(listed)) is not None:
                folders.append(os.fsdecode(folder))
            fc.FcStrListDone(listed)
            fc.FcConfigDestroy(config)
            return sorted(set(folders))
        except (OSError, AttributeError):
            pass
    return ["/usr/share/fonts", "/usr/local/share/fonts",
            os.path.expanduser("~/.local/share/fonts"), os.path.expanduser("~/.fonts")]


def renderer_identity() -> str:
    versions = []
    for package in RENDERING_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return ";".join(versions)
