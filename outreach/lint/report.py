"""The linter's findings and rules as reports: the formats are `outreach.report`'s; what is
the linter's own is how its rules are described (in SARIF and by --list-rules) and the summary
line."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from .. import report
from ..report import FORMATS, SARIF_LEVELS, github_line, text_line
from .model import SEVERITIES, Finding, Rule

__all__ = ["FORMATS", "describe_rules", "github_line", "render", "sarif", "summary",
           "text_line"]
SUPPRESSION_HELP = ("An <!-- outreach-lint: ... --> comment or a translator comment that cannot "
                    "be used: write \"outreach-lint: ignore RULE reason\".")
PLAIN_LANGUAGE_HELP = ("A message, or a translation of it, reads above the grade its audience "
                       "should read at ([lint.readability]); shorten its longest sentences or "
                       "use everyday words.")


def render(findings: Sequence[Finding], fmt: str, *, rules: Mapping[str, Rule] | None = None,
           version: str = "") -> str:
    """All findings in one of FORMATS; `rules` (by id) describes them in SARIF."""
    return report.render(findings, fmt, tool="outreach-lint", version=version,
                         describe=lambda code: _sarif_rule(code, (rules or {}).get(code)))


def sarif(findings: Sequence[Finding], rules: Mapping[str, Rule], version: str = ""
          ) -> dict[str, object]:
    """The linter's findings as a SARIF 2.1.0 log, its rules described."""
    return report.sarif(findings, tool="outreach-lint", version=version,
                        describe=lambda code: _sarif_rule(code, rules.get(code)))


def summary(findings: Sequence[Finding], files: int, fixable: int = 0) -> str:
    """One line for people: "2 errors, 1 warning in 14 files (1 fixable with --fix)"."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    parts = [_plural(counts[s], s) for s in SEVERITIES if counts[s]]
    where = f"in {_plural(files, 'file')}"
    if not parts:
        return f"No discouraged terms found {where}."
    text = ", ".join(parts) + " " + where
    if fixable:
        text += f" ({fixable} fixable with --fix)"
    return text + "."


def describe_rules(rules: Iterable[Rule], fmt: str, *, severity: Mapping[str, str] | None = None
                   ) -> str:
    """`--list-rules`: what each rule flags, why, what to say instead, and who says so."""
    severity = severity or {}
    rules = list(rules)
    if fmt == "json":
        return json.dumps([_rule_dict(r, severity.get(r.id, r.severity)) for r in rules],
                          ensure_ascii=False, indent=2) + "\n"
    blocks = []
    for rule in rules:
        profile = ", strict profile only" if rule.profile == "strict" else ""
        lines = [f"{rule.id} ({severity.get(rule.id, rule.severity)}, {rule.lang}{profile})"]
        lines += _field("Flags", "; ".join(f"“{e}”" for e in rule.examples))
        lines += _field("Not", "; ".join(f"“{e}”" for e in rule.counterexamples))
        lines += _field("Why", " ".join((rule.message + " " + rule.explanation).split()))
        lines += _field("Instead", "; ".join(rule.prefer) or "rewrite the sentence")
        fixes = sum(1 for p in rule.patterns if p.fix is not None)
        lines += _field("Fix", "--fix replaces it" if fixes == len(rule.patterns) else
                        "--fix replaces some forms; the rest by hand" if fixes else "by hand")
        lines += _field("Source", rule.source + (f" <{rule.url}>" if rule.url else ""))
        lines += _field("Defined in", rule.origin)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _rule_dict(rule: Rule, severity: str) -> dict[str, object]:
    return {
        "id": rule.id, "lang": rule.lang, "severity": severity, "profile": rule.profile,
        "message": rule.message,
        "explanation": " ".join(rule.explanation.split()), "prefer": list(rule.prefer),
        "source": rule.source, "url": rule.url, "examples": list(rule.examples),
        "counterexamples": list(rule.counterexamples),
        "fixable": any(p.fix is not None for p in rule.patterns), "defined_in": rule.origin,
    }


def _sarif_rule(rule_id: str, rule: Rule | None) -> dict[str, object]:
    if rule is None:  # the plain-language check, or unusable suppression comments
        if rule_id == "plain-language":
            return {"id": rule_id, "shortDescription": {"text": PLAIN_LANGUAGE_HELP},
                    "defaultConfiguration": {"level": "warning"},
                    "properties": {"tags": ["plain-language"]}}
        return {"id": rule_id, "shortDescription": {"text": SUPPRESSION_HELP},
                "defaultConfiguration": {"level": "error"}}
    help_text = " ".join((rule.message + " " + rule.explanation).split())
    if rule.prefer:
        help_text += " Instead: " + "; ".join(rule.prefer) + "."
    help_text += " Source: " + rule.source
    descriptor: dict[str, object] = {
        "id": rule.id,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": " ".join((rule.explanation or rule.message).split())},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": ["inclusive-language", f"language:{rule.lang}"]},
    }
    if rule.url:
        descriptor["helpUri"] = rule.url
    return descriptor


def _field(label: str, value: str) -> list[str]:
    if not value:
        return []
    return textwrap.wrap(value, width=100, initial_indent=f"  {label + ':':<12}",
                         subsequent_indent=" " * 14, break_on_hyphens=False) or []


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
