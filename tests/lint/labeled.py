"""The labeled sentence sets in this folder, and precision and recall of the linter on them.

Each `labeled_<lang>.tsv` holds sentences written for one language: label 1 for a sentence that
uses a discouraged term, 0 for an innocent lookalike (an act called illegal, a false friend, a
quoted mention). Shared by the test that holds every language to the bar and by
`benchmarks/lint_quality.py`, which prints the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from outreach.lint import lint_text

HERE = Path(__file__).parent
MINIMUM = 0.95


@dataclass
class Score:
    lang: str
    sentences: int = 0
    harmful: int = 0
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    wrong: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.harmful if self.harmful else 0.0


def languages() -> list[str]:
    return sorted(p.stem.removeprefix("labeled_") for p in HERE.glob("labeled_*.tsv"))


def labeled(lang: str) -> list[tuple[bool, str]]:
    rows = []
    path = HERE / f"labeled_{lang}.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, sentence = line.partition("\t")
        if not sep or label not in ("0", "1"):
            raise ValueError(f"{path.name}:{number}: expected 0 or 1, a tab, then a sentence")
        rows.append((label == "1", sentence.replace("\\n", "\n")))
    return rows


def score(lang: str) -> Score:
    result = Score(lang)
    for harmful, sentence in labeled(lang):
        found = bool(lint_text(sentence, lang))
        result.sentences += 1
        result.harmful += harmful
        result.true_pos += found and harmful
        result.false_pos += found and not harmful
        result.false_neg += harmful and not found
        if found != harmful:
            result.wrong.append(("missed" if harmful else "false alarm", sentence))
    return result
