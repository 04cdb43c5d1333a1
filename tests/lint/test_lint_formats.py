"""Output formats: text for people, JSON for scripts, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
import re
from typing import Any

from outreach.lint import Finding, lint_text
from outreach.lint.report import describe_rules, render, summary
from outreach.lint.settings import DEFAULT, available_rules

RULES = {r.id: r for r in available_rules(DEFAULT)}
TEXT = ("We help illegal immigrants, 50% of them: parents.\n"
        "We stand with Dreamers.\n"
        "<!-- outreach-lint: ignore en-alien -->\n")


def findings() -> list[Finding]:
    return lint_text(TEXT, "en", path="messages/every family.md")


def test_text_format() -> None:
    assert render(findings(), "text") == (
        "messages/every family.md:1:9: error en-illegal-people: \"Illegal\" describes actions, "
        "not people. -> undocumented immigrants / immigrants without legal status\n"
        "messages/every family.md:2:15: warning en-dreamers: \"Dreamers\" is a label many young "
        "immigrants do not use for themselves. -> DACA recipients / young immigrants who came "
        "to the U.S. as children\n"
        "messages/every family.md:3:1: error suppression: say why en-alien is acceptable here: "
        "<!-- outreach-lint: ignore en-alien reason -->\n")


def test_json_format_is_a_list_of_findings() -> None:
    data = json.loads(render(findings(), "json"))
    assert data[0] == {
        "path": "messages/every family.md", "line": 1, "column": 9, "end_line": 1,
        "end_column": 27, "match": "illegal immigrants", "code": "en-illegal-people",
        "severity": "error", "message": "\"Illegal\" describes actions, not people.",
        "suggestions": ["undocumented immigrants", "immigrants without legal status"],
        "lang": None, "context": None,
    }
    assert [d["code"] for d in data] == ["en-illegal-people", "en-dreamers", "suppression"]
    assert json.loads(render([], "json")) == []


def check_sarif(log: dict[str, Any]) -> None:
    """The parts of SARIF 2.1.0 that code-scanning dashboards rely on."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver["rules"]
        assert len({r["id"] for r in rules}) == len(rules)
        for rule in rules:
            assert rule["shortDescription"]["text"]
            assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        assert run["columnKind"] in ("utf16CodeUnits", "unicodeCodePoints")
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["level"] in ("none", "note", "warning", "error")
            assert result["message"]["text"]
            [location] = result["locations"]
            artifact = location["physicalLocation"]["artifactLocation"]
            assert re.fullmatch(r"[A-Za-z0-9%._~/!$&'()*+,;=:@-]+", artifact["uri"])
            region = location["physicalLocation"]["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            assert (region["endLine"], region["endColumn"]) > (
                region["startLine"], region["startColumn"])


def test_sarif_is_valid_and_describes_the_rules_it_uses() -> None:
    log = json.loads(render(findings(), "sarif", rules=RULES, version="0.1.0"))
    check_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["version"] == "0.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "en-dreamers", "en-illegal-people", "suppression"]
    first = run["results"][0]
    assert first["level"] == "error"
    assert first["message"]["text"] == (
        "\"Illegal\" describes actions, not people. Instead: undocumented immigrants; "
        "immigrants without legal status.")
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "messages/every%20family.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 27,
                   "snippet": {"text": "illegal immigrants"}},
    }
    dreamers = run["tool"]["driver"]["rules"][0]
    assert dreamers["defaultConfiguration"] == {"level": "warning"}
    assert "AP Stylebook" in dreamers["help"]["text"]


def test_sarif_with_no_findings_is_still_a_valid_log() -> None:
    log = json.loads(render([], "sarif", rules=RULES))
    check_sarif(log)
    assert log["runs"][0]["results"] == []


def test_sarif_uses_file_uris_for_absolute_paths() -> None:
    [finding] = lint_text("illegals", "en", path="/tmp/a b.md")
    log = json.loads(render([finding], "sarif", rules=RULES))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert artifact == {"uri": "file:///tmp/a%20b.md"}


def test_github_annotations_escape_what_the_runner_would_misread() -> None:
    lines = render(findings(), "github").splitlines()
    assert lines[0] == (
        "::error file=messages/every family.md,line=1,col=9,endLine=1,endColumn=27,"
        "title=en-illegal-people (error)::\"Illegal\" describes actions, not people. -> "
        "undocumented immigrants / immigrants without legal status")
    assert lines[1].startswith("::warning ")
    weird = Finding("a,b:c.md", "50%\nnew line", 1, 1, severity="suggestion", code="r",
                    end_line=1, end_column=2, match="x")
    assert render([weird], "github") == (
        "::notice file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=2,title=r (suggestion)::"
        "50%25%0Anew line\n")


def test_summary() -> None:
    assert summary(findings(), 3, fixable=1) == (
        "2 errors, 1 warning in 3 files (1 fixable with --fix).")
    assert summary([], 1) == "No discouraged terms found in 1 file."


def test_list_rules_says_what_why_instead_and_who() -> None:
    text = describe_rules([RULES["en-illegal-people"]], "text")
    assert text.splitlines()[0] == "en-illegal-people (error, en)"
    assert "  Flags:      “Illegal immigrants deserve care too.”" in text
    assert "  Not:        “It is illegal to deny care to children.”" in text
    assert "  Instead:    undocumented immigrants; immigrants without legal status" in text
    assert "  Fix:        --fix replaces some forms; the rest by hand" in text
    assert "  Source:     AP Stylebook (2013)" in text
    assert "  Defined in: outreach/lint/rules/en.toml" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    [data] = json.loads(describe_rules([RULES["en-wetback"]], "json"))
    assert data["id"] == "en-wetback" and data["fixable"] is False and data["prefer"] == []
