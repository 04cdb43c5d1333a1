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

import math
import os
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..errors import OutreachError, Problem, display_path
from ..kit.config import AUDIENCES, Config
from ..kit.dates import source_date_epoch
from ..kit.partners import Partner, placeholders_used, read_partners
from ..kit.snapshot import Selection, read_kit, select
from .cache import CACHE_DIR, RenderCache, untrusted
from .check import check_kit
from .environment import render_environment
from .execute import (
    Execution,
    Executor,
    KitDone,
    LocalPool,
    Progress,
    ProgressCallback,
    default_jobs,
)
from .kits import FORMAT_OF, Behind, KitBuild, Shared, expected, needed, shorten_hint
from .output import (
    STATE_DIR,
    Entry,
    OutputFolder,
    Transaction,
    commit_all,
    lock_folder,
    misplaced,
)
from .partners import (
    Layout,
    choose,
    listed,
    partner_kit,
    remove_if_empty,
    retire,
    retired,
)
from .plan import FORMATS, RenderEnvironment
from .shard import Assignment, parse_shard


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
    # Only these partners' kits (and the coalition's home page, which lists them); the rest
    # of the output stays as it is. Empty: the coalition's kit and every partner's.
    partners: tuple[str, ...] = ()
    partner_out: Path | None = None  # partner kits in <partner_out>/<id>/ [default: out/partners]
    shard: str | None = None  # "K/N": make only the K-th of N shares of the plan
    scheduler: str | None = None  # a Dask scheduler's address: render on its cluster


@dataclass(frozen=True)
class PartnerResult:
    """One partner's kit as the build left it."""

    id: str
    name: str
    out: Path
    artifacts: tuple[Entry, ...]  # every file its folder holds now


@dataclass(frozen=True)
class BuildResult:
    out: Path
    artifacts: tuple[Entry, ...]  # every file the output holds now, as the manifest lists it
    languages: tuple[str, ...]  # the languages this build worked on
    audiences: tuple[str, ...]
    seconds: float
    formats: tuple[str, ...]  # the formats this build made (--format, or the kit's formats)
    counts: Mapping[str, int] = field(default_factory=dict)  # rendered, cached, unchanged...
    skipped: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # languages built with source-language fallbacks
    behind: tuple[Behind, ...] = ()
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()  # from the translation checks
    made: tuple[str, ...] = ()  # paths this build wrote (new or changed), relative to `out`
    partners: tuple[PartnerResult, ...] = ()  # the partner kits this build worked on
    shard: str | None = None  # "K/N" when this build made one shard of the plan
    # Seconds spent reading and checking, planning and rendering, and writing.
    stages: Mapping[str, float] = field(default_factory=dict)

    def count(self, fmt: str) -> int:
        """How many files of a format this build made or kept for its languages."""
        return self._count(self.artifacts, fmt)

    def count_partners(self, fmt: str) -> int:
        """The same, over every partner kit this build worked on."""
        return sum(self._count(p.artifacts, fmt) for p in self.partners)

    def _count(self, artifacts: Sequence[Entry], fmt: str) -> int:
        if FORMAT_OF.get(fmt, fmt) not in self.formats:
            return 0  # kept from an earlier build, not made by this one
        chosen = set(self.languages)
        return sum(1 for a in artifacts if a.format == fmt and (a.lang in chosen or a.lang is None))


def build(config: Config, options: BuildOptions | None = None,
          progress: ProgressCallback | None = None) -> BuildResult:
    """Build the kit, and its partners' kits; raise `OutreachError` (and change nothing) if
    anything is wrong."""
    options = options or BuildOptions()
    started = time.perf_counter()
    selection = Selection(options.languages, options.audiences)
    problems = select(config, selection)[2] + _unknown_formats(options.formats) + \
        _option_problems(options)
    if problems:
        raise OutreachError(problems)
    out = Path(os.path.abspath(options.out or config.root / "build"))
    layout = Layout(out, options.partner_out)
    if options.partner_out and (problem := _partner_out_problem(layout, config)):
        raise OutreachError(Problem(str(options.partner_out), problem))
    shard = parse_shard(options.shard) if options.shard else None
    formats = tuple(f for f in FORMATS if f in (options.formats or config.formats))
    created = source_date()
    kit = read_kit(config, selection)
    partners = read_partners(config, placeholders_used((m.path, m.text) for m in kit.messages))
    chosen = choose(partners, options.partners)
    cache_dir = Path(os.path.abspath(options.cache or config.root / CACHE_DIR)) \
        if options.use_cache else None
    refused = []
    shown = display_path(cache_dir, config.root) if cache_dir else ""
    if cache_dir is not None and (why := untrusted(cache_dir, shown)):
        refused.append(Problem(shown, why))
        cache_dir = None
    cache = RenderCache(cache_dir)
    cache.clean_stale()
    environment = render_environment()
    memo = cache.memo(environment.tool)
    checked = check_kit(kit, ignore_lint=options.ignore_lint,
                        check_translations=options.check_translations, memo=memo)
    shared = Shared(formats, created, options.allow_partial, environment, checked.templates,
                    needed(kit, memo), checked.lint_ignored, options.clean,
                    fresh=shard is not None, now=_now(created),
                    bilingual=bilingual_languages(config, formats), memo=memo)
    # `--partner` builds partner kits only; the coalition's home page is still made, to list them.
    own = kit if not options.partners else replace(kit, languages=())
    kits = [(p, k) for p in chosen if (k := partner_kit(kit, p)).languages]
    total = expected(own, formats, shared.bilingual) + \
        sum(expected(k, formats, shared.bilingual) for _p, k in kits)
    scripts = {lang.tag: lang.script for lang in config.languages}
    assignment = Assignment(shard, lambda tag: scripts.get(tag or "", "Latn")) if shard else None
    checked_at = time.perf_counter()
    # A cluster that cannot be reached is reported before the output is touched.
    executor = options.executor or _executor(options, environment)
    with ExitStack() as stack:
        stack.callback(executor.close, cancel=True)  # a no-op once closed below
        root = stack.enter_context(OutputFolder.open(out, config))
        if not layout.nested and kits:
            stack.enter_context(lock_folder(layout.base))
        run = Execution(cache, executor, progress or (lambda _p: None),
                        total=math.ceil(total / shard.count) if shard else total,
                        in_flight=2 * getattr(executor, "jobs", 4),
                        advice=lambda artifact: shorten_hint(config, artifact),
                        shard=assignment)
        transactions: list[Transaction] = []
        try:
            root_tx = root.transaction()
            transactions.append(root_tx)
            coalition = KitBuild(own, run.site(root, root_tx), shared, skip=layout.skip())
            coalition.plan()
            builds: list[tuple[Partner, KitBuild]] = []
            for partner, partner_kit_ in kits:
                folder = stack.enter_context(OutputFolder.open(layout.folder(partner.id),
                                                               config, lock=False))
                tx = folder.transaction()
                transactions.append(tx)
                job = KitBuild(partner_kit_, run.site(folder, tx, partner.id), shared,
                               partner=partner)
                job.plan()
                job.index()
                builds.append((partner, job))
            earlier = [] if shard else list(root.previous.manifest.get("partners") or [])
            every = not options.partners
            listing = listed(partners, [p for p, _k in kits], earlier, layout, every=every)
            dropped = retired({p.id for p in partners}, earlier, layout) if every else []
            for path in dropped:
                folder = stack.enter_context(OutputFolder.open(path, config, lock=False))
                tx = folder.transaction()
                transactions.append(tx)
                retire(folder, tx)
            coalition.index([{"name": p["name"], "href": p["href"]} for p in listing])
            run.finish()
            rendered_at = time.perf_counter()
            described = assignment.describe() if assignment else None
            results = [PartnerResult(partner.id, partner.name, job.site.folder.out,
                                     job.settle(shard=described)) for partner, job in builds]
            extra = {"partners": listing} if partners or earlier else None
            entries = coalition.settle(extra, shard=described)
            commit_all(transactions)  # the coalition's (root_tx, the first) last
        except BaseException:
            executor.close(cancel=True)
            for tx in transactions:
                tx.abort()
            raise
        executor.close(cancel=False)
    for path in dropped:
        remove_if_empty(path)
    made = [path for tx in transactions for path in _made(tx, out)]
    return BuildResult(
        out=out, artifacts=entries, languages=tuple(lang.tag for lang in kit.languages),
        audiences=tuple(a.id for a in kit.audiences), seconds=time.perf_counter() - started,
        formats=formats, counts=dict(run.counts),
        partial=tuple(coalition.partial or _first(builds, "partial")),
        behind=tuple(coalition.behind or _first(builds, "behind")),
        lint_ignored=checked.lint_ignored, warnings=(*refused, *checked.warnings),
        made=tuple(sorted(made)), partners=tuple(results), shard=str(shard) if shard else None,
        skipped=() if "html" in formats else ("web pages (--format excludes html)",),
        stages={"read and check": checked_at - started,
                "plan and render": rendered_at - checked_at,
                "write": time.perf_counter() - rendered_at})


def _first(builds: Sequence[tuple[Partner, KitBuild]], name: str) -> list[Behind] | list[str]:
    """What the first partner kit says about its languages (all partners share catalogs)."""
    return list(getattr(builds[0][1], name)) if builds else []


def _made(tx: Transaction, out: Path) -> list[str]:
    prefix = Path(os.path.relpath(tx.out, out)).as_posix()
    return [path if prefix == "." else f"{prefix}/{path}" for path in tx.writes
            if not path.startswith(STATE_DIR)]


def _executor(options: BuildOptions, environment: RenderEnvironment) -> Executor:
    if options.scheduler:
        from .dask import DaskExecutor

        return DaskExecutor(options.scheduler, environment)
    return LocalPool(options.jobs or default_jobs())


def _option_problems(options: BuildOptions) -> list[Problem]:
    problems = []
    if options.shard and options.partner_out:
        problems.append(Problem("--partner-out", "cannot be used with --shard: shards keep "
                                "partner kits in partners/, where 'outreach merge' finds them"))
    if options.scheduler and options.executor:
        problems.append(Problem("--scheduler", "given with an executor of its own"))
    return problems


def _partner_out_problem(layout: Layout, config: Config) -> str | None:
    """Why partner kits cannot go where --partner-out says, checked before anything is made."""
    if layout.base == layout.out:
        return ("is the output folder itself; partner kits need a folder of their own (the "
                "default is partners/ inside the output)")
    if layout.out.is_relative_to(layout.base):
        return "holds the output folder; choose a folder beside or inside it"
    return misplaced(layout.base, config, "--partner-out", "partners/ inside the output")


def _unknown_formats(wanted: tuple[str, ...]) -> list[Problem]:
    return [Problem("--format", f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
            for fmt in wanted if fmt not in FORMATS]


def bilingual_languages(config: Config, asked: Sequence[str]) -> tuple[str, ...]:
    """The languages that get bilingual flyers: `[kit] bilingual`, or, when it names none
    and `--format bilingual` asks for them, every translated language."""
    if config.bilingual or "bilingual" not in asked:
        return config.bilingual
    return tuple(lang.tag for lang in config.translated_languages)


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as a date for PDFs, or None to use the time each is made."""
    moment = source_date_epoch()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _now(created: str | None) -> str:
    return created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["AUDIENCES", "Behind", "BuildOptions", "BuildResult", "KitDone", "PartnerResult",
           "Progress", "build"]
