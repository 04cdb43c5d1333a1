"""Precision and recall on labeled sentences in every language with rules: half use a
discouraged term, half are innocent lookalikes ("illegal evictions", "bệnh lậu", "нелегальный
бизнес"). Each language must reach 0.95 on both; `benchmarks/lint_quality.py` prints them."""

from __future__ import annotations

import pytest
from labeled import MINIMUM, labeled, languages, score

from outreach.lint.ruleset import builtin_books

LANGUAGES = languages()


def test_every_language_with_rules_has_a_labeled_set() -> None:
    assert sorted(book.lang for book in builtin_books().values()) == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labeled_set_is_big_and_balanced(lang: str) -> None:
    rows = labeled(lang)
    harmful = sum(1 for flagged, _ in rows if flagged)
    assert len(rows) >= 40
    assert 0.45 <= harmful / len(rows) <= 0.55
    assert len({sentence for _, sentence in rows}) == len(rows), "a sentence is listed twice"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_precision_and_recall(lang: str) -> None:
    result = score(lang)
    assert result.precision >= MINIMUM and result.recall >= MINIMUM, (
        result.precision, result.recall, result.wrong)
