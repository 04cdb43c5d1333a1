"""`build(config) -> BuildResult`: the whole kit, or the part of it that was asked for.

The build first reads and checks everything (messages, templates, catalogs), then renders into a
staging folder beside the output, and replaces the output only when every file was written. A
failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..errors import (
    MissingTranslations,
    OutreachError,
    Problem,
    RenderError,
    SourceError,
    display_path,
)
from ..i18n.extract import extract_kit
from ..kit.catalogs import CompiledCatalog, compile_catalog, read_catalogs
from ..kit.config import AUDIENCES, Audience, Config
from ..kit.languages import Language, language
from ..kit.messages import Message, load_messages
from ..kit.theme import asset_dirs
from ..po import Catalog
from ..render import html
from ..render.localize import Localizer
from ..render.pdf import PdfJob, PdfPool, default_jobs
from ..render.templates import check_templates, environment

FORMATS = ("html", "pdf", "flyer")
# Thumbnail sizes in pixels, from the paper's proportions (the preview is 360 pixels wide).
PREVIEW_SIZE = {"letter": (360, 466), "a4": (360, 509)}
GENERATOR = f"outreach {__version__}"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None  # default: <kit>/build
    languages: tuple[str, ...] = ()  # default: every language in outreach.toml
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    jobs: int | None = None  # default: every core
    allow_partial: bool = False
    # The checks of `outreach i18n check` (placeholders, links, lengths...) stop a build on
    # errors; turning them off leaves the renderer's own defences, which never trust a catalog.
    check_translations: bool = True
    # Publish even though `outreach lint` finds errors; the manifest records that it was done.
    ignore_lint: bool = False


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the output folder, with forward slashes
    lang: str | None
    audience: str | None
    format: str
    message: str | None
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "lang": self.lang, "audience": self.audience,
                "format": self.format, "message": self.message, "sha256": self.sha256}


@dataclass(frozen=True)
class BuildResult:
    out: Path
    artifacts: tuple[Artifact, ...]
    languages: tuple[str, ...]
    audiences: tuple[str, ...]
    seconds: float
    skipped: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # languages built with source-language fallbacks
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint
    warnings: tuple[Problem, ...] = ()  # from the translation checks

    def count(self, fmt: str) -> int:
        return sum(1 for a in self.artifacts if a.format == fmt)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    label: str


ProgressCallback = Callable[[Progress], None]


@dataclass
class _Plan:
    languages: tuple[Language, ...]
    audiences: tuple[Audience, ...]
    formats: tuple[str, ...]
    messages: tuple[Message, ...]
    catalogs: dict[str, CompiledCatalog | None]
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)  # from i18n status
    partial: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    lint_ignored: int = 0  # lint errors published anyway with --ignore-lint


def build(config: Config, options: BuildOptions | None = None,
          progress: ProgressCallback | None = None) -> BuildResult:
    """Build the kit; raise `OutreachError` (and change nothing) if anything is wrong."""
    options = options or BuildOptions()
    started = time.perf_counter()
    out = (options.out or config.root / "build").resolve()
    _check_output_folder(config, out)

    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        with _pdf_pool(options, staging) as pool:
            plan = _plan(config, options)
            artifacts = _render(config, plan, staging, pool, progress or (lambda _p: None))
        _write_manifest(config, plan, staging, artifacts)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(
        out=out, artifacts=tuple(artifacts), languages=tuple(lang.tag for lang in plan.languages),
        audiences=tuple(a.id for a in plan.audiences), seconds=time.perf_counter() - started,
        skipped=tuple(plan.skipped), partial=tuple(plan.partial),
        lint_ignored=plan.lint_ignored,
        warnings=tuple(plan.warnings))


def _plan(config: Config, options: BuildOptions) -> _Plan:
    """Read and check everything the build needs before anything is written."""
    problems: list[Problem] = []
    languages = _select(config.languages, options.languages, lambda lang: lang.tag, "--lang",
                        problems, normalize=lambda tag: tag.replace("_", "-"))
    audiences = _select(config.audiences, options.audiences, lambda a: a.id, "--audience",
                        problems)
    formats = tuple(f for f in FORMATS if not options.formats or f in options.formats)
    for fmt in options.formats:
        if fmt not in FORMATS:
            problems.append(Problem("--format", f"unknown format {fmt!r}; choose from "
                                    f"{', '.join(FORMATS)}"))
    if problems:
        raise OutreachError(problems)

    messages = load_messages(config)
    check_templates(config)
    lint_errors = _lint(config, languages, ignore=options.ignore_lint)
    chosen = tuple(m for m in messages if m.audience in {a.id for a in audiences})
    # What the kit needs translated, as `outreach i18n extract` sees it; a narrowed build
    # needs only its own audiences' messages.
    wanted = [entry.key for entry in extract_kit(config, messages)]
    others = {a.id for a in config.audiences} - {a.id for a in audiences}
    needed = [key for key in wanted if (key[0] or "").split("/")[0] not in others]

    catalogs: dict[str, CompiledCatalog | None] = {config.source_language.tag: None}
    read: dict[str, Catalog] = {}
    partial: list[str] = []
    for file in read_catalogs(config, languages):
        lang, shown = file.language, file.shown
        if file.catalog is None:
            raise SourceError(Problem(shown, "catalog not found; create it with 'outreach i18n "
                                      f"init {lang.tag}'"))
        read[lang.tag] = po = file.catalog
        catalogs[lang.tag] = catalog = compile_catalog(po, lang)
        missing = catalog.missing(needed)
        if missing and not options.allow_partial:
            for context, msgid in missing[:20]:
                where = f"msgctxt {context!r}, " if context else ""
                problems.append(Problem(shown, f"missing translation ({where}msgid "
                                        f"{_preview(msgid)!r})"))
            if len(missing) > 20:
                problems.append(Problem(shown, f"... and {len(missing) - 20} more"))
            problems.append(Problem(shown, f"{len(missing)} of {len(needed)} strings are not "
                                    f"translated; translate them, or build with --allow-partial "
                                    f"to show them in {config.source_language.native_name}"))
        elif missing:
            partial.append(lang.tag)
    if problems:
        raise MissingTranslations(problems)
    warnings = _check_translations(config, read) if options.check_translations else []
    return _Plan(languages, audiences, formats, messages=chosen, catalogs=catalogs,
                 coverage=_coverage(config, read, wanted), partial=partial, warnings=warnings,
                 lint_ignored=lint_errors)


def _lint(config: Config, languages: Sequence[Language], *, ignore: bool) -> int:
    """Refuse to publish discouraged terms; return how many errors an override let through."""
    from ..lint.gate import build_gate, problems

    findings = build_gate(config, languages=languages)
    if findings and not ignore:
        raise OutreachError([*problems(findings), Problem(
            "outreach lint", f"{len(findings)} discouraged term{'s' * (len(findings) != 1)}; "
            "fix them (outreach lint --fix "
            "rewrites the clear cases), or build with --ignore-lint to publish anyway")])
    return len(findings)


def _check_translations(config: Config, read: dict[str, Catalog]) -> list[Problem]:
    """The translation checks of `outreach i18n check`: errors stop the build."""
    from ..i18n.check import CHECKS, check_catalog

    # Discouraged terms are the linter's job; it runs over the catalogs before the build.
    checks = set(CHECKS) - {"terms"}
    findings = [finding for tag, po in read.items()
                for finding in check_catalog(po, language(tag), config, checks=checks)]
    errors = [f.problem() for f in findings if f.severity == "error"]
    if errors:
        raise OutreachError(errors)
    return [f.problem() for f in findings if f.severity != "error"]


def _coverage(config: Config, read: dict[str, Catalog],
              wanted: list[tuple[str | None, str]]) -> dict[str, dict[str, Any]]:
    """Each language's figures as `outreach i18n status` counts them."""
    from ..i18n.status import count_translations

    coverage = {config.source_language.tag: {"percent": 100.0}}
    for tag, po in read.items():
        figures = count_translations(language(tag), po, wanted).to_dict()
        coverage[tag] = {key: figures[key] for key in
                         ("percent", "translated", "fuzzy", "untranslated", "total")}
    return coverage


def _pdf_pool(options: BuildOptions, staging: Path) -> Any:
    """PDF workers, started before the kit is read so their set-up overlaps with it."""
    wants_pdfs = not options.formats or {"pdf", "flyer"} & set(options.formats)
    return PdfPool(options.jobs or default_jobs(), staging) if wants_pdfs else nullcontext()


def _render(config: Config, plan: _Plan, staging: Path, pool: Any,
            progress: ProgressCallback) -> list[Artifact]:
    from ..kit.fonts import fonts_css

    for folder in asset_dirs(config):
        if folder.is_dir():
            shutil.copytree(folder, staging / "assets", dirs_exist_ok=True)
    (staging / "assets" / "fonts.css").write_text(fonts_css(), encoding="utf-8")
    sheets = len(plan.audiences) if "pdf" in plan.formats else 0
    flyers = len(plan.messages) if "flyer" in plan.formats else 0
    total = len(plan.languages) * (sheets + flyers)

    artifacts: list[Artifact] = []
    problems: list[Problem] = []
    pending = [(pool.submit(job), job, artifact)
               for job, artifact in _pages(config, plan, staging, artifacts)]
    for done, (future, job, artifact) in enumerate(pending, start=1):
        try:
            result = future.result()
        except OutreachError:
            raise
        except Exception as exc:
            raise RenderError(Problem(artifact.path, f"PDF rendering failed: {exc}")) from None
        artifacts.append(replace(artifact, sha256=result.sha256))
        if result.preview_sha256 and job.preview:
            artifacts.append(replace(artifact, path=job.preview.relative_to(staging).as_posix(),
                                     format="preview", sha256=result.preview_sha256))
        problems.extend(_pdf_problems(config, plan, artifact, result))
        progress(Progress(done, total, artifact.path))
    if problems:
        raise RenderError(problems)
    return sorted(artifacts, key=lambda a: a.path)


def _pdf_problems(config: Config, plan: _Plan, artifact: Artifact, result: Any) -> list[Problem]:
    """Tofu and overlong flyers, each pinned on the file a person must change."""
    source = next((m.path for m in plan.messages
                   if m.id == artifact.message and m.audience == artifact.audience), None)
    what = f"{artifact.lang} flyer" if source else artifact.path
    where = source or artifact.path
    problems = []
    if result.missing_glyphs:
        chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in result.missing_glyphs[:5])
        problems.append(Problem(where, f"{what}: no installed font can draw {chars}; run "
                                "'outreach doctor' to see which fonts to install"))
    if result.overflow:
        catalog = config.catalog_path(next(lang for lang in plan.languages
                                           if lang.tag == artifact.lang))
        fix = "shorten the message" if artifact.lang == config.source_language.tag else \
            f"shorten the translation in {display_path(catalog, config.root)} or the message"
        problems.append(Problem(where, f"{what} does not fit on one page, even with the type "
                                f"at {config.flyer_min_scale:.0%}: about {result.overflow:.0%} of "
                                f"a page too long; {fix}"))
    return problems


def _pages(config: Config, plan: _Plan, staging: Path,
           artifacts: list[Artifact]) -> Iterator[tuple[Any, Artifact]]:
    """Write every web page into `artifacts`; yield the PDF jobs, longest first per language."""
    created = _created()
    index_entries = []
    for lang in plan.languages:
        catalog = plan.catalogs[lang.tag]
        localizer = Localizer(config, lang, catalog)
        env = environment(config, catalog.gettext() if catalog else None)
        base = html.kit_context(config, localizer, GENERATOR)
        pages = []
        flyer_jobs = []
        flyer_links = []
        for audience in plan.audiences:
            messages = [localizer.message(m) for m in plan.messages if m.audience == audience.id]
            if "html" in plan.formats:
                page = html.audience_page(
                    env, base, audience, localizer, messages, plan.languages,
                    sheet="pdf" in plan.formats, flyers="flyer" in plan.formats,
                    site_url=config.site_url)
                path = html.PageLinks.page(lang, audience.id)
                artifacts.append(_write(staging, path, page, lang, audience.id, "html", None))
            if "pdf" in plan.formats:
                path = html.PageLinks.sheet(lang, audience.id)
                text = html.sheet(env, base, audience, localizer, messages, created)
                yield _pdf_job(staging, path, text, lang, audience.id, "pdf", None)
            if "flyer" in plan.formats:
                for message in messages:
                    path = html.PageLinks.flyer(lang, audience.id, message.id)
                    text = html.flyer(env, base, message, created)
                    preview = html.PageLinks.preview(lang, audience.id, message.id)
                    flyer_jobs.append(_pdf_job(staging, path, text, lang, audience.id, "flyer",
                                               message.id, fit_one_page=True,
                                               min_scale=config.flyer_min_scale,
                                               preview=staging / preview))
                    flyer_links.append({"pdf_href": path, "title": message.title,
                                        "preview_href": preview,
                                        "preview_width": PREVIEW_SIZE[config.paper][0],
                                        "preview_height": PREVIEW_SIZE[config.paper][1]})
            label = html.audience_context(audience, localizer)["label"]
            pages.append({"label": label,
                          "html_href": html.PageLinks.page(lang, audience.id)
                          if "html" in plan.formats else None,
                          "pdf_href": html.PageLinks.sheet(lang, audience.id)
                          if "pdf" in plan.formats else None})
        yield from flyer_jobs
        entry = {"lang": lang, "pages": pages, "flyers": flyer_links,
                 "partial": lang.tag in plan.partial,
                 "coverage": _percent(plan.coverage[lang.tag]["percent"]),
                 "name_in_source": lang.name_in(config.source_language)}
        # Each language's entry on the home page is written in that language.
        card = html.render(env, "partials/language_card.html",
                           {**base, "entry": entry, "source": config.source_language})
        index_entries.append({"card": Markup(card)})

    if "html" in plan.formats:
        source = config.source_language
        base = html.kit_context(config, Localizer(config, source, None), GENERATOR)
        page = html.index_page(environment(config), base, index_entries, config.site_url)
        artifacts.append(_write(staging, "index.html", page, source, None, "html", None))
    else:
        plan.skipped.append("index.html and web pages (--format excludes html)")


def _pdf_job(staging: Path, path: str, text: str, lang: Language, audience: str, fmt: str,
             message: str | None, **options: Any) -> tuple[PdfJob, Artifact]:
    job = PdfJob(html=text, target=staging / path, base_url=str(staging) + "/", **options)
    return job, Artifact(path, lang.tag, audience, fmt, message, "")


def _write(staging: Path, path: str, text: str, lang: Language, audience: str | None,
           fmt: str, message: str | None) -> Artifact:
    target = staging / path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    target.write_bytes(data)
    return Artifact(path, lang.tag, audience, fmt, message, hashlib.sha256(data).hexdigest())


def _write_manifest(config: Config, plan: _Plan, staging: Path,
                    artifacts: Sequence[Artifact]) -> None:
    manifest = {
        "kit": config.title,
        "generated_by": GENERATOR,
        "source_language": config.source_language.tag,
        "languages": [{"lang": lang.tag, "name": lang.native_name, "dir": lang.direction,
                       "partial": lang.tag in plan.partial, **plan.coverage[lang.tag]}
                      for lang in plan.languages],
        "audiences": [a.id for a in plan.audiences],
        "lint": {"ignored": plan.lint_ignored > 0, "errors": plan.lint_ignored},
        "artifacts": [a.to_dict() for a in artifacts],
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")


def _replace(staging: Path, out: Path) -> None:
    """Swap the finished staging folder in for the old output."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _check_output_folder(config: Config, out: Path) -> None:
    """Refuse to replace a folder that is not an earlier build: it may hold someone's work."""
    root = config.root.resolve()
    if out == root or out in root.parents:
        raise OutreachError(Problem(str(out), "the output folder cannot be the kit itself or "
                                    "one of its parents; choose another --out"))
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / MANIFEST).is_file())):
        raise OutreachError(Problem(str(out), "exists and is not an outreach build (it has no "
                                    "manifest.json); choose another --out or remove it"))


def _select(available: Sequence[Any], wanted: Sequence[str], key: Callable[[Any], str],
            option: str, problems: list[Problem],
            normalize: Callable[[str], str] = str) -> tuple[Any, ...]:
    if not wanted:
        return tuple(available)
    names = [key(item) for item in available]
    for name in wanted:
        if normalize(name) not in names:
            problems.append(Problem(option, f"{name!r} is not in this kit; choose from "
                                    f"{', '.join(names)}"))
    chosen = {normalize(name) for name in wanted}
    return tuple(item for item in available if key(item) in chosen)


def _created() -> str | None:
    """The date written into PDFs: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _percent(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _preview(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["AUDIENCES", "Artifact", "BuildOptions", "BuildResult", "Progress", "build"]
