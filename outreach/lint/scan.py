"""What gets linted, in which language: given files, a whole kit, or a string.

Everything is read first and problems with reading are raised together, before any linting,
so a person sees every unreadable file at once. Each file's language comes from the file when
it says (front matter `lang:`, `<html lang>`, a catalog's `Language:` header or folder), and
otherwise from `--lang` or the kit's source language.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutreachError, SourceError
from ..files import decode, read_bytes
from ..po import Catalog, escape, parse_po
from .engine import SUPPRESSION_RULE, LineIndex, analyze, parse_directive, to_findings
from .masking import declared_language, mask
from .model import Finding, LintError
from .plain import catalog_findings, message_of, source_finding
from .replace import Edit
from .ruleset import LANG_TAG
from .settings import LintSettings, parse_settings, resolve

if TYPE_CHECKING:
    from ..kit.config import Config
    from ..kit.languages import Language
    from ..kit.snapshot import Kit

CONFIG_FILE = "outreach.toml"

KINDS_BY_SUFFIX = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".html": "html", ".htm": "html", ".jinja": "html", ".j2": "html",
    ".po": "po", ".txt": "text",
}
DEFAULT_LANGUAGE = "en"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_@][A-Za-z0-9]{1,8})*")
_DIRECTIVE = re.compile(r"^outreach-lint\s*:(.*)$")


@dataclass(frozen=True)
class Source:
    path: Path
    display: str  # as findings show it: as given, or relative to the kit
    rel: str  # relative to the kit, for the `paths` globs of allowances
    kind: str  # markdown, html, text, toml or po
    lang: str | None = None  # the language to assume when the file does not say
    audience: str | None = None  # read as a message for this audience (--audience)
    inside: Path | None = None  # the kit the file was found in: a link out of it is refused


@dataclass(frozen=True)
class Checked:
    """A linted file: its text, findings, and for each finding the edits that would fix it."""

    source: Source
    text: str
    findings: tuple[Finding, ...]
    edits: tuple[tuple[Edit, ...], ...]


def kind_of(path: Path) -> str:
    if path.name == "outreach.toml":
        return "toml"
    return KINDS_BY_SUFFIX.get(path.suffix.lower(), "text")


def lint_text(text: str, lang: str, *, path: str = "<text>", kind: str = "markdown",
              settings: LintSettings | Mapping[str, Any] | None = None) -> list[Finding]:
    """Findings for one string in language `lang` (a BCP 47 tag; unknown tags have no rules)."""
    source = Source(Path(path), path, path, text_kind(kind), lang)
    return list(check_text(source, text, resolve(settings), lang).findings)


def lint_files(paths: Iterable[Path | str], *, lang: str | None = None,
               settings: LintSettings | Mapping[str, Any] | None = None,
               root: Path | str | None = None, audience: str | None = None) -> list[Finding]:
    """Findings for files (and folders of them); `lang` is for files that do not declare one.

    `root` is the kit folder, against which the `paths` globs of allowances are matched.
    `audience` reads every Markdown file as a message for that audience, so its plain language
    is checked too (files in a kit's messages/<audience>/ are read so anyway).
    Raises LintError naming every file that cannot be read, before linting any.
    """
    checked = check_files(paths, lang=lang, settings=settings, root=root, audience=audience)
    return [f for c in checked for f in c.findings]


def lint_kit(config: Config, languages: Sequence[Language] | None = None) -> list[Finding]:
    """Findings for a whole kit: sources and templates in the source language, catalogs each
    in their own language. Raises LintError for invalid `[lint]` settings or unreadable files.

    `languages` narrows the catalogs to those languages' (as `outreach build --lang` does).
    """
    return [f for c in check_kit(config, languages) for f in c.findings]


def check_files(paths: Iterable[Path | str], *, lang: str | None = None,
                settings: LintSettings | Mapping[str, Any] | None = None,
                root: Path | str | None = None, audience: str | None = None) -> list[Checked]:
    sources = file_sources(paths, root)
    if audience is not None:
        sources = [replace(s, audience=audience) for s in sources]
    return check_all(sources, resolve(settings), lang or DEFAULT_LANGUAGE)


def check_kit(config: Config, languages: Sequence[Language] | None = None) -> list[Checked]:
    return check_all(kit_sources(config, languages), kit_settings(config),
                     config.source_language.tag)


def kit_settings(config: Config) -> LintSettings:
    """The kit's `[lint]` settings; problems carry their line in outreach.toml."""
    try:
        # Cached by content, so linting a kit twice (as --fix does) compiles rules once.
        return resolve(config.lint)
    except LintError as error:
        try:
            text = config.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise error from None
        return parse_settings(config.lint, source_text=text)  # raises again, with lines


def kit_sources(config: Config, languages: Sequence[Language] | None = None) -> list[Source]:
    """The kit's sources, then the catalog of each translated language (of `languages`) that
    exists: the catalogs a build of those languages reads, found the way it finds them."""
    from ..kit.catalogs import catalog_files

    found = [config.path] if config.path.is_file() else []
    found += _walk(config.messages_dir, (".md", ".markdown"))
    found += _walk(config.templates_dir, (".html", ".htm", ".jinja", ".j2"))
    sources = []
    for path in found:
        rel = _relative(path, config.root)
        sources.append(Source(path, rel, rel, kind_of(path), inside=config.root))
    for file in catalog_files(config, languages):
        if file.path.exists() or file.path.is_symlink():
            sources.append(Source(file.path, file.shown, file.shown, "po", file.language.tag,
                                  inside=config.root))
    return sources


def file_sources(paths: Iterable[Path | str], root: Path | str | None) -> list[Source]:
    root_path = Path(root) if root is not None else None
    sources = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for inner in _walk(path, tuple(KINDS_BY_SUFFIX)):
                display = os.path.join(str(given), str(inner.relative_to(path)))
                sources.append(Source(inner, display, _kit_relative(inner, root_path, display),
                                      kind_of(inner)))
            continue
        display = str(given)
        sources.append(Source(path, display, _kit_relative(path, root_path, display),
                              kind_of(path)))
    return sources


def check_all(sources: list[Source], settings: LintSettings, default_lang: str) -> list[Checked]:
    texts = []
    problems = []
    for source in sources:
        try:
            # The one reader: regular files only (a FIFO would wait forever), one wording for
            # a byte that is not UTF-8, with its line.
            raw = read_bytes(source.path, source.display, inside=source.inside)
            # Lint with "\n" line ends and without a byte-order mark, as editors count lines
            # and columns (--fix reads the file again and keeps both as they are).
            texts.append((source, decode(raw, source.display).replace("\r\n", "\n")))
        except OutreachError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LintError(problems)
    return check_loaded(texts, settings, default_lang)


def check_snapshot(kit: Kit) -> list[Checked]:
    """A kit as the build read it: no file is opened again, and only the catalogs of the
    languages being built are linted (so --lang scopes linting like everything else)."""
    config = kit.config
    loaded = [(Source(config.path, CONFIG_FILE, CONFIG_FILE, "toml"), config.text)]
    for message in kit.messages:
        loaded.append((Source(config.root / message.path, message.path, message.path,
                              "markdown"), message.text))
    for template in kit.templates.values():
        if template.path.is_relative_to(config.templates_dir):
            loaded.append((Source(template.path, template.shown, template.shown,
                                  kind_of(template.path)), template.text))
    parsed = {}
    for catalog in kit.catalogs.values():
        loaded.append((Source(catalog.source.path, catalog.source.shown, catalog.source.shown,
                              "po", catalog.language.tag), catalog.source.text))
        if "\r" not in catalog.source.text:  # its offsets are into the text as linted
            parsed[catalog.source.shown] = catalog.po
    texts = [(source, text.replace("\r\n", "\n")) for source, text in loaded]
    return check_loaded(texts, kit_settings(config), config.source_language.tag, parsed)


def check_loaded(texts: list[tuple[Source, str]], settings: LintSettings,
                 default_lang: str, parsed: Mapping[str, Catalog] | None = None
                 ) -> list[Checked]:
    """Lint texts already read: (source, text with "\n" line ends) each;
    `parsed` holds catalogs already read, by their display path."""
    checked = []
    for source, text in texts:
        if source.kind == "po":
            result = check_catalog(source, text, settings, default_lang,
                                   (parsed or {}).get(source.display))
        else:
            lang = declared_language(text, source.kind) or source.lang or default_lang
            result = check_text(source, text, settings, lang)
        checked.append(result)
    return checked


def check_text(source: Source, text: str, settings: LintSettings, lang: str) -> Checked:
    masked = mask(text, source.kind)
    outcomes = analyze(text, kind=source.kind, lang=lang, settings=settings, path=source.rel,
                       masked=masked)
    findings = to_findings(outcomes, path=source.display, text=text)
    edits = [o.edits for o in outcomes]
    message = message_of(source.rel, source.audience) if source.kind == "markdown" else None
    if message is not None:
        plain = source_finding(source.display, source.rel, text, masked, lang, settings, message)
        if plain is not None:
            findings.append(plain)
            edits.append(())
    return _checked(source, text, findings, edits)


def check_catalog(source: Source, text: str, settings: LintSettings, default_lang: str,
                  catalog: Catalog | None = None) -> Checked:
    """Every msgstr (fuzzy ones too: they may be published later) in the catalog's language.

    `catalog` is `text` already read (with `outreach.po`), if the caller has it; findings and
    fixes point into `text` through the file offsets the reader keeps for every character.
    """
    if catalog is None:
        catalog = read_catalog(text, source.display)
    lang = _header_language(catalog) or _folder_language(source.path) or source.lang \
        or default_lang
    findings: list[Finding] = []
    edits: list[tuple[Edit, ...]] = []
    lines = text.split("\n")
    index: LineIndex | None = None
    for entry in catalog.entries:
        assert entry.origin is not None  # read from `text`
        ignore: list[str] = []
        for number, body in _directives(entry.comments, entry.origin.comment_lines,
                                        entry.auto_comments, entry.origin.auto_comment_lines):
            suppression, problem = parse_directive(body, settings, comment="# {}")
            if suppression:
                ignore += suppression.rules
                continue
            line = lines[number - 1]
            findings.append(Finding(source.display, problem or "", number, 1, code=SUPPRESSION_RULE,
                                    end_line=number, end_column=len(line) + 1, match=line))
            edits.append(())
        for msgstr, offsets in zip(entry.msgstr, entry.origin.msgstr_offsets, strict=True):
            if not msgstr.strip():
                continue
            outcomes = analyze(msgstr, kind="markdown", lang=lang, settings=settings,
                               path=source.rel, ignore=ignore)
            if outcomes and index is None:
                index = LineIndex(text)
            findings += to_findings(outcomes, path=source.display, text=msgstr,
                                    spans=offsets.span, lines=index)
            for outcome in outcomes:
                edits.append(tuple(Edit(*offsets.span(e.start, e.end), escape(e.text))
                                   for e in outcome.edits))
    plain = catalog_findings(source.display, source.rel, text, lang, settings, catalog)
    findings += plain
    edits += [()] * len(plain)
    return _checked(source, text, findings, edits)


def read_catalog(text: str, display: str) -> Catalog:
    """A catalog read with the one `.po` reader, its syntax errors raised as `LintError`."""
    try:
        return parse_po(text, display)
    except SourceError as error:
        raise LintError(error.problems) from None


def _header_language(catalog: Catalog) -> str | None:
    """The header's Language field as a BCP 47 tag ("zh_CN" -> "zh-CN")."""
    value = catalog.header_field("Language") or ""
    if not _LANGUAGE.fullmatch(value):
        return None
    return value.split("@")[0].replace("_", "-")


def _directives(comments: Sequence[str], comment_lines: Sequence[int],
                auto_comments: Sequence[str], auto_lines: Sequence[int]
                ) -> list[tuple[int, str]]:
    """(line, text after "outreach-lint:") of the entry's comments that hold a directive."""
    found = []
    for text, line in [*zip(comments, comment_lines, strict=True),
                       *zip(auto_comments, auto_lines, strict=True)]:
        match = _DIRECTIVE.match(text.strip())
        if match:
            found.append((line, match.group(1).strip()))
    return sorted(found)


def _checked(source: Source, text: str, findings: list[Finding],
             edits: list[tuple[Edit, ...]]) -> Checked:
    """Findings in reading order, each still paired with the edits that fix it."""
    pairs = sorted(zip(findings, edits, strict=True), key=lambda pair: (
        pair[0].line, pair[0].column, pair[0].end_line, pair[0].end_column, pair[0].code))
    return Checked(source, text, tuple(f for f, _ in pairs), tuple(e for _, e in pairs))


def text_kind(kind: str) -> str:
    if kind not in ("markdown", "html", "text"):
        raise ValueError(f"kind must be markdown, html or text, not {kind!r}")
    return kind


def _folder_language(path: Path) -> str | None:
    """translations/zh_Hans/LC_MESSAGES/messages.po -> "zh-Hans"; es.po -> "es"."""
    if path.parent.name == "LC_MESSAGES":
        name = path.parent.parent.name
    else:
        name = path.stem
    return name.replace("_", "-") if LANG_TAG.match(name) else None


def _walk(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found += [Path(directory, f) for f in files
                  if f.lower().endswith(suffixes) and not f.startswith(".")]
    return sorted(found)


def _relative(path: Path, root: Path) -> str:
    """A file found in the kit, named by its own place there (a link by where it is, not
    where it points: it may point out of the kit, or at itself)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _kit_relative(path: Path, root: Path | None, display: str) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return Path(display).as_posix()
