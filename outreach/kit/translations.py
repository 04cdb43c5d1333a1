"""What a translation may never contain, whatever the checks say.

Translations come from outside contributors. Two kinds of text are refused wherever a
translation is used or checked (the build compiles no catalog that has them, and `outreach i18n
check` reports them at the catalog line, with the same words):

- Text that misleads: bidirectional overrides, embeddings and isolates (U+202A-U+202E,
  U+2066-U+2069) can make a phone number or a sentence display in another order than it is
  written; outreach adds the isolates contact details need by itself. Control characters (C0,
  DEL, C1, NUL) are invisible; a tab or a line break is allowed only where the source has one.
- Template text that breaks its template: Jinja %-formats every template translation, so a
  translation may use only the `%(name)s` directives its source has, exactly as written there.
  `%(name)30000000s` would make a 30 MB page; `%d` would fail the build.

Every function here is linear in the length of the translation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..po.directives import argument_directives

BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_LAYOUT = {"\t": "a tab", "\n": "a line break"}


def text_problems(source: str, translation: str) -> list[str]:
    """Characters of `translation` that may mislead a reader, once each, in order."""
    present = set(translation)
    suspects = [char for char in present if char in BIDI_CONTROLS
                or unicodedata.category(char) == "Cc"]
    found = []
    for char in sorted(suspects, key=translation.index):
        code = f"U+{ord(char):04X}"
        if char in BIDI_CONTROLS:
            found.append(f"the translation contains {code} {unicodedata.name(char)}, which can "
                         "make text display in another order than it is written: delete it "
                         "(outreach keeps contact details in their own direction by itself)")
        elif char in _LAYOUT:
            # A line break at either end is the whitespace check's to report.
            inner = translation.strip("\n") if char == "\n" else translation
            if char not in source and char in inner:
                found.append(f"the translation contains {_LAYOUT[char]} ({code}) and the source "
                             "does not: delete it")
        else:
            found.append(f"the translation contains {code}, an invisible control character: "
                         "delete it")
    return found


def template_problems(msgid: str, sources: Iterable[str], translation: str) -> list[str]:
    """Why a translation of template text would break its template (nothing if it would not).

    `sources` are the texts the translation may take directives from: the msgid, and the
    msgid_plural of a plural entry.
    """
    allowed: dict[str, str] = {}  # directive as written -> its name
    for source in sources:
        for directive in argument_directives(source).directives:
            allowed[directive.text(source)] = directive.name
    scan = argument_directives(translation)
    found: list[str] = []
    broken = scan.error is not None
    for directive in scan.directives:
        written = directive.text(translation)
        if written in allowed:
            continue
        if directive.name in ("", "%"):  # unnamed, or a padded "% %": Jinja passes names
            broken = True
            continue
        same = [text for text, name in allowed.items() if name == directive.name]
        advice = f"write {same[0]} as the source does" if same else "remove it"
        found.append(f"translation of {msgid!r} uses {written}, which the source text does "
                     f"not have; {advice}")
    if broken and not found:
        names = ", ".join(dict.fromkeys(allowed))
        keep = f"keep {names} and " if names else ""
        found.append(f"translation of {msgid!r} breaks its format: {keep}write a literal % "
                     "as %%")
    return list(dict.fromkeys(found))
