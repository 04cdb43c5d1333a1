"""`--fix`: replace discouraged terms in place where a rule names one unambiguous replacement.

Only edits are written: the rest of each file (layout, line endings, other catalog entries)
stays byte for byte as it was. A rule without a `fix`, or a match a fix cannot handle safely,
is left for a person and still reported.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..files import read_bytes, write_file
from .model import Finding, LintError
from .replace import Edit, apply_edits
from .scan import Checked, Source, check_files, check_kit, check_text, text_kind
from .settings import LintSettings, resolve

if TYPE_CHECKING:
    from ..kit.config import Config


@dataclass(frozen=True)
class FileFix:
    path: Path
    display: str
    before: str  # as linted: "\n" line ends, no byte-order mark
    after: str
    fixed: tuple[Finding, ...]
    edits: tuple[Edit, ...] = ()  # what turns `before` into `after`

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change, with paths as findings show them."""
        lines = difflib.unified_diff(self.before.splitlines(keepends=True),
                                     self.after.splitlines(keepends=True),
                                     f"a/{self.display}", f"b/{self.display}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)

    def write(self) -> None:
        """Apply the edits to the file as it is on disk, through the one safe writer.

        Only the fixed words change: each line keeps its own ending (a file may mix "\r\n"
        and "\n"), a byte-order mark stays, and a full disk leaves the file as it was. A file
        that changed since it was linted is left alone rather than overwritten.
        """
        raw = read_bytes(self.path, self.display)
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        try:
            text = raw[len(bom):].decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or text.replace("\r\n", "\n") != self.before:
            raise LintError(Problem(self.display, "changed since it was checked; run "
                                    "'outreach lint --fix' again"))
        write_file(self.path, bom + _apply_keeping_line_ends(text, self.edits).encode("utf-8"),
                   shown=self.display)


def _apply_keeping_line_ends(text: str, edits: tuple[Edit, ...]) -> str:
    """Apply edits made on `text` with "\r\n" read as "\n" to `text` itself."""
    # Where each "\r\n" falls in the text as linted: an offset there moves right by one for
    # every "\r\n" before it.
    crlf_at, removed = [], 0
    for match in re.finditer("\r\n", text):
        crlf_at.append(match.start() - removed)
        removed += 1

    def original(offset: int) -> int:
        return offset + bisect.bisect_left(crlf_at, offset)

    moved = [Edit(original(edit.start), original(edit.end), edit.text) for edit in edits]
    return apply_edits(text, moved)[0]


def fix_text(text: str, lang: str, *, path: str = "<text>", kind: str = "markdown",
             settings: LintSettings | Mapping[str, Any] | None = None
             ) -> tuple[str, list[Finding]]:
    """The text with every fixable finding fixed, and the findings that were fixed."""
    source = Source(Path(path), path, path, text_kind(kind), lang)
    result = _fixed(check_text(source, text, resolve(settings), lang))
    return result.after, list(result.fixed)


def fix_files(paths: Iterable[Path | str], *, lang: str | None = None,
              settings: LintSettings | Mapping[str, Any] | None = None,
              root: Path | str | None = None, write: bool = True) -> list[FileFix]:
    """Fix files in place (unless `write` is false); returns one FileFix per changed file."""
    return _finish(check_files(paths, lang=lang, settings=settings, root=root), write)


def fix_kit(config: Config, *, write: bool = True) -> list[FileFix]:
    return _finish(check_kit(config), write)


def fixes_for(checked: list[Checked]) -> list[FileFix]:
    """What fixing would change in already-checked files, without writing anything."""
    return [fix for fix in map(_fixed, checked) if fix.changed]


def _finish(checked: list[Checked], write: bool) -> list[FileFix]:
    fixes = fixes_for(checked)
    if write:
        for fix in fixes:
            fix.write()
    return fixes


def _fixed(checked: Checked) -> FileFix:
    edits = [edit for group in checked.edits for edit in group]
    after, applied = apply_edits(checked.text, edits)
    applied_set = set(applied)
    fixed = tuple(finding for finding, group in zip(checked.findings, checked.edits, strict=True)
                  if group and all(edit in applied_set for edit in group))
    return FileFix(checked.source.path, checked.source.display, checked.text, after, fixed,
                   tuple(applied))
