"""Saying a use is acceptable: inline comments, quotation marks, and kit allowances."""

from __future__ import annotations

import pytest

from outreach.lint import lint_text


def found(text: str, lang: str = "en", **options: object) -> list[tuple]:
    return [(f.line, f.code, f.match) for f in lint_text(text, lang, **options)]  # type: ignore


def test_comment_on_its_own_line_covers_the_next_line_only() -> None:
    text = ("<!-- outreach-lint: ignore en-alien the USCIS field is called this -->\n"
            "Alien Registration Number: ______\n"
            "Aliens can call us too.\n")
    assert found(text) == [(3, "en-alien", "Aliens")]


def test_comment_skips_blank_lines_to_the_next_text() -> None:
    text = "<!-- outreach-lint: ignore en-alien form field name -->\n\nAlien Number\n"
    assert found(text) == []


def test_comment_at_the_end_of_a_line_covers_that_line() -> None:
    text = ("Alien Registration Number <!-- outreach-lint: ignore en-alien form field -->\n"
            "resident aliens\n")
    assert found(text) == [(2, "en-alien", "aliens")]


def test_comment_covers_only_the_rules_it_names() -> None:
    text = ("<!-- outreach-lint: ignore en-alien,en-dreamers quoting our 2012 flyer -->\n"
            "Aliens, Dreamers and illegal workers\n")
    assert found(text) == [(2, "en-illegal-people", "illegal workers")]


@pytest.mark.parametrize(("comment", "message"), [
    ("<!-- outreach-lint: ignore en-alien -->",
     "say why en-alien is acceptable here: <!-- outreach-lint: ignore en-alien reason -->"),
    ("<!-- outreach-lint: ignore en-aliens form name -->",
     "unknown rule 'en-aliens' in outreach-lint comment; see 'outreach lint --list-rules'"),
    ("<!-- outreach-lint: disable en-alien -->",
     "unknown outreach-lint comment; write <!-- outreach-lint: ignore RULE reason -->"),
    ("<!-- outreach-lint: ignore -->",
     "name the rule to ignore: <!-- outreach-lint: ignore RULE reason -->"),
])
def test_unusable_comment_is_an_error_and_suppresses_nothing(comment: str,
                                                             message: str) -> None:
    findings = lint_text(comment + "\nAliens\n", "en")
    assert [(f.line, f.column, f.code, f.severity, f.message) for f in findings] == [
        (1, 1, "suppression", "error", message), (2, 1, "en-alien", "error",
                                                  findings[1].message)]


def test_comments_inside_code_are_not_directives() -> None:
    text = "`<!-- outreach-lint: disable -->`\nplain text\n"
    assert found(text) == []


@pytest.mark.parametrize(("text", "lang"), [
    ('We never say "illegal aliens".', "en"),
    ("We never say “illegals,” we say neighbors.", "en"),
    ("The word 'wetback' is a slur.", "en"),
    ("“**illegal** immigrants”", "en"),
    ("Decimos «inmigrantes indocumentados», no «ilegales».", "es"),
    ("不要说「非法移民」。", "zh-Hans"),
])
def test_a_term_in_quotation_marks_is_a_mention(text: str, lang: str) -> None:
    assert found(text, lang) == []


def test_quotes_can_be_flagged_too_when_a_kit_says_so() -> None:
    assert found('We never say "illegal aliens".', settings={"quotes": "flag"}) == [
        (1, "en-illegal-alien", "illegal aliens")]


def test_a_quoted_sentence_around_a_term_does_not_make_it_a_mention() -> None:
    assert found('"Illegal immigrants take jobs," he said.') == [
        (1, "en-illegal-people", "Illegal immigrants")]


ALLOW_FORM = {"allow": [{"rule": "en-alien", "match": "Alien Registration Number",
                         "reason": "USCIS form field"}]}


def test_allowance_covers_its_phrase_only() -> None:
    text = "Your Alien\nRegistration Number is on the card. Aliens can apply."
    assert found(text, settings=ALLOW_FORM) == [(2, "en-alien", "Aliens")]


def test_allowance_can_be_limited_to_paths() -> None:
    settings = {"allow": [{"rule": "en-alien", "paths": ["messages/forms/*.md"],
                           "reason": "quotes the form"}]}
    assert found("Aliens", path="messages/forms/a.md", settings=settings) == []
    assert found("Aliens", path="messages/b.md", settings=settings) == [
        (1, "en-alien", "Aliens")]


def test_allowance_without_match_turns_a_rule_off_for_the_kit() -> None:
    settings = {"allow": [{"rule": "en-dreamers", "reason": "our youth group's own name"}]}
    assert found("We stand with Dreamers.", settings=settings) == []
