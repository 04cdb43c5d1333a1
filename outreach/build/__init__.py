"""`build(config) -> BuildResult`: the kit as read -> check -> plan -> render -> write.

- read: `kit.snapshot.read_kit` reads every input once (the selected languages' catalogs only);
- check: `build.check` stops on template errors, discouraged terms and broken translations;
- plan: `build.plan` lists every artifact with its content key, rendering only HTML;
- render: `build.execute` takes each artifact from the output, the cache or a renderer;
- write: `build.output` swaps the new files in together, deleting only what a build wrote.

A narrowed build (`--lang`, `--audience`, `--format`) changes only what it was asked for and
keeps the rest of the output, with the home page and `manifest.json` describing all of it. A
failed build leaves the output exactly as it was. A language whose catalog is behind the
messages keeps the files it last published from reviewed translations and is reported, never
published half in the source language unless `allow_partial` says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutreachError, Problem
from ..kit.catalogs import Key
from ..kit.config import AUDIENCES, Config
from ..kit.dates import source_date_epoch
from ..kit.snapshot import Kit, Selection, read_kit, select
from .cache import CACHE_DIR, RenderCache
from .check import check_kit
from .environment import render_environment
from .execute import (
    Execution,
    Executor,
    LocalPool,
    Progress,
    ProgressCallback,
    default_jobs,
    held_signals,
)
from .output import MANIFEST, STATE_DIR, Entry, OutputFolder, Transaction, write_state
from .plan import (
    FORMATS,
    Artifact,
    LanguagePlan,
    Planner,
    PlanOptions,
    RenderEnvironment,
    needed_keys,
)

GENERATOR = f"outreach {__version__}"
# Which --format each manifest format belongs to; the home page and assets come every time.
FORMAT_OF = {"html": "html", "pdf": "pdf", "flyer": "flyer", "preview": "flyer"}


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <kit>/build
    languages: tuple[str, ...] = ()  # default: every language in outreach.toml
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    jobs: int | None = None  # default: every core
    allow_partial: bool = False  # publish missing strings in the source language
    # The checks of `outreach i18n check` (placeholders, links, lengths...) stop a build on
    # errors; turning them off leaves the renderer's own defences, which never trust a catalog.
    check_translations: bool = True
    # Publish even though `outreach lint` finds errors; the manifest records that it was done.
    ignore_lint: bool = False
    cache: Path | None = None  # default: <kit>/.outreach-cache
    use_cache: bool = True
    clean: bool = False  # also delete files in the output that no build wrote
    executor: Executor | None = None  # default: a LocalPool of `jobs` processes


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

    @property
    def strings(self) -> int:
        return len(self.fuzzy) + len(self.missing) + len(self.untranslated)


@dataclass(frozen=True)
class BuildResult:
    out: Path
    artifacts: tuple[Entry, ...]  # every file the output holds now, as the manifest lists it
    languages: tuple[str, ...]  # the languages this build worked on
    audiences: tuple[str, ...]
    seconds: float
    counts: Mapping[str, int] = field(default_factory=dict)  # rendered, cached, unchanged...
    skipped: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # languages built with source-language fallbacks
    behind: tuple[Behind, ...] = ()
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()  # from the translation checks
    made: tuple[str, ...] = ()  # paths this build wrote (new or changed)

    def count(self, fmt: str) -> int:
        """How many files of a format this build made or kept for its languages."""
        chosen = set(self.languages)
        return sum(1 for a in self.artifacts if a.format == fmt
                   and (a.lang in chosen or a.lang is None or fmt == "html"))


def build(config: Config, options: BuildOptions | None = None,
          progress: ProgressCallback | None = None) -> BuildResult:
    """Build the kit; raise `OutreachError` (and change nothing) if anything is wrong."""
    options = options or BuildOptions()
    started = time.perf_counter()
    selection = Selection(options.languages, options.audiences)
    problems = select(config, selection)[2] + _unknown_formats(options.formats)
    if problems:
        raise OutreachError(problems)
    formats = tuple(f for f in FORMATS if not options.formats or f in options.formats)
    created = source_date()
    kit = read_kit(config, selection)
    cache = RenderCache(None if not options.use_cache else
                        Path(os.path.abspath(options.cache or config.root / CACHE_DIR)))
    cache.clean_stale()
    environment = render_environment()
    checked = check_kit(kit, ignore_lint=options.ignore_lint,
                        check_translations=options.check_translations, memo=cache,
                        tool=environment.tool)
    out = Path(os.path.abspath(options.out or config.root / "build"))
    executor = options.executor or LocalPool(options.jobs or default_jobs())
    with OutputFolder.open(out, config) as folder:
        tx = folder.transaction()
        try:
            result = _run(kit, options, formats, created, folder, tx, cache, executor,
                          progress or (lambda _p: None), checked.lint_ignored, environment,
                          checked.templates)
            with held_signals():  # a swap, once begun, is finished before Ctrl-C is heard
                tx.commit()
        except BaseException:
            executor.close(cancel=True)
            tx.abort()
            raise
        executor.close(cancel=False)
    return BuildResult(out=out, seconds=time.perf_counter() - started,
                       lint_ignored=checked.lint_ignored, warnings=checked.warnings, **result)


def _run(kit: Kit, options: BuildOptions, formats: tuple[str, ...], created: str | None,
         folder: OutputFolder, tx: Transaction, cache: RenderCache, executor: Executor,
         progress: ProgressCallback, lint_ignored: int, environment: RenderEnvironment,
         templates: Any) -> dict[str, Any]:
    config = kit.config
    previous = folder.previous
    scope = _Scope(kit, formats)
    carried = {path: entry for path, entry in previous.entries.items()
               if not scope.covers(entry) and (folder.out / path).is_file()}
    linked = frozenset(formats) | {FORMAT_OF.get(e.format, e.format) for e in carried.values()}
    planner = Planner(kit, PlanOptions(formats=formats, linked=linked, created=created,
                                       allow_partial=options.allow_partial,
                                       generator=GENERATOR), environment,
                      templates=templates, needed=_needed(kit, cache, environment.tool))
    run = Execution(folder, tx, cache, executor, progress, total=_expected(kit, formats),
                    in_flight=2 * getattr(executor, "jobs", 4),
                    advice=lambda artifact: _shorten_hint(config, artifact))
    for artifact in planner.assets():
        run.add(artifact)
    now = _now(created)
    plans: list[LanguagePlan] = []
    behind: list[Behind] = []
    partial: list[str] = []
    for lang in kit.languages:
        planned = planner.language(lang)
        plans.append(planned)
        kept = left_out = 0
        for artifact in planned.artifacts:
            if not artifact.needs or options.allow_partial:
                run.add(artifact)
                continue
            earlier = [previous.entries.get(o.path) for o in artifact.outputs]
            if all(e is not None and e.reviewed and (folder.out / e.path).is_file()
                   for e in earlier):
                for entry in earlier:
                    assert entry is not None
                    run.keep(entry)
                kept += 1
            else:
                left_out += 1
        if planned.missing and options.allow_partial:
            partial.append(lang.tag)
        elif planned.missing:
            since = previous.language(lang.tag).get("behind_since") or now
            behind.append(_behind(kit, lang.tag, planned.missing, since, kept, left_out))
    run.finish()

    entries = {**carried, **run.entries}
    present = entries.__contains__
    since_of = {b.lang: b.since for b in behind}
    cards = dict(previous.state.get("cards", {})) if isinstance(previous.state.get("cards"),
                                                                 dict) else {}
    for planned in plans:
        cards[planned.language.tag] = planner.card(planned, present,
                                                   since_of.get(planned.language.tag))
    published = [lang for lang in config.languages
                 if lang in kit.languages or previous.language(lang.tag)]
    index = planner.index([cards[lang.tag] for lang in published if lang.tag in cards])
    run.add(index)
    entries[index.path] = run.entries[index.path]

    if options.clean:
        _clean(folder.out, entries, tx)
    for path in previous.entries:
        if path not in entries:
            tx.delete(path)
    languages = _languages(kit, planner, previous, published, behind, partial)
    manifest = {
        "kit": config.title,
        "generated_by": GENERATOR,
        "source_language": config.source_language.tag,
        "languages": languages,
        "audiences": [a.id for a in config.audiences],
        "lint": {"ignored": lint_ignored > 0, "errors": lint_ignored},
        "artifacts": [entries[path].to_dict() for path in sorted(entries)],
    }
    tx.write(MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
             if_changed=True)
    write_state(tx, {"cards": {tag: cards[tag] for tag in sorted(cards)}})
    made = tuple(sorted(path for path in tx.writes if not path.startswith(STATE_DIR)))
    return {"artifacts": tuple(entries[path] for path in sorted(entries)),
            "languages": tuple(lang.tag for lang in kit.languages),
            "audiences": tuple(a.id for a in kit.audiences), "counts": dict(run.counts),
            "partial": tuple(partial), "behind": tuple(behind), "made": made,
            "skipped": () if "html" in formats else
            ("web pages (--format excludes html)",)}


def _needed(kit: Kit, memo: RenderCache, tool: str) -> list[Key]:
    """What the kit needs translated (what `outreach i18n extract` finds), remembered by the
    content it is extracted from: extracting template text means parsing every template."""
    identity = [tool, kit.config.text, *(m.text for m in kit.messages),
                *(f"{name}\0{source.text}" for name, source in sorted(kit.templates.items()))]
    key = hashlib.sha256("\0".join(identity).encode("utf-8")).hexdigest()
    stored = memo.get_record("needed", key)
    if isinstance(stored, list):
        return [(context, msgid) for context, msgid in stored]
    needed = needed_keys(kit)
    memo.put_record("needed", key, [list(k) for k in needed])
    return needed


class _Scope:
    """Which files of an earlier build this build is responsible for."""

    def __init__(self, kit: Kit, formats: tuple[str, ...]) -> None:
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
            left_out: int) -> Behind:
    catalog = kit.catalogs[tag]
    by_key = {entry.key: entry for entry in catalog.po.entries}
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
                  tuple(absent), tuple(sorted(untranslated, key=_line)), kept, left_out)


def _line(item: tuple[int | None, str]) -> int:
    return item[0] or 0


def _languages(kit: Kit, planner: Planner, previous: Any, published: list[Any],
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


def _clean(out: Path, keep: Mapping[str, Entry], tx: Transaction) -> None:
    """--clean: every file in the output that this build does not publish goes."""
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if relative.split("/")[0] == STATE_DIR or relative == MANIFEST or path.is_dir():
            continue
        if relative not in keep:
            tx.delete(relative)


def _expected(kit: Kit, formats: tuple[str, ...]) -> int:
    per_language = sum(("html" in formats) + ("pdf" in formats) for _ in kit.audiences)
    per_language += len(kit.chosen_messages) if "flyer" in formats else 0
    return len(kit.languages) * per_language


def _shorten_hint(config: Config, artifact: Artifact) -> str:
    if artifact.lang == config.source_language.tag:
        return "shorten the message"
    catalog = config.catalog_path(next(lang for lang in config.languages
                                       if lang.tag == artifact.lang))
    from ..errors import display_path

    return f"shorten the translation in {display_path(catalog, config.root)} or the message"


def _unknown_formats(wanted: tuple[str, ...]) -> list[Problem]:
    return [Problem("--format", f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
            for fmt in wanted if fmt not in FORMATS]


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as a date for PDFs, or None to use the time each is made."""
    moment = source_date_epoch()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _now(created: str | None) -> str:
    return created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["AUDIENCES", "Behind", "BuildOptions", "BuildResult", "Progress", "build"]
