"""What the linter works with: rules read from data files; it reports `Finding`s like every
other check of the tool (`outreach.errors`).

Everything here is a frozen value that remembers where it came from, so a finding can point at
the character a person must change and a rule can point at the file that defines it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import SEVERITIES, Finding, OutreachError

__all__ = ["PROFILES", "SEVERITIES", "Finding", "LintError", "Pattern", "Rule", "RuleBook"]
# "default" rules always apply; "strict" rules flag contested uses (such as "illegal
# immigration" for the act) only in kits that set `[lint] profile = "strict"`.
PROFILES: tuple[str, ...] = ("default", "strict")


class LintError(OutreachError):
    """An input file cannot be read, or the `[lint]` settings or a rule file are invalid."""


@dataclass(frozen=True)
class Pattern:
    """One way a rule's term can appear, with the context that must (not) surround it.

    `match` and every condition use the rule pattern language (see docs/lint.md): regular
    expressions, case-insensitive, where a space stands for any run of spaces, one line break
    or a hyphen, and `{list}` for any entry of a named word list.
    """

    match: str
    fix: str | Mapping[str, str] | None = None
    preceded_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    followed_by: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    within: int = 120
    case_sensitive: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    lang: str  # the language tag the rule is written for: "en", "zh-Hans"
    severity: str
    message: str
    patterns: tuple[Pattern, ...]
    source: str
    prefer: tuple[str, ...] = ()
    explanation: str = ""
    url: str = ""
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    origin: str = ""  # the file that defines it, for --list-rules and error messages
    profile: str = "default"  # "strict": applies only under `[lint] profile = "strict"`


@dataclass(frozen=True)
class RuleBook:
    """The rules for one language, as one data file defines them.

    `word_boundaries` is false for scripts whose words touch (Chinese, Korean particles, Arabic
    clitics), where a term may start or end inside a run of letters; `optional_spaces` makes a
    space in a pattern match no space at all, for scripts written without spaces. `fold` maps
    letters a language writes more than one way (Arabic ي and Persian ی, Russian ё and е) to
    one, in the text and in the patterns alike, so a rule is written once; `ignore` lists marks
    a writer may add or leave out (Arabic short vowels), which matching reads past.
    """

    lang: str
    name: str
    rules: tuple[Rule, ...]
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    word_boundaries: bool = True
    optional_spaces: bool = False
    origin: str = ""
    fold: Mapping[str, str] = field(default_factory=dict)
    ignore: str = ""  # characters read past when matching: Arabic short vowels, tatweel
