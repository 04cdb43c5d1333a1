"""Findings and rules as text for people, JSON for scripts, SARIF for code-scanning
dashboards and workflow commands for GitHub Actions annotations.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from urllib.parse import quote

from .model import SEVERITIES, Finding, Rule

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}
SUPPRESSION_HELP = ("An <!-- outreach-lint: ... --> comment or a translator comment that cannot "
                    "be used: write \"outreach-lint: ignore RULE reason\".")
PLAIN_LANGUAGE_HELP = ("A message, or a translation of it, reads above the grade its audience "
                       "should read at ([lint.readability]); shorten its longest sentences or "
                       "use everyday words.")


def render(findings: Sequence[Finding], fmt: str, *, rules: Mapping[str, Rule] | None = None,
           version: str = "") -> str:
    """All findings in one of FORMATS; `rules` (by id) describes them in SARIF."""
    if fmt == "text":
        return "".join(text_line(f) + "\n" for f in findings)
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(findings, rules or {}, version), ensure_ascii=False,
                          indent=2) + "\n"
    if fmt == "github":
        return "".join(github_line(f) + "\n" for f in findings)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def text_line(f: Finding) -> str:
    line = f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule}: {f.message}"
    if f.suggestions:
        line += " -> " + " / ".join(f.suggestions)
    return line


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


def sarif(findings: Sequence[Finding], rules: Mapping[str, Rule], version: str = ""
          ) -> dict[str, object]:
    """A SARIF 2.1.0 log with one run. Columns count Unicode code points, as findings do."""
    used = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    driver: dict[str, object] = {
        "name": "outreach-lint",
        "rules": [_sarif_rule(rule_id, rules.get(rule_id)) for rule_id in used],
    }
    if version:
        driver["version"] = version
    results = []
    for f in findings:
        text = f.message + (" Instead: " + "; ".join(f.suggestions) + "." if f.suggestions
                            else "")
        results.append({
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(f.path),
                "region": {"startLine": f.line, "startColumn": f.column,
                           "endLine": f.end_line, "endColumn": f.end_column,
                           "snippet": {"text": f.match}},
            }}],
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
                  "results": results}],
    }


def github_line(f: Finding) -> str:
    """A workflow command; GitHub shows it as an annotation on the changed line."""
    properties = {"file": f.path, "line": f.line, "col": f.column, "endLine": f.end_line,
                  "endColumn": f.end_column, "title": f"{f.rule} ({f.severity})"}
    props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in properties.items())
    message = f.message + (" -> " + " / ".join(f.suggestions) if f.suggestions else "")
    return f"::{GITHUB_COMMANDS[f.severity]} {props}::{_escape_data(message)}"


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


def _artifact(path: str) -> dict[str, str]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _field(label: str, value: str) -> list[str]:
    if not value:
        return []
    return textwrap.wrap(value, width=100, initial_indent=f"  {label + ':':<12}",
                         subsequent_indent=" " * 14, break_on_hyphens=False) or []


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
