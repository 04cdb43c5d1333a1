"""Precision and recall on labeled sentences: half use a discouraged term, half are innocent
near-misses ("illegal evictions", "Dream Act", "ropa mojada"). Both must be at least 0.95."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.lint import lint_text

HERE = Path(__file__).parent
MINIMUM = 0.95


def labeled(lang: str) -> list[tuple[bool, str]]:
    rows = []
    for line in (HERE / f"labeled_{lang}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, sentence = line.split("\t", 1)
        rows.append((label == "1", sentence.replace("\\n", "\n")))
    return rows


@pytest.mark.parametrize("lang", ["en", "es"])
def test_labeled_set_is_big_and_balanced(lang: str) -> None:
    rows = labeled(lang)
    harmful = sum(1 for flagged, _ in rows if flagged)
    assert len(rows) >= 100
    assert 0.45 <= harmful / len(rows) <= 0.55


@pytest.mark.parametrize("lang", ["en", "es"])
def test_precision_and_recall(lang: str) -> None:
    true_pos = false_pos = false_neg = 0
    wrong = []
    for harmful, sentence in labeled(lang):
        found = bool(lint_text(sentence, lang))
        true_pos += found and harmful
        false_pos += found and not harmful
        false_neg += harmful and not found
        if found != harmful:
            wrong.append(("missed" if harmful else "false alarm", sentence))
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    assert precision >= MINIMUM and recall >= MINIMUM, (precision, recall, wrong)
