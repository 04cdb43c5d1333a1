"""Reversed regexes match reversed text exactly where the originals match the text."""

from __future__ import annotations

import re

import pytest

from outreach.lint.patterns import GAP, SEPARATOR, WORD_END, WORD_START
from outreach.lint.reverse import NotReversible, reverse

TEXTS = [
    "we help illegal  immigrants here", "an illegal.", "Yes. Dreamers", "a\n\nb", "x-y z",
    "caf\u00e9 ilegales", "非法移民", "", "aaab", "the\nparents who are illegal", "xabx-ab",
]
PATTERNS = [
    "an" + SEPARATOR,
    WORD_START + "(?:an)" + SEPARATOR,
    r"(?:\A|[.!?:][\"”’)]?|\n|#+)" + GAP,
    r"(?:parents?|people)" + SEPARATOR + r"(?:who|that)" + SEPARATOR + "(?:are|is)" + SEPARATOR,
    r"a{2,3}b?",
    r"[^\W\d_]+ " + WORD_END,
    r"(?<=x)-",
    r"(?=ab)a\w",
    r"非法",
    r"(?:é|e)\w*?",
]


@pytest.mark.parametrize("source", PATTERNS)
def test_reverse_agrees_with_a_forward_search(source: str) -> None:
    # The forward search ends the text at `end`, so patterns here look ahead only inside the
    # match; the matcher itself lets context after the match be seen, as it should.
    forward = re.compile("(?:" + source + r")\Z")
    backward = reverse(source)
    for text in TEXTS:
        mirrored = text[::-1]
        for end in range(len(text) + 1):
            expected = any(forward.match(text, start, end) for start in range(end + 1))
            found = backward.match(mirrored, len(text) - end)
            assert (found is not None) == expected, (source, text, end)


def test_unreversible_patterns_say_so() -> None:
    with pytest.raises(NotReversible):
        reverse(r"(a)\1")
    with pytest.raises(NotReversible):
        reverse(r"x(?=abc|d)")  # would become a variable-width lookbehind
