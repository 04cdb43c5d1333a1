"""One kit into one output folder: the coalition's own kit, or a partner's copy of it.

`KitBuild` plans a kit's artifacts into a `Site` of the build's execution, language by
language, so that only one language's planned work is held at a time; when every render is
done it settles what the folder holds: files carried from an earlier build, files it no longer
publishes (deleted), the home page, `manifest.json` and the build's own state.

A narrowed build (`--lang`, `--audience`, `--format`) changes only what it was asked for and
keeps the rest of the output, with the home page and `manifest.json` describing all of it. A
language whose catalog is behind the messages keeps the files it last published from reviewed
translations and is reported, never published half in the source language unless
`allow_partial` says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import display_path
from ..kit.catalogs import Key
from ..kit.config import Config
from ..kit.partners import Partner
from ..kit.snapshot import Kit
from ..render.sms import SmsRow
from .cache import Memo
from .execute import Site
from .output import MANIFEST, STATE_DIR, Entry, Previous, Transaction, write_state
from .plan import FORMATS, Artifact, Planner, PlanOptions, RenderEnvironment, needed_keys

GENERATOR = f"outreach {__version__}"
# Which --format each manifest format belongs to; the home page and assets come every time.
FORMAT_OF = {"html": "html", "pdf": "pdf", "flyer": "flyer", "preview": "flyer",
             "social": "social", "alt-text": "social", "caption": "social", "sms": "sms",
             "card": "card", "card-sheet": "card", "bilingual": "bilingual"}


@dataclass(frozen=True)
class Behind:
    """A language whose catalog lacks reviewed translations for strings the kit has now."""

    lang: str
    catalog: str  # the catalog to edit, as a person types its path
    since: str  # when it first fell behind (UTC, ISO 8601)
    fuzzy: tuple[tuple[int | None, str], ...]  # (catalog line, msgid) of fuzzy entries
    missing: tuple[str, ...]  # msgids not in the catalog yet (run `outreach i18n update`)
    untranslated: tuple[tuple[int | None, str], ...]  # (line, msgid) of empty entries
    kept: int = 0  # files kept from the last build made with reviewed translations
    left_out: int = 0  # files not published: nothing reviewed to keep
    started: bool = True  # the catalog translates some string the kit needs (even fuzzily)

    @property
    def strings(self) -> int:
        return len(self.fuzzy) + len(self.missing) + len(self.untranslated)


@dataclass(frozen=True)
class Shared:
    """What every kit of one build shares."""

    formats: tuple[str, ...]
    created: str | None  # SOURCE_DATE_EPOCH as a date, or None
    allow_partial: bool
    environment: RenderEnvironment
    templates: Any  # the compiled Jinja environment
    needed: Sequence[Key]  # every string the kit needs translated
    lint_ignored: int = 0
    clean: bool = False
    # A shard starts from nothing: it carries and keeps no earlier file, so that the shards
    # together make exactly what one build into an empty folder makes.
    fresh: bool = False
    bilingual: tuple[str, ...] = ()  # the languages that get bilingual flyers
    memo: Memo | None = None  # results remembered by their inputs (rendered bodies)
    now: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


class KitBuild:
    """One kit's part of a build: planned into `site`, settled once every render is done."""

    def __init__(self, kit: Kit, site: Site, shared: Shared, *,
                 partner: Partner | None = None,
                 skip: Sequence[str] = ()) -> None:
        self.kit, self.site, self.shared, self.partner = kit, site, shared, partner
        self.skip = tuple(skip)  # folders inside this one that other kits own (partners/)
        folder = site.folder
        self.previous = Previous() if shared.fresh else folder.previous
        scope = _Scope(kit, shared.formats)
        self.carried = {path: entry for path, entry in self.previous.entries.items()
                        if not scope.covers(entry) and (folder.out / path).is_file()}
        linked = frozenset(shared.formats) | {FORMAT_OF.get(e.format, e.format)
                                              for e in self.carried.values()}
        self.planner = Planner(kit, PlanOptions(
            formats=shared.formats, linked=linked, created=shared.created,
            allow_partial=shared.allow_partial, generator=GENERATOR,
            bilingual=shared.bilingual),
            shared.environment, templates=shared.templates, needed=shared.needed,
            memo=shared.memo)
        self.behind: list[Behind] = []
        self.partial: list[str] = []
        state_cards = self.previous.state.get("cards")
        self.cards: dict[str, str] = dict(state_cards) if isinstance(state_cards, dict) else {}
        # Each language's lines of sms.csv as published, so a build of some languages lists
        # the others' too.
        self.sms = _sms_rows(self.previous.state.get("sms"))

    def plan(self) -> None:
        """Plan the assets and every language, each straight into the execution."""
        for artifact in self.planner.assets():
            self.site.add(artifact)
        for lang in self.kit.languages:
            self._language(lang)

    def _language(self, lang: Any) -> None:
        planned = self.planner.language(lang)
        allow_partial = self.shared.allow_partial
        kept = left_out = 0
        if "sms" in self.shared.formats and not planned.sms:
            self.sms.pop(lang.tag, None)  # no message has a text message any more
        for artifact in planned.artifacts:
            if not artifact.needs or allow_partial:
                self.site.add(artifact)
                if artifact.kind == "sms" and artifact.lang:
                    self.sms[artifact.lang] = list(planned.sms)
                continue
            earlier = [self.previous.entries.get(o.path) for o in artifact.outputs]
            if all(e is not None and e.reviewed and (self.site.folder.out / e.path).is_file()
                   for e in earlier):
                for entry in earlier:
                    assert entry is not None
                    self.site.keep(entry)
                kept += 1
            else:
                left_out += 1
        since = None
        if planned.missing and allow_partial:
            self.partial.append(lang.tag)
        elif planned.missing:
            since = self.previous.language(lang.tag).get("behind_since") or self.shared.now
            self.behind.append(_behind(self.kit, lang.tag, planned.missing, since, kept,
                                       left_out, self.shared.needed))
        # The card is made now, while the language's plan is at hand: it links only to the
        # files the folder will hold, and the plan (every page's HTML) can then be let go.
        self.cards[lang.tag] = self.planner.card(planned, self._holds, since)

    def _holds(self, path: str) -> bool:
        return self.site.holds(path) or path in self.carried

    def published(self) -> list[Any]:
        """The languages the folder holds when the build is done, in the kit's order."""
        return [lang for lang in self.kit.config.languages
                if lang in self.kit.languages or self.previous.language(lang.tag)]

    def index(self, partners: Sequence[Mapping[str, str]] = ()) -> None:
        """The home page, last: it lists every published language and `partners`' kits."""
        published = self.published()
        if "sms" in self.shared.formats:
            rows = [row for lang in published for row in self.sms.get(lang.tag, ())]
            if rows:
                self.site.add(self.planner.sms_sheet(rows))
        cards = [self.cards[lang.tag] for lang in published if lang.tag in self.cards]
        index = self.planner.index(cards, partners, present=self._holds)
        self.site.add(index)
        self.site.close()

    def settle(self, extra: Mapping[str, Any] | None = None,
               shard: Mapping[str, Any] | None = None) -> tuple[Entry, ...]:
        """After every render: delete what the folder no longer publishes, and write the
        manifest and state. Returns every file the folder holds."""
        site, tx = self.site, self.site.tx
        entries = {**self.carried, **site.entries}
        if self.shared.clean:
            _clean(site.folder.out, entries, tx, self.skip)
        for path in site.folder.previous.entries:
            if path not in entries:
                tx.delete(path)
        manifest = {**self.header(), **(extra or {})}
        if shard is not None:
            manifest["shard"] = dict(shard)
        tx.write(MANIFEST, manifest_bytes(manifest, entries.values()), if_changed=True)
        write_state(tx, {"cards": {tag: self.cards[tag] for tag in sorted(self.cards)},
                         "sms": {tag: [row.to_list() for row in self.sms[tag]]
                                 for tag in sorted(self.sms)}})
        return tuple(entries[path] for path in sorted(entries))

    def header(self) -> dict[str, Any]:
        """Everything `manifest.json` says besides its list of files."""
        config = self.kit.config
        header: dict[str, Any] = {
            "kit": config.title,
            "generated_by": GENERATOR,
            "source_language": config.source_language.tag,
            "languages": _languages(self.kit, self.planner, self.previous, self.published(),
                                    self.behind, self.partial),
            "audiences": [a.id for a in config.audiences],
            "lint": {"ignored": self.shared.lint_ignored > 0,
                     "errors": self.shared.lint_ignored},
        }
        if self.partner is not None:
            header["partner"] = {"id": self.partner.id, "name": self.partner.name}
        return header


def manifest_bytes(header: Mapping[str, Any], entries: Any) -> bytes:
    """`manifest.json` as every build (and `outreach merge`) writes it: files sorted by path."""
    files = sorted(entries, key=lambda e: e.path)
    manifest = {**header, "artifacts": [e.to_dict() for e in files]}
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def needed(kit: Kit, memo: Memo) -> list[Key]:
    """What the kit needs translated (what `outreach i18n extract` finds), remembered by the
    content it is extracted from: extracting template text means parsing every template."""
    inputs = [kit.config.text, *(m.text for m in kit.messages),
              *(f"{name}\0{source.text}" for name, source in sorted(kit.templates.items()))]
    return memo("needed", inputs, lambda: needed_keys(kit), lambda found: [list(k) for k in found],
                lambda stored: [(context, msgid) for context, msgid in stored])


def expected(kit: Kit, formats: Sequence[str], bilingual: Sequence[str] = ()) -> int:
    """How many renders and pages (not assets, the home page or text files) planning `kit`
    will add."""
    per_language = sum(("html" in formats) + ("pdf" in formats) for _ in kit.audiences)
    messages = len(kit.chosen_messages)
    per_language += messages * sum(kind in formats for kind in ("flyer", "social", "card"))
    if "card" in formats:
        per_language += sum(1 for a in kit.audiences
                            if any(m.audience == a.id for m in kit.chosen_messages))
    total = len(kit.languages) * per_language
    if "bilingual" in formats:
        total += messages * sum(1 for lang in kit.languages if lang.tag in bilingual)
    return total


def shorten_hint(config: Config, artifact: Artifact) -> str:
    if artifact.lang == config.source_language.tag:
        return "shorten the message"
    catalog = config.catalog_path(next(lang for lang in config.languages
                                       if lang.tag == artifact.lang))
    return f"shorten the translation in {display_path(catalog, config.root)} or the message"


class _Scope:
    """Which files of an earlier build this build is responsible for."""

    def __init__(self, kit: Kit, formats: Sequence[str]) -> None:
        self.whole = not kit.is_narrowed and set(formats) == set(FORMATS)
        self.languages = {lang.tag for lang in kit.languages}
        self.audiences = {a.id for a in kit.audiences}
        self.formats = set(formats)

    def covers(self, entry: Entry) -> bool:
        if self.whole or entry.format == "asset" or entry.path == "index.html":
            return True
        return (entry.lang in self.languages
                and (entry.audience is None or entry.audience in self.audiences)
                and FORMAT_OF.get(entry.format, entry.format) in self.formats)


def _behind(kit: Kit, tag: str, missing: frozenset[Key], since: str, kept: int,
            left_out: int, needed: Sequence[Key]) -> Behind:
    catalog = kit.catalogs[tag]
    by_key = {entry.key: entry for entry in catalog.po.entries}
    # Begun: some string the kit needs has a translation, reviewed or still fuzzy.
    started = any((entry := by_key.get(key)) is not None and entry.has_translation
                  for key in needed)
    fuzzy, untranslated, absent = [], [], []
    for key in sorted(missing, key=lambda k: (k[0] or "", k[1])):
        entry = by_key.get(key)
        if entry is None:
            absent.append(key[1])
        elif entry.fuzzy and entry.has_translation:
            fuzzy.append((entry.msgstr_line, key[1]))
        else:
            untranslated.append((entry.msgstr_line, key[1]))
    return Behind(tag, catalog.source.shown, since, tuple(sorted(fuzzy, key=_line)),
                  tuple(absent), tuple(sorted(untranslated, key=_line)), kept, left_out,
                  started)


def _sms_rows(stored: Any) -> dict[str, list[SmsRow]]:
    """sms.csv's lines by language, as the build's state keeps them."""
    if not isinstance(stored, dict):
        return {}
    try:
        return {str(tag): [SmsRow.from_list(row) for row in rows]
                for tag, rows in stored.items()}
    except (TypeError, ValueError):
        return {}  # written by something else: the languages built now are listed


def _line(item: tuple[int | None, str]) -> int:
    return item[0] or 0


def _languages(kit: Kit, planner: Planner, previous: Previous, published: list[Any],
               behind: list[Behind], partial: list[str]) -> list[dict[str, Any]]:
    """Each published language's line in the manifest: fresh for this build's, kept for others."""
    behind_of = {b.lang: b for b in behind}
    result = []
    for lang in published:
        if lang not in kit.languages:
            kept = dict(previous.language(lang.tag))
            if kept:
                result.append(kept)
            continue
        entry: dict[str, Any] = {"lang": lang.tag, "name": lang.native_name,
                                 "dir": lang.direction, "partial": lang.tag in partial}
        stats = planner.coverage(lang)
        if stats is None:
            entry["percent"] = 100.0
        else:
            figures = stats.to_dict()
            entry |= {key: figures[key] for key in
                      ("percent", "translated", "fuzzy", "untranslated", "total")}
        late = behind_of.get(lang.tag)
        entry["behind_since"] = late.since if late else None
        entry["behind_strings"] = late.strings if late else 0
        result.append(entry)
    return result


def _clean(out: Path, keep: Mapping[str, Entry], tx: Transaction, skip: Sequence[str]) -> None:
    """--clean: every file in the output that this build does not publish goes (but not the
    folders of partner kits inside it, which are theirs)."""
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        top = relative.split("/")[0]
        if top == STATE_DIR or top in skip or relative == MANIFEST or path.is_dir():
            continue
        if relative not in keep:
            tx.delete(relative)
