"""Where long catalog strings may break: Unicode line breaking as GNU gettext applies it."""

from __future__ import annotations

import pytest

from outreach.po.linebreak import break_opportunities, char_width, wrap_points


def breaks(text: str) -> list[str]:
    """The text cut at every break opportunity."""
    points = [i for i, possible in enumerate(break_opportunities(text)) if possible]
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@pytest.mark.parametrize(("text", "pieces"), [
    ("long-term care", ["long-", "term ", "care"]),
    # Between Han characters, but never before the full-width comma or full stop.
    ("社区卫生中心，为每一个人。",
     ["社", "区", "卫", "生", "中", "心，", "为", "每", "一", "个", "人。"]),
    # Hangul syllables break like Han characters.
    ("지역 보건소는", ["지", "역 ", "보", "건", "소", "는"]),
    ("https://example.org/clinics", ["https://", "example.", "org/", "clinics"]),
    ("(555) 010-0199", ["(555) ", "010-0199"]),
    ("ש-ב", ["ש-ב"]),  # a hyphen after a Hebrew letter keeps the words together
    ("«Hola», dijo.", ["«Hola», ", "dijo."]),
    ("{phone}", ["{phone}"]),
    ("👨\u200d👩\u200d👧 ok", ["👨\u200d👩\u200d👧 ", "ok"]),  # a family emoji stays whole
])
def test_break_opportunities(text: str, pieces: list[str]) -> None:
    assert breaks(text) == pieces


def test_width_counts_terminal_columns() -> None:
    assert [char_width(c) for c in "a中한\u0301é"] == [1, 2, 2, 0, 1]


def test_lines_break_at_the_last_opportunity_that_fits() -> None:
    text = "one two three four"
    assert wrap_points(text, 9, 0) == [8, 14]  # "one two " / "three " / "four"
    assert wrap_points(text, 9, 5) == [4, 8, 14]
    # A word longer than the line is not cut: the line overflows instead.
    assert wrap_points("a supercalifragilistic b", 8, 0) == [2, 23]


def test_forbidden_opportunities_are_skipped() -> None:
    forbidden = [False] * 12
    forbidden[4] = True  # as inside an escape sequence
    assert wrap_points("aaa bbb ccc", 5, 0, forbidden) == [8]
