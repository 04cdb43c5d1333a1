"""What `outreach lint` does once its options are known, and a quick reading of those options.

Editors and pre-commit hooks run `outreach lint` on every save, so its start-up time is most of
what people wait for. Typer checks each option through pydantic, which costs more than linting
a large file; `parse` reads the options of an ordinary run directly, and anything it does not
recognise (--help, a mistake, an abbreviation) is left to Typer, which explains it. Both paths
end in `run`, so they behave the same; the tests hold them to it.

Nothing here imports Typer, and the library is imported only when the command runs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutreachError

if TYPE_CHECKING:
    from ..kit.config import Config
    from ..lint.fix import FileFix
    from ..lint.scan import Checked
    from ..lint.settings import LintSettings

LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")
KIT_FILE = "outreach.toml"  # outreach.kit.config.CONFIG_NAME
FORMATS = ("text", "json", "sarif", "github")
AUDIENCES = ("community", "decision-makers")  # outreach.kit.config.AUDIENCES


@dataclass(frozen=True)
class LintOptions:
    files: tuple[Path, ...] = ()
    lang: str | None = None
    fmt: str = "text"
    fix: bool = False
    diff: bool = False
    list_rules: bool = False
    strict: bool = False
    kit: Path = Path(".")
    audience: str | None = None


_VALUED = {"--lang": "lang", "-l": "lang", "--format": "fmt", "-f": "fmt", "--kit": "kit",
           "-C": "kit", "--audience": "audience", "-a": "audience"}
_FLAGS = {"--fix": "fix", "--diff": "diff", "--list-rules": "list_rules", "--strict": "strict"}


def parse(argv: list[str]) -> LintOptions | None:
    """The options of an ordinary run, or None for anything Typer should handle."""
    options = LintOptions()
    files: list[Path] = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            files += [Path(a) for a in args]
            break
        if not arg.startswith("-") or arg == "-":
            files.append(Path(arg))
            continue
        name, eq, inline = arg.partition("=")
        if name in _FLAGS and not eq:
            options = replace(options, **{_FLAGS[name]: True})
            continue
        if name not in _VALUED or (eq and not name.startswith("--")):
            return None
        value = inline if eq else next(args, None)
        if value is None:
            return None
        field = _VALUED[name]
        if (field == "fmt" and value not in FORMATS) or (
                field == "audience" and value not in AUDIENCES):
            return None
        options = replace(options, **{field: Path(value) if field == "kit" else value})
    return replace(options, files=tuple(files))


def run(options: LintOptions) -> int:
    """Lint as the options say, print the results, and return the exit status."""
    if options.lang is not None and not LANG_TAG.match(options.lang):
        return _usage(f"--lang: {options.lang!r} is not a language tag such as 'es' or "
                      "'zh-Hant'")
    if options.diff and options.fmt != "text":
        return _usage("--diff prints a diff, which cannot be mixed with --format "
                      f"{options.fmt}; use --fix alone to fix and report as {options.fmt}")
    try:
        if options.list_rules:
            return _list_rules(options)
        return _lint(options)
    except OutreachError as error:
        for problem in error.problems:
            _err(f"error: {problem}")
        return 2


def _lint(options: LintOptions) -> int:
    from ..lint.report import render, summary
    from ..lint.scan import check_files, check_kit

    files, kit, fmt = list(options.files), options.kit, options.fmt
    config = _kit_config(kit, required=not files)
    settings = _settings(config)

    def check() -> list[Checked]:
        if files:
            source_lang = config.source_language.tag if config else None
            return check_files(files, lang=options.lang or source_lang, settings=settings,
                               root=kit if config else None, audience=options.audience)
        assert config is not None
        return check_kit(config)

    checked = check()
    if options.fix or options.diff:
        from ..lint.fix import fixes_for

        changes = fixes_for(checked)
        if options.diff:
            _out("".join(change.diff() for change in changes))
        if options.fix:
            for change in changes:
                change.write()
            count = sum(len(change.fixed) for change in changes)
            _err(f"Fixed {count} term{'s' * (count != 1)} in {len(changes)} "
                 f"file{'s' * (len(changes) != 1)}.")
            checked = check()
        else:
            _report_unfixable(checked, changes)
            return _status(checked, options.strict)

    findings = [f for c in checked for f in c.findings]
    if fmt == "sarif":  # only SARIF describes the rules, which means reading every rule file
        from .. import __version__
        from ..lint.settings import available_rules

        rules = {r.id: r for r in available_rules(settings)}
        _out(render(findings, fmt, rules=rules, version=__version__))
    elif options.diff:  # standard output is the patch alone; what is left goes beside it
        sys.stderr.write(render(findings, fmt))
    else:
        _out(render(findings, fmt))
    if fmt == "text":
        fixable = sum(1 for c in checked for group in c.edits if group)
        _err(summary(findings, len(checked), fixable))
    return _status(checked, options.strict)


def _report_unfixable(checked: list[Checked], changes: list[FileFix]) -> None:
    """--diff: the findings the diff leaves for a person, on stderr beside the patch."""
    from ..lint.report import render

    fixed = {finding for change in changes for finding in change.fixed}
    left = [f for c in checked for f in c.findings if f not in fixed]
    terms = f"{len(fixed)} term{'s' * (len(fixed) != 1)}"
    if left:
        _err(render(left, "text").rstrip("\n"))
        _err(f"The diff fixes {terms}; --fix cannot fix {len(left)} "
             f"finding{'s' * (len(left) != 1)} (listed above): edit by hand.")
    else:
        _err(f"The diff fixes {terms}; nothing is left to edit by hand.")


def _list_rules(options: LintOptions) -> int:
    from ..lint.report import describe_rules
    from ..lint.settings import available_rules

    if options.fmt not in ("text", "json"):
        return _usage("--list-rules prints text or json; use --format text or --format json")
    settings = _settings(_kit_config(options.kit, required=False))
    rules = available_rules(settings, options.lang)
    if not rules:
        _err(f"No rules for language {options.lang!r}.")
        return 0
    _out(describe_rules(rules, options.fmt, severity=dict(settings.severity)))
    return 0


def _kit_config(kit: Path, *, required: bool) -> Config | None:
    """The kit's configuration; with files given, only if the kit folder has one."""
    # Look before importing: outreach.kit.config loads Babel, which linting files does not need.
    if not required and not (kit / KIT_FILE).is_file():
        return None
    from ..kit.config import load_config

    return load_config(kit)


def _settings(config: Config | None) -> LintSettings:
    from ..lint.scan import kit_settings
    from ..lint.settings import DEFAULT

    return kit_settings(config) if config else DEFAULT


def _status(checked: list[Checked], strict: bool) -> int:
    failing = ("error", "warning") if strict else ("error",)
    return 1 if any(f.severity in failing for c in checked for f in c.findings) else 0


def _usage(message: str) -> int:
    _err(f"error: {message}")
    return 2


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
