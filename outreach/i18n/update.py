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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import OutreachError, Problem, display_path
from ..files import write_file, write_files
from ..kit.catalogs import read_catalogs
from ..kit.config import Config
from ..kit.languages import Language, nplurals
from ..po import Catalog, Entry, Key, format_po, header_field, set_header_field
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


def _started(config: Config, lang: Language, template: Catalog, shown: str) -> Catalog:
    """A new catalog: the language's header and every string of the template, untranslated."""
    forms = plural_count(lang)
    return Catalog(header=new_header(config, lang, template),
                   entries=tuple(_untranslated(entry, forms) for entry in template.entries),
                   path=shown)


def update_catalogs(config: Config, prune: bool = False) -> list[UpdateResult]:
    """Write the template and merge it into the catalog of every translated language.

    Everything is read and merged before anything is written: a catalog that cannot be read
    stops the update with every file left as it was.
    """
    files = read_catalogs(config)
    template, template_text, template_old = current_template(config)
    contents: dict[Path, str] = {}
    results = []
    for file in files:
        lang, old = file.language, file.catalog
        if old is None:
            merged, counts = _started(config, lang, template, file.shown), _Counts()
        else:
            if old.header is None:
                # A catalog without a header entry gets one: GNU tools need its charset.
                old = replace(old, header=new_header(config, lang, template))
            merged, counts = merge(template, old, lang, prune=prune)
        text = format_po(merged)
        changed = file.data != text.encode("utf-8")
        if changed:
            contents[file.path] = text
        results.append(UpdateResult(
            lang=lang.tag, path=file.shown, created=old is None, changed=changed,
            added=counts.added if old is not None else len(template.entries),
            fuzzy=counts.fuzzy, restored=counts.restored, obsoleted=counts.obsoleted,
            pruned=counts.pruned))
    if template_old != template_text.encode("utf-8"):
        contents[config.template_path] = template_text
    if contents:
        write_files(contents)
    return results


def new_header(config: Config, lang: Language, template: Catalog) -> Entry:
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
        ("Plural-Forms", lang.plural_forms),
    ]
    return Entry("", ("".join(f"{name}: {value}\n" for name, value in fields),),
                 comments=(f"{english} translations of {config.title}.",))


def merge(template: Catalog, old: Catalog, lang: Language, *,
          prune: bool = False) -> tuple[Catalog, _Counts]:
    """The catalog `old` brought in step with `template`; `old` itself is not changed."""
    counts = _Counts()
    entries = [*old.entries, *old.obsolete]
    obsolete_ids = {id(e) for e in old.obsolete}
    by_key: dict[Key, list[Entry]] = {}
    by_previous: dict[Key, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
        if entry.previous_msgid is not None and entry.fuzzy and entry.has_translation:
            by_previous.setdefault((entry.previous_msgctxt, entry.previous_msgid), []
                                   ).append(entry)
    sources = [e for e in entries if e.has_translation]
    used: set[int] = set()
    forms = plural_count(lang, old.header.msgstr[0] if old.header else "")

    merged: list[Entry] = []
    for wanted in template.entries:
        exact = by_key.get(wanted.key, [])
        if exact:
            best = max(exact, key=lambda e: (e.has_translation, not e.fuzzy,
                                             id(e) not in obsolete_ids))
            used.update(id(e) for e in exact)
            if id(best) in obsolete_ids and best.has_translation:
                counts.restored += 1
            merged.append(_merged(wanted, best, forms, fuzzy=best.fuzzy))
            continue
        before = [e for e in by_previous.get(wanted.key, []) if e.plural == wanted.plural]
        if before:
            used.add(id(before[0]))
            counts.restored += 1
            merged.append(_merged(wanted, before[0], forms, fuzzy=False))
            continue
        similar = _most_similar(wanted, sources)
        if similar is not None:
            used.add(id(similar))
            counts.fuzzy += 1
            merged.append(_merged(wanted, similar, forms, fuzzy=True, similar=True))
            continue
        counts.added += 1
        merged.append(_untranslated(wanted, forms))

    kept = {e.key for e in template.entries}
    obsolete: list[Entry] = []
    for entry in entries:
        if id(entry) in used or not entry.has_translation or entry.key in kept:
            continue
        kept.add(entry.key)
        if prune:
            counts.pruned += 1
            continue
        if id(entry) not in obsolete_ids:
            counts.obsoleted += 1
        obsolete.append(_obsolete(entry))

    header = old.header or Entry("")
    text = header.msgstr[0]
    for name, value in ((CREATION_DATE, creation_date(template)), ("Language", lang.catalog_name),
                        ("Plural-Forms", lang.plural_forms)):
        current = header_field(text, name)
        # Only the template's date is brought in step; the language fields are added when
        # missing and otherwise left as the translator's tool wrote them.
        if value and (current is None or (name == CREATION_DATE and current != value)):
            text = set_header_field(text, name, value)
    merged_header = Entry("", (text,), flags=header.flags, comments=header.comments,
                          auto_comments=header.auto_comments, references=header.references)
    return Catalog(merged_header, tuple(merged), tuple(obsolete), old.path), counts


def _merged(wanted: Entry, found: Entry, forms: int, *, fuzzy: bool,
            similar: bool = False) -> Entry:
    """The template's entry carrying the translation (and translator's notes) of `found`."""
    flags = wanted.flags - {"fuzzy"} | ({"fuzzy"} if fuzzy else set())
    previous: tuple[str | None, str | None, str | None] = (None, None, None)
    if similar:
        if found.fuzzy and found.previous_msgid is not None:
            # Its translation was made for the older string: show the translator that one.
            previous = _previous(found)
        else:
            previous = (found.msgctxt, found.msgid, found.msgid_plural)
    elif fuzzy and found.previous_msgid is not None:
        previous = _previous(found)
    return replace(
        wanted, msgstr=_strings_for(wanted, found.msgstr, forms), flags=flags,
        comments=found.comments, previous_msgctxt=previous[0], previous_msgid=previous[1],
        previous_msgid_plural=previous[2], origin=None)


def _previous(entry: Entry) -> tuple[str | None, str | None, str | None]:
    return entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural


def _untranslated(wanted: Entry, forms: int) -> Entry:
    return replace(wanted, msgstr=_strings_for(wanted, ("",), forms),
                   flags=wanted.flags - {"fuzzy"}, origin=None)


def _obsolete(entry: Entry) -> Entry:
    # As msgmerge does: the source's comments and references go, the translator's stay.
    return replace(entry, references=(), auto_comments=(), origin=None)


def _strings_for(wanted: Entry, strings: Iterable[str], forms: int) -> tuple[str, ...]:
    found = list(strings)
    if not wanted.plural:
        return (found[0] if found else "",)
    return tuple((found + [""] * forms)[:max(forms, len(found))])


def plural_count(lang: Language, header: str = "") -> int:
    """How many plural forms a catalog has: its Plural-Forms header, else the language's."""
    declared = nplurals(header_field(header, "Plural-Forms") or "")
    return lang.plural_count if declared is None else declared


def _most_similar(wanted: Entry, sources: list[Entry]) -> Entry | None:
    """The translated entry whose source is most like `wanted`'s, if any is alike enough.

    An entry of the same message and field wins over a better-scoring one from elsewhere:
    a paragraph edited in place should keep its own translation.
    """
    best: tuple[bool, float] | None = None
    found = None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted.msgid)
    for source in sources:
        if source.plural != wanted.plural:
            continue
        matcher.set_seq1(source.msgid)
        if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_THRESHOLD:
            continue
        score = (source.msgctxt == wanted.msgctxt, ratio)
        if best is None or score > best:
            best, found = score, source
    return found


def _now() -> str:
    return source_date().strftime(DATE_FORMAT)
