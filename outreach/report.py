"""Findings as reports: text for people, JSON for scripts, SARIF for code-scanning dashboards
and workflow commands for GitHub Actions annotations.

One module for every command that reports findings (`outreach lint`, `outreach i18n check`),
so each format means the same thing whichever tool produced it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath
from urllib.parse import quote

from .errors import Finding

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}

# What a SARIF log says about a code (a rule or check): {"id", "shortDescription", ...}.
Describe = Callable[[str], Mapping[str, object]]


def render(findings: Sequence[Finding], fmt: str, *, tool: str = "outreach",
           version: str = "", describe: Describe | None = None) -> str:
    """All findings in one of FORMATS; `describe` tells SARIF what each code means."""
    if fmt == "text":
        return "".join(text_line(f) + "\n" for f in findings)
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(findings, tool=tool, version=version, describe=describe),
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(github_line(f) + "\n" for f in findings)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def text_line(f: Finding) -> str:
    """`path:line:column: severity code: message -> instead` (parts that are known)."""
    where = ":".join(str(part) for part in (f.path, f.line, f.column) if part is not None)
    line = f"{where}: {f.severity}{' ' + f.code if f.code else ''}: {f.message}"
    if f.suggestions:
        line += " -> " + " / ".join(f.suggestions)
    if f.context:
        line += f" ({f.context})"
    return line


def sarif(findings: Sequence[Finding], *, tool: str = "outreach", version: str = "",
          describe: Describe | None = None) -> dict[str, object]:
    """A SARIF 2.1.0 log with one run. Columns count Unicode code points, as findings do."""
    used = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(used)}
    driver: dict[str, object] = {
        "name": tool,
        "rules": [dict(describe(code)) if describe else {"id": code} for code in used],
    }
    if version:
        driver["version"] = version
    results = []
    for f in findings:
        text = f.message + (" Instead: " + "; ".join(f.suggestions) + "." if f.suggestions
                            else "")
        region: dict[str, object] = {"startLine": f.line or 1}
        for key, value in (("startColumn", f.column), ("endLine", f.end_line),
                           ("endColumn", f.end_column)):
            if value is not None:
                region[key] = value
        if f.match:
            region["snippet"] = {"text": f.match}
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(f.path),
                                                "region": region}}],
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
                  "endColumn": f.end_column,
                  "title": f"{f.code} ({f.severity})" if f.code else f.severity}
    props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in properties.items()
                     if v is not None)
    message = f.message + (" -> " + " / ".join(f.suggestions) if f.suggestions else "")
    return f"::{GITHUB_COMMANDS[f.severity]} {props}::{_escape_data(message)}"


def _artifact(path: str) -> dict[str, str]:
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
