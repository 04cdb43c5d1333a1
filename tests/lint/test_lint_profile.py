"""Contested uses: "illegal immigration" (the act) and quoted terms are not errors by default;
a kit that sets `[lint] profile = "strict"` sees them as warnings, each saying why."""

from __future__ import annotations

import pytest

from outreach.lint import LintError, lint_text, parse_settings
from outreach.lint.settings import available_rules

STRICT = {"profile": "strict"}


def found(text: str, lang: str = "en", settings: dict | None = None) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in lint_text(text, lang, settings=settings)]


@pytest.mark.parametrize(("text", "lang", "rule"), [
    ("Illegal immigration is a civil matter.", "en", "en-illegal-immigration"),
    ("la inmigración ilegal", "es", "es-inmigracion-ilegal"),
    ("Нелегальная миграция остаётся темой споров.", "ru", "ru-nelegalnaya-migratsiya"),
    ("مهاجرت غیرقانونی", "fa", "fa-mohajerat-gheyr-ghanuni"),
])
def test_the_act_is_a_warning_only_in_the_strict_profile(text: str, lang: str,
                                                           rule: str) -> None:
    assert found(text, lang) == []
    assert found(text, lang, STRICT) == [(rule, "warning")]


def test_quoted_terms_are_mentions_by_default_and_warnings_when_strict() -> None:
    text = 'The word "illegals" is a slur.'
    assert found(text) == []
    [finding] = lint_text(text, "en", settings=STRICT)
    assert (finding.code, finding.severity, finding.match) == ("en-illegals", "warning",
                                                               "illegals")
    assert finding.message.endswith('(In quotation marks, so perhaps only mentioned; reported '
                                    'because the kit\'s lint profile is "strict".)')
    # quotes = "flag" still treats a quoted term as a use, at the rule's own severity.
    assert found(text, settings={"profile": "strict", "quotes": "flag"}) == [
        ("en-illegals", "error")]


def test_strict_rules_are_listed_with_their_profile() -> None:
    rules = {r.id: r for r in available_rules(parse_settings({}), "en")}
    assert rules["en-illegal-immigration"].profile == "strict"
    assert rules["en-illegal-people"].profile == "default"


def test_profile_is_validated_like_the_other_settings() -> None:
    with pytest.raises(LintError) as caught:
        parse_settings({"profile": "harsh", "quotes": "never"})
    assert [str(p) for p in caught.value.problems] == [
        "outreach.toml: lint.quotes: must be one of mention, flag, not 'never'",
        "outreach.toml: lint.profile: must be one of default, strict, not 'harsh'",
    ]
