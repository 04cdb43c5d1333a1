"""Linting one text: exact positions, and only what readers see (not code, URLs or comments)."""

from __future__ import annotations

import pytest

from outreach.lint import Finding, lint_text
from outreach.lint.masking import declared_language, mask


def spans(text: str, lang: str = "en", kind: str = "markdown") -> list[tuple]:
    return [(f.line, f.column, f.end_line, f.end_column, f.match)
            for f in lint_text(text, lang, kind=kind)]


def test_finding_carries_everything_the_json_shows() -> None:
    [finding] = lint_text("We help illegal immigrants.", "en", path="messages/a.md")
    assert finding == Finding(
        path="messages/a.md", line=1, column=9, end_line=1, end_column=27,
        match="illegal immigrants", code="en-illegal-people", severity="error",
        message="\"Illegal\" describes actions, not people.",
        suggestions=("undocumented immigrants", "immigrants without legal status"))
    assert finding.to_dict() == {
        "path": "messages/a.md", "line": 1, "column": 9, "end_line": 1, "end_column": 27,
        "match": "illegal immigrants", "code": "en-illegal-people", "severity": "error",
        "message": "\"Illegal\" describes actions, not people.",
        "suggestions": ["undocumented immigrants", "immigrants without legal status"],
        "lang": None, "context": None,
    }


def test_positions_are_characters_and_end_is_exclusive() -> None:
    # Accented letters and emoji before the match count as one column each.
    assert spans("¡Olé! 🌎 ilegales", "es") == []
    assert spans("Niños 🌎 y los ilegales.", "es") == [(1, 11, 1, 23, "los ilegales")]


def test_phrase_across_a_line_break_spans_two_lines() -> None:
    assert spans("Some say illegal\nimmigrants here.") == [(1, 10, 2, 11, "illegal\nimmigrants")]


def test_positions_point_into_the_source_through_markup() -> None:
    text = "# Title\n\nWe serve **illegal** [immigrants](https://example.org) too."
    assert spans(text) == [(3, 12, 3, 33, "illegal** [immigrants")]


@pytest.mark.parametrize("text", [
    "Use `illegal aliens` only in code.",
    "```\nillegal aliens\n```",
    "~~~md\nillegal aliens\n~~~",
    "Intro.\n\n    illegal aliens in an indented code block\n",
    "[link](https://example.org/illegal-aliens)",
    "<https://example.org/illegal-aliens>",
    "See https://example.org/illegal-aliens for more.",
    "Write to illegal-aliens@example.org.",
    "[text][ref]\n\n[ref]: https://example.org/illegal-aliens \"illegal aliens\"",
    "<!-- illegal aliens -->",
    "<!--\nillegal\naliens\n-->",
    "Text <span class=\"illegal-aliens\">here</span>.",
])
def test_what_readers_do_not_see_is_not_linted(text: str) -> None:
    assert spans(text) == []


def test_link_text_and_image_alt_text_are_linted() -> None:
    assert [s[4] for s in spans("[illegal aliens](https://example.org) ![illegal workers](a.png)"
                                )] == ["illegal aliens", "illegal workers"]


def test_list_item_after_code_block_is_still_linted() -> None:
    text = "- one\n\n    still the list item: illegal workers\n"
    assert spans(text) == [(3, 26, 3, 41, "illegal workers")]


def test_front_matter_values_are_linted_but_not_keys_or_slugs() -> None:
    text = "---\nid: illegal-immigrants\ntitle: Illegal immigrants and care\n---\nBody.\n"
    assert spans(text) == [(3, 8, 3, 26, "Illegal immigrants")]


def test_emphasis_underscores_are_markup_but_snake_case_is_not() -> None:
    assert [s[4] for s in spans("_illegal_ __immigrants__")] == ["illegal_ __immigrants"]
    assert mask("an_illegal_immigrant", "markdown").text == "an_illegal_immigrant"


def test_html_templates_lint_visible_text_only() -> None:
    html = (
        '<html lang="en"><head><script>var illegal_aliens;</script></head>\n'
        '<img src="illegal-aliens.png" alt="Illegal aliens at the border">\n'
        '<a href="{{ url }}" title="{{ _(\'illegal workers\') }}">Help</a>\n'
        '{% if illegal_aliens %}{{ _("Illegal immigrants welcome") }}{% endif %}\n'
        '{# illegal aliens #}{% include "illegal-aliens.html" %}\n'
        '<p>It is illegal to deny care &mdash; illegal&nbsp;immigrants too.</p>\n'
    )
    assert spans(html, kind="html") == [
        (2, 36, 2, 50, "Illegal aliens"),
        (3, 34, 3, 49, "illegal workers"),
        (4, 30, 4, 48, "Illegal immigrants"),
        (6, 39, 6, 62, "illegal&nbsp;immigrants"),
    ]


def test_plain_text_keeps_every_character() -> None:
    assert spans("a `illegal aliens` b", kind="text") == [(1, 4, 1, 18, "illegal aliens")]


def test_files_declare_their_language() -> None:
    assert declared_language("---\ntitle: x\nlang: es-MX\n---\n", "markdown") == "es-MX"
    assert declared_language('<!doctype html>\n<html dir="rtl" lang="ar">', "html") == "ar"
    assert declared_language('<html lang="{{ lang }}">', "html") is None
    assert declared_language("lang: es\n", "markdown") is None  # not front matter


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="kind must be markdown, html or text"):
        lint_text("x", "en", kind="docx")


def test_masking_keeps_length_and_line_breaks() -> None:
    text = "---\nid: x\n---\n```py\ncode\n```\n<!-- c\nd -->\n[a](http://b) **c** &amp;\n"
    masked = mask(text, "markdown").text
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"]


def test_an_unclosed_comment_or_template_block_hides_nothing_after_it() -> None:
    for opener in ("<!--", "{{", "{%", "{#", "<script>"):
        text = f"a {opener} b\n<p>illegal aliens</p>"
        assert [f.match for f in lint_text(text, "en", kind="html")] == ["illegal aliens"], opener


@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
@pytest.mark.parametrize("unit", ["<!--", "<!-- outreach-lint:", "<script", "{{", "{%", "{#",
                                  "](<", '](x "', "`", "[", "*_"])
def test_a_megabyte_of_unclosed_markup_lints_in_linear_time(kind: str, unit: str) -> None:
    """Lazy patterns rescanned to the end from every unclosed opener: 1 MB took minutes."""
    import time

    text = "They called them illegal aliens.\n\n" + unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    found = lint_text(text, "en", kind=kind)
    assert time.perf_counter() - started < 10  # generous: linear is well under a second
    assert [f.match for f in found] == ["illegal aliens"]
