"""Keeping catalogs in step with the kit without ever losing a translator's work.

`update_catalogs` merges the current template into every catalog the way GNU msgmerge does,
with the gaps that lose work closed:

- a string that comes back after it was removed gets its old translation back from the
  obsolete (`#~`) entries, exactly and not fuzzy, and no second entry is added;
- an edited string keeps its old translation, marked fuzzy, with the old source in `#|` lines;
  if the edit is undone, the entry is restored as it was;
- removed strings stay as obsolete entries unless `prune` is asked for;
- a kit that did not change leaves every file byte for byte as it was, and all catalogs are
  written together or not at all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutreachError, Problem, SourceError, display_path
from ..files import write_file, write_files
from ..kit.config import Config
from ..kit.languages import Language
from ..po.pofile import (
    PoFile,
    PoMessage,
    add,
    format_po,
    header_field,
    new_catalog,
    read_po,
    set_header_field,
)
from .extract import source_date
from .template import CREATION_DATE, DATE_FORMAT, creation_date, current_template

# How alike two source strings must be for one's translation to be offered for the other
# (difflib's ratio; GNU msgmerge uses the same threshold).
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class UpdateResult:
    lang: str
    path: str  # as a person would type it, relative to the kit
    created: bool = False  # the catalog did not exist and was started
    changed: bool = False  # the file on disk changed
    added: int = 0  # new strings, waiting for a translation
    fuzzy: int = 0  # new or edited strings given a similar string's translation, to review
    restored: int = 0  # strings back in the kit that got their old translation back
    obsoleted: int = 0  # strings no longer in the kit, kept as obsolete (#~) entries
    pruned: int = 0  # obsolete entries removed because prune was asked for


@dataclass
class _Counts:
    added: int = 0
    fuzzy: int = 0
    restored: int = 0
    obsoleted: int = 0
    pruned: int = 0


def init_catalog(config: Config, lang_tag: str) -> Path:
    """Start the catalog for one language, with every string of the kit untranslated."""
    try:
        lang = config.language(lang_tag)
    except ValueError as exc:
        raise OutreachError(Problem(lang_tag, str(exc))) from None
    if lang == config.source_language:
        raise OutreachError(Problem(lang.tag, "is the kit's source language; it needs no "
                                    "catalog"))
    path = config.catalog_path(lang)
    shown = display_path(path, config.root)
    if path.exists():
        raise OutreachError(Problem(shown, "already exists; run 'outreach i18n update' to "
                                    "bring it up to date with the kit"))
    template, _text, _old = current_template(config)
    write_file(path, format_po(_started(config, lang, template, shown)), shown=shown)
    return path


def _started(config: Config, lang: Language, template: PoFile, shown: str) -> PoFile:
    """A new catalog: the language's header and every string of the template, untranslated."""
    catalog = new_catalog()
    for message in template.messages:
        add(catalog, _untranslated(message, plural_count(lang)))
    return PoFile(header=new_header(config, lang, template), catalog=catalog, path=shown)


def update_catalogs(config: Config, prune: bool = False) -> list[UpdateResult]:
    """Write the template and merge it into the catalog of every translated language.

    Everything is read and merged before anything is written: a catalog that cannot be read
    stops the update with every file left as it was.
    """
    template, template_text, template_old = current_template(config)
    problems: list[Problem] = []
    plans: list[tuple[Language, Path, PoFile | None, bytes | None]] = []
    for lang in config.translated_languages:
        path = config.catalog_path(lang)
        shown = display_path(path, config.root)
        try:
            old_bytes = path.read_bytes() if path.exists() else None
            plans.append((lang, path, read_po(path, shown) if old_bytes is not None else None,
                          old_bytes))
        except (SourceError, OSError) as exc:
            problems.extend(exc.problems if isinstance(exc, SourceError)
                            else [Problem(shown, f"cannot be read: {exc}")])
    if problems:
        raise SourceError(problems)

    contents: dict[Path, str] = {}
    results = []
    for lang, path, old, old_bytes in plans:
        shown = display_path(path, config.root)
        if old is None:
            merged, counts = _started(config, lang, template, shown), _Counts()
        else:
            if old.header is None:
                # A catalog without a header entry gets one: GNU tools need its charset.
                old.header = new_header(config, lang, template)
            merged, counts = merge(template, old, lang, prune=prune)
        text = format_po(merged)
        changed = old_bytes != text.encode("utf-8")
        if changed:
            contents[path] = text
        results.append(UpdateResult(
            lang=lang.tag, path=shown, created=old is None, changed=changed,
            added=counts.added if old is not None else len(template.messages),
            fuzzy=counts.fuzzy, restored=counts.restored, obsoleted=counts.obsoleted,
            pruned=counts.pruned))
    if template_old != template_text.encode("utf-8"):
        contents[config.template_path] = template_text
    if contents:
        write_files(contents)
    return results


def new_header(config: Config, lang: Language, template: PoFile) -> PoMessage:
    english = lang.english_name
    fields = [
        ("Project-Id-Version", config.title),
        ("Report-Msgid-Bugs-To", config.organization.email),
        (CREATION_DATE, creation_date(template) or _now()),
        ("PO-Revision-Date", _now()),
        ("Last-Translator", ""),
        ("Language-Team", english),
        ("Language", lang.catalog_name),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(lang)),
    ]
    return PoMessage("", "".join(f"{name}: {value}\n" for name, value in fields),
                     user_comments=[f"{english} translations of {config.title}."])


def plural_forms(lang: Language) -> str:
    """The gettext Plural-Forms header for a language: the kit's [languages.TAG] setting, else
    Babel's plural tables."""
    return lang.plural_forms


def merge(template: PoFile, old: PoFile, lang: Language, *,
          prune: bool = False) -> tuple[PoFile, _Counts]:
    """The catalog `old` brought in step with `template`; `old` itself is not changed."""
    counts = _Counts()
    entries = [*old.messages, *old.obsolete]
    obsolete_ids = {id(m) for m in old.obsolete}
    by_key: dict[tuple[str | None, str], list[PoMessage]] = {}
    by_previous: dict[tuple[str | None, str], list[PoMessage]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
        if entry.previous_id and entry.fuzzy and entry.has_translation:
            by_previous.setdefault((entry.previous_context, entry.previous_id[0]), []
                                   ).append(entry)
    sources = [e for e in entries if e.has_translation]
    used: set[int] = set()
    forms = plural_count(lang, old.header.string if old.header else "")

    catalog = new_catalog()
    for wanted in template.messages:
        exact = by_key.get(wanted.key, [])
        if exact:
            best = max(exact, key=lambda e: (e.has_translation, not e.fuzzy,
                                             id(e) not in obsolete_ids))
            used.update(id(e) for e in exact)
            if id(best) in obsolete_ids and best.has_translation:
                counts.restored += 1
            add(catalog, _merged(wanted, best, forms, fuzzy=best.fuzzy))
            continue
        before = [e for e in by_previous.get(wanted.key, []) if _same_shape(wanted, e)]
        if before:
            used.add(id(before[0]))
            counts.restored += 1
            add(catalog, _merged(wanted, before[0], forms, fuzzy=False))
            continue
        similar = _most_similar(wanted, sources)
        if similar is not None:
            used.add(id(similar))
            counts.fuzzy += 1
            add(catalog, _merged(wanted, similar, forms, fuzzy=True, similar=True))
            continue
        counts.added += 1
        add(catalog, _untranslated(wanted, forms))

    kept = {m.key for m in template.messages}
    for entry in entries:
        if id(entry) in used or not entry.has_translation or entry.key in kept:
            continue
        kept.add(entry.key)
        if prune:
            counts.pruned += 1
            continue
        if id(entry) not in obsolete_ids:
            counts.obsoleted += 1
        add(catalog, _obsolete(entry), obsolete=True)

    header = old.header or PoMessage("", "")
    text = header.string
    for name, value in ((CREATION_DATE, creation_date(template)), ("Language", lang.catalog_name),
                        ("Plural-Forms", plural_forms(lang))):
        current = header_field(text, name)
        # Only the template's date is brought in step; the language fields are added when
        # missing and otherwise left as the translator's tool wrote them.
        if value and (current is None or (name == CREATION_DATE and current != value)):
            text = set_header_field(text, name, value)
    merged_header = PoMessage("", text, flags=header.flags, user_comments=header.user_comments,
                              auto_comments=header.auto_comments, locations=header.locations)
    return PoFile(header=merged_header, catalog=catalog, path=old.path), counts


def _merged(wanted: PoMessage, found: PoMessage, forms: int, *, fuzzy: bool,
            similar: bool = False) -> PoMessage:
    """The template's entry carrying the translation (and translator's notes) of `found`."""
    flags = {f for f in wanted.flags if f != "fuzzy"} | ({"fuzzy"} if fuzzy else set())
    previous_id: tuple[str, ...] = ()
    previous_context = None
    if similar:
        if found.fuzzy and found.previous_id:
            # Its translation was made for the older string: show the translator that one.
            previous_id, previous_context = tuple(found.previous_id), found.previous_context
        else:
            previous_id = (found.id,) if isinstance(found.id, str) else tuple(found.id)
            previous_context = found.context
    elif fuzzy and found.previous_id:
        previous_id, previous_context = tuple(found.previous_id), found.previous_context
    return PoMessage(
        wanted.id, _strings_for(wanted, found.strings, forms), locations=wanted.locations,
        flags=flags, auto_comments=wanted.auto_comments, user_comments=found.user_comments,
        previous_id=previous_id, previous_context=previous_context, context=wanted.context)


def _untranslated(wanted: PoMessage, forms: int) -> PoMessage:
    return PoMessage(wanted.id, _strings_for(wanted, ("",), forms), locations=wanted.locations,
                     flags={f for f in wanted.flags if f != "fuzzy"},
                     auto_comments=wanted.auto_comments, context=wanted.context)


def _obsolete(entry: PoMessage) -> PoMessage:
    # As msgmerge does: the source's comments and references go, the translator's stay.
    return PoMessage(entry.id, entry.string, flags=entry.flags,
                     user_comments=entry.user_comments, previous_id=entry.previous_id,
                     previous_context=entry.previous_context, context=entry.context)


def _strings_for(wanted: PoMessage, strings: Iterable[str], forms: int) -> str | tuple[str, ...]:
    found = list(strings)
    if not isinstance(wanted.id, tuple):
        return found[0] if found else ""
    return tuple((found + [""] * forms)[:max(forms, len(found))])


def plural_count(lang: Language, header: str = "") -> int:
    """How many plural forms a catalog has: its Plural-Forms header, else the language's."""
    match = re.search(r"nplurals\s*=\s*(\d+)", header_field(header, "Plural-Forms") or "")
    return int(match.group(1)) if match else lang.plural_count


def _same_shape(wanted: PoMessage, found: PoMessage) -> bool:
    return isinstance(wanted.id, tuple) == isinstance(found.id, (tuple, list))


def _most_similar(wanted: PoMessage, sources: list[PoMessage]) -> PoMessage | None:
    """The translated entry whose source is most like `wanted`'s, if any is alike enough.

    An entry of the same message and field wins over a better-scoring one from elsewhere:
    a paragraph edited in place should keep its own translation.
    """
    best: tuple[bool, float] | None = None
    found = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted.singular)
    for source in sources:
        if not _same_shape(wanted, source):
            continue
        matcher.set_seq1(source.singular)
        if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_THRESHOLD:
            continue
        score = (source.context == wanted.context, ratio)
        if best is None or score > best:
            best, found = score, source
    return found


def _now() -> str:
    return source_date().strftime(DATE_FORMAT)
