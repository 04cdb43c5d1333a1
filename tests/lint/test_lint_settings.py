"""The `[lint]` table of outreach.toml: validated all at once, problems named exactly."""

from __future__ import annotations

import pytest

from outreach.lint import LintError, lint_text, parse_settings

KIT_RULE = {
    "id": "kit-en-the-poor", "lang": "en", "severity": "warning",
    "message": "Say who people are, not what they lack.",
    "prefer": ["people with low incomes"], "source": "Riverside Clinic style guide",
    "patterns": ["the poor", {"match": "poor {people}", "fix": {"poor": "low-income"}}],
}


def problems(raw: dict, source_text: str | None = None) -> list[str]:
    with pytest.raises(LintError) as caught:
        parse_settings(raw, source_text=source_text)
    return [str(p) for p in caught.value.problems]


def test_empty_settings_are_valid() -> None:
    settings = parse_settings({})
    assert (settings.allow, settings.rules, settings.severity, settings.quotes) == (
        (), (), (), "mention")


def test_every_problem_is_reported_at_once() -> None:
    assert problems({
        "allow": [{"rule": "en-alien", "match": "Alien Registration Number"},
                  {"rule": "en-aliens", "reason": "typo"}, "en-alien"],
        "severity": {"en-dreamers": "fatal", "xx-nothing": "error"},
        "quotes": "sometimes",
        "disable": ["en-alien"],
    }) == [
        "outreach.toml: lint.disable: unknown key; expected one of quotes, profile, readability, "
        "severity, allow, rules",
        "outreach.toml: lint.quotes: must be one of mention, flag, not 'sometimes'",
        "outreach.toml: lint.severity.en-dreamers: must be one of error, warning, suggestion, "
        "not 'fatal'",
        "outreach.toml: lint.severity.xx-nothing: unknown rule 'xx-nothing'; see "
        "'outreach lint --list-rules'",
        "outreach.toml: lint.allow[0].reason: missing; say why this use is acceptable, so the "
        "next editor knows",
        "outreach.toml: lint.allow[1].rule: unknown rule 'en-aliens'; see "
        "'outreach lint --list-rules'",
        "outreach.toml: lint.allow[2]: must be a table with rule, reason and optionally match "
        "and paths",
    ]


def test_problems_carry_the_line_of_their_table() -> None:
    text = ('[kit]\ntitle = "x"\n\n[[lint.allow]]\nrule = "en-alien"\nreason = "ok"\n\n'
            '[[lint.allow]]\nrule = "en-alien"\n')
    assert problems({"allow": [{"rule": "en-alien", "reason": "ok"}, {"rule": "en-alien"}]},
                    text) == [
        "outreach.toml:8: lint.allow[1].reason: missing; say why this use is acceptable, so "
        "the next editor knows"]


def test_kit_rules_use_the_same_schema_and_the_language_lists() -> None:
    settings = {"rules": [KIT_RULE]}
    findings = lint_text("Help for the poor and for poor families.", "en", settings=settings)
    assert [(f.code, f.severity, f.match, f.suggestions) for f in findings] == [
        ("kit-en-the-poor", "warning", "the poor", ("people with low incomes",)),
        ("kit-en-the-poor", "warning", "poor families",
         ("low-income families", "people with low incomes")),
    ]
    # A kit rule applies to its own language only (and to regional variants of it).
    assert lint_text("the poor", "es", settings=settings) == []
    assert len(lint_text("the poor", "en-US", settings=settings)) == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"lang": None}, "lint.rules[0].lang: missing"),
    ({"id": "en-alien"}, "lint.rules: 'en-alien' is already a built-in rule; choose another id"),
    ({"id": "Kit Rule"}, "lint.rules[0].id: 'Kit Rule' must be lowercase words joined by "
     "hyphens"),
    ({"patterns": ["poor {peple}"]}, "lint.rules[0].patterns[0]: match: unknown list {peple} "
     "(lists: after_noun, compound_heads, origins, people)"),
    ({"patterns": ["poor (people"]}, "lint.rules[0].patterns[0]: match: not a valid pattern: "
     "missing ), unterminated subpattern"),
    ({"patterns": []}, "lint.rules[0].patterns: missing; a rule needs at least one pattern"),
    ({"severity": "high"}, "lint.rules[0].severity: must be one of error, warning, suggestion, "
     "not 'high'"),
    ({"source": None}, "lint.rules[0].source: missing"),
    ({"colour": "red"}, "lint.rules[0].colour: unknown key; expected one of id, severity, "
     "profile, message, prefer, explanation, source, url, examples, counterexamples, "
     "patterns, lang"),
])
def test_kit_rule_problems(change: dict, message: str) -> None:
    rule = {k: v for k, v in {**KIT_RULE, **change}.items() if v is not None}
    assert problems({"rules": [rule]}) == ["outreach.toml: " + message]


def test_severity_can_be_changed_per_kit() -> None:
    findings = lint_text("We stand with Dreamers.", "en",
                         settings={"severity": {"en-dreamers": "error"}})
    assert [f.severity for f in findings] == ["error"]


def test_allowance_and_severity_may_name_kit_rules() -> None:
    settings = parse_settings({"rules": [KIT_RULE],
                               "severity": {"kit-en-the-poor": "suggestion"},
                               "allow": [{"rule": "kit-en-the-poor", "match": "the poor laws",
                                          "reason": "a historical name"}]})
    findings = lint_text("The Poor Laws failed the poor.", "en", settings=settings)
    assert [(f.match, f.severity) for f in findings] == [("the poor", "suggestion")]
