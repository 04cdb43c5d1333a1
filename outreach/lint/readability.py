"""Plain language: how hard a message reads, as a school grade, in any language the kit uses.

English is scored by Flesch-Kincaid grade and Spanish by Fernández-Huerta's reading ease (with
the INFLESZ band of Szigriszt-Pazos's index), both from syllables counted by rule. Other
languages have no formula of their own that is known to work on short texts, so they are
scored by sentence and word length against that language's norms (`readability.toml`): the
Flesch-Kincaid formula with the language's own grade-8 sentence and word lengths in place of
English's. Languages without norms are not scored, nor are texts under 40 words.

A message is read as what a reader sees: its title, key message, call to action and body, each
heading, paragraph and list item ending a sentence of its own.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from .patterns import MARKS
from .ruleset import language_chain

NORMS_FILE = Path(__file__).parent / "readability.toml"

# Flesch-Kincaid grade = 0.39 * words per sentence + 11.8 * syllables per word - 15.59. English
# text with 16 words per sentence and 1.47 syllables per word sits at grade 8; the length method
# puts a language's grade-8 norms in those places.
FK_SENTENCE, FK_WORD, FK_CONSTANT = 0.39, 11.8, -15.59
REFERENCE_SENTENCE, REFERENCE_SYLLABLES = 16.0, 1.47
# At that point a tenth more letters per word adds 2.8 times what a tenth more words per
# sentence adds: how the advice decides which of the two to name.
WORD_WEIGHT = FK_WORD * REFERENCE_SYLLABLES / (FK_SENTENCE * REFERENCE_SENTENCE)
# Syllables per word in plain Spanish (the sample kit's translation has 2.03).
SPANISH_SYLLABLES = 2.0

# Formulas say little about a few lines: shorter texts are not scored.
MINIMUM_WORDS = 40
MINIMUM_CHARACTERS = 80

# One character class is much faster than WORD_CHAR's alternation, and counting is all this
# needs: a word starts with a letter, digit or mark and may hold apostrophes (don't, l'eau).
_WORD = re.compile(f"[\\w{MARKS}][\\w{MARKS}'’]*")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# A sentence ends at these marks when a space and a capital (or a letter of a script without
# capitals) follow, so "U.S.-born" and "e.g. a form" do not end one; the line breaks that start
# a heading, paragraph or list item end one too. One group around all of it, so splitting the
# text keeps every character.
_BOUNDARY = re.compile(r"([.!?…؟۔।॥።፧](?=[\"'”’»)\]]*(?:\s+[^\s\da-z]|\s*$))|[。！？]"
                       r"|\n(?=[ \t]*\n)|\n(?=[ \t]*(?:[-+*]|\d{1,9}[.)]|#{1,6})[ \t]))")
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Piece:
    """Text read as one or more whole sentences, and where it is: an offset into the file
    (`line` None) or, for a catalog entry, the line of its msgstr."""

    text: str
    offset: int = 0
    line: int | None = None


@dataclass(frozen=True)
class Sentence:
    piece: Piece
    start: int  # offsets into piece.text
    end: int
    length: int  # words (characters for Chinese)

    @property
    def text(self) -> str:
        return " ".join(self.piece.text[self.start:self.end].split())


@dataclass(frozen=True)
class Norms:
    method: str  # "flesch-kincaid", "fernandez-huerta" or "length"
    unit: str = "word"  # what a sentence is counted in: "word", or "character" for Chinese
    sentence: float = REFERENCE_SENTENCE  # words (characters) per sentence at grade 8
    word: float = 0.0  # letters per word at grade 8 (0: word length is not used)
    name: str = ""


@dataclass(frozen=True)
class Reading:
    grade: float
    figures: str  # how the grade was found, for people: "Flesch-Kincaid 10.2"
    longest: tuple[Sentence, ...]  # the longest sentences, longest first
    long_sentences: bool  # sentence length weighs more than word length in the grade


@cache
def _norms_table() -> dict[str, Norms]:
    data = tomllib.loads(NORMS_FILE.read_text(encoding="utf-8"))
    return {tag.lower(): Norms(**entry) for tag, entry in data.items()}


def norms_for(lang: str) -> Norms | None:
    table = _norms_table()
    for tag in language_chain(lang):
        if tag in table:
            return table[tag]
    return None


def measure(pieces: Iterable[Piece], lang: str) -> Reading | None:
    """The reading grade of `pieces` in `lang`, or None (no norms, or no sentences)."""
    norms = norms_for(lang)
    if norms is None:
        return None
    text = _Counted(pieces, norms.unit)
    count = text.units
    if count < (MINIMUM_CHARACTERS if norms.unit == "character" else MINIMUM_WORDS):
        return None
    per_sentence = count / text.sentences
    sentences, words = text.longest(), text.words
    if norms.method == "flesch-kincaid":
        return _flesch_kincaid(sentences, words, per_sentence)
    if norms.method == "fernandez-huerta":
        return _fernandez_huerta(sentences, words, per_sentence)
    letters = _total(_letters, words) / count if words else 0.0
    sentence_ratio = per_sentence / norms.sentence
    word_ratio = letters / norms.word if norms.word and words else 1.0
    grade = (FK_SENTENCE * REFERENCE_SENTENCE * sentence_ratio
             + FK_WORD * REFERENCE_SYLLABLES * word_ratio + FK_CONSTANT)
    unit = "characters" if norms.unit == "character" else "words"
    figures = f"{per_sentence:.1f} {unit} per sentence"
    norm = f"{norms.sentence:g}"
    if norms.word and words:
        figures += f", {letters:.1f} letters per word"
        norm += f" and {norms.word:g}"
    figures += f"; {norms.name or lang} norms for grade 8: {norm}"
    return Reading(grade, figures, tuple(sentences),
                   sentence_ratio - 1 >= WORD_WEIGHT * (word_ratio - 1))


def _flesch_kincaid(sentences: list[Sentence], words: Counter[str], per_sentence: float
                    ) -> Reading:
    syllables = _total(english_syllables, words) / max(1, words.total())
    grade = FK_SENTENCE * per_sentence + FK_WORD * syllables + FK_CONSTANT
    long_sentences = (per_sentence / REFERENCE_SENTENCE - 1
                      >= WORD_WEIGHT * (syllables / REFERENCE_SYLLABLES - 1))
    return Reading(grade, f"Flesch-Kincaid {grade:.1f}", tuple(sentences), long_sentences)


def _fernandez_huerta(sentences: list[Sentence], words: Counter[str], per_sentence: float
                      ) -> Reading:
    syllables = _total(spanish_syllables, words) / max(1, words.total())
    ease = 206.84 - 60 * syllables - 1.02 * per_sentence
    inflesz = 206.835 - 62.3 * syllables - per_sentence
    grade = ease_to_grade(ease)
    figures = (f"Fernández-Huerta {ease:.0f}, INFLESZ {inflesz:.0f}: "
               f"{inflesz_band(inflesz)}")
    long_sentences = (1.02 * (per_sentence - REFERENCE_SENTENCE)
                      >= 60 * (syllables - SPANISH_SYLLABLES))
    return Reading(grade, figures, tuple(sentences), long_sentences)


# Flesch's table of reading ease against school grade (Fernández-Huerta's scale follows it):
# 90-100 grade 5, 80-90 grade 6, 70-80 grade 7, 60-70 grades 8-9, 50-60 grades 10-12,
# 30-50 college. Each band's lower edge is its highest grade; between, the grade is linear.
EASE_GRADES = ((100.0, 4.0), (90.0, 5.0), (80.0, 6.0), (70.0, 7.0), (60.0, 9.0), (50.0, 12.0),
               (30.0, 16.0), (0.0, 18.0))
# INFLESZ bands for Szigriszt-Pazos's index (Barrio-Cantalejo et al., 2008).
INFLESZ_BANDS = ((80.0, "muy fácil"), (65.0, "bastante fácil"), (55.0, "normal"),
                 (40.0, "algo difícil"), (float("-inf"), "muy difícil"))


def ease_to_grade(ease: float) -> float:
    points = EASE_GRADES
    if ease >= points[0][0]:
        return points[0][1]
    for (high, low_grade), (low, high_grade) in zip(points, points[1:], strict=False):
        if ease >= low:
            return low_grade + (high - ease) / (high - low) * (high_grade - low_grade)
    return points[-1][1]


def inflesz_band(score: float) -> str:
    return next(name for floor, name in INFLESZ_BANDS if score > floor)


def grade_to_ease(grade: float) -> float:
    """The reading ease that corresponds to a grade, for saying what a target means."""
    points = EASE_GRADES
    for (high, low_grade), (low, high_grade) in zip(points, points[1:], strict=False):
        if grade <= high_grade:
            if grade <= low_grade:
                return high
            return high - (grade - low_grade) / (high_grade - low_grade) * (high - low)
    return points[-1][0]


@cache
def english_syllables(word: str) -> int:
    """Syllables by rule: vowel groups, less silent endings."""
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    return max(1, len(_EN_VOWELS.findall(_EN_SILENT.sub("", w))))


_EN_VOWELS = re.compile(r"[aeiouy]+")
# A final e is silent (care), as are -es and -ed unless the sound before them makes a syllable
# of them (boxes, wanted); "-le" keeps its syllable (table).
_EN_SILENT = re.compile(r"(?:[^laeiouysxzh]es|[^laeiouydt]ed|[^laeiouy]e)$|^y")


@cache
def spanish_syllables(word: str) -> int:
    """Syllables by rule: one per vowel group, and one more for each hiatus between two strong
    vowels (a, e, o, or an accented í or ú). The u of que, qui, gue, gui is silent."""
    w = _ES_SILENT_U.sub(r"\1", word.lower())
    count = 0
    for group in _ES_VOWELS.findall(w):
        count += 1
        for first, second in zip(group, group[1:], strict=False):
            if first in _ES_STRONG and second in _ES_STRONG:
                count += 1
    return max(1, count)


_ES_SILENT_U = re.compile(r"([qg])u(?=[eéií])")
_ES_VOWELS = re.compile(r"[aeiouáéíóúü]+(?:y(?![aeiouáéíóúü]))?")
_ES_STRONG = frozenset("aeoáéíóú")


class _Counted:
    """Sentences and words of the pieces, counted for megabyte files: splitting and counting
    happen in C, and only the longest sentences become Sentence objects."""

    def __init__(self, pieces: Iterable[Piece], unit: str) -> None:
        self.unit = unit
        self.units = 0
        self.sentences = 0
        self.words: Counter[str] = Counter()
        self._spans: list[tuple[int, Piece, int, int]] = []  # (characters, piece, start, end)
        for piece in pieces:
            self._count(piece)

    def _count(self, piece: Piece) -> None:
        text = piece.text
        if "{" in text:  # {phone}, {organization}: one short word each
            text = _PLACEHOLDER.sub(lambda m: "X" + " " * (len(m.group(0)) - 1), text)
            piece = Piece(text, piece.offset, piece.line)
        parts = _BOUNDARY.split(text)  # sentence, end, sentence, end, ..., sentence
        starts = [0, *accumulate(map(len, parts))]
        if self.unit == "character":
            self.units += len(_HAN.findall(text)) + len(_HANGUL.findall(text))
        else:
            for token, n in Counter(text.split()).items():
                for word in _WORD.findall(token):
                    self.words[word] += n
            self.units = self.words.total()
        # A sentence runs to the end of its end mark. Sentences are ranked by their length in
        # characters, and only the longest are counted word by word (see longest()).
        spans = [(starts[min(i + 2, len(parts))] - starts[i], i)
                 for i in range(0, len(parts), 2) if parts[i] and not parts[i].isspace()]
        self.sentences += len(spans)
        spans.sort(reverse=True)
        self._spans += [(size, piece, starts[i], starts[i] + size)
                        for size, i in spans[:_CANDIDATES]]

    def longest(self, count: int = 2) -> list[Sentence]:
        best = sorted(self._spans, key=lambda span: -span[0])[:_CANDIDATES]
        sentences = []
        for _, piece, start, end in best:
            while start < end and piece.text[start].isspace():
                start += 1
            length = (len(_WORD.findall(piece.text, start, end)) if self.unit == "word"
                      else len(_HAN.findall(piece.text, start, end))
                      + len(_HANGUL.findall(piece.text, start, end)))
            sentences.append(Sentence(piece, start, end, length))
        return sorted(sentences, key=lambda s: -s.length)[:count]


_CANDIDATES = 10


def _total(count: Callable[[str], int], words: Counter[str]) -> int:
    """`count` summed over `words`, asking once per distinct word."""
    return sum(count(word) * n for word, n in words.items())


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


def describe_target(lang: str, grade: float) -> str:
    """The target as the language's own measure says it: "grade 8 (Fernández-Huerta 65)"."""
    norms = norms_for(lang)
    if norms and norms.method == "fernandez-huerta":
        return f"grade {grade:g} (Fernández-Huerta {grade_to_ease(grade):.0f} or more)"
    return f"grade {grade:g}"


def language_name(lang: str) -> str:
    norms = norms_for(lang)
    return norms.name if norms and norms.name else lang
