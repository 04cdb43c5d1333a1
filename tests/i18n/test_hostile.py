"""A hostile translation cannot make reading or checking a catalog slow.

Every check reads a translation a fixed number of times: a megabyte of brackets, asterisks,
backslashes or almost-links is checked in well under a second (Python-Markdown, which the
renderer uses, took 55 s on 20,000 "[" when the markup check still rendered with it). Times are
CPU time of this process, so a busy machine does not make the bound flaky.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from outreach.i18n.check import CHECKS, check_entry
from outreach.kit.catalogs import compile_catalog
from outreach.kit.languages import language
from outreach.po import Entry, escape, parse_po

SIZE = 1_000_000
SECOND = 1.0


def repeated(unit: str) -> str:
    return unit * (SIZE // len(unit))


HOSTILE = {
    "brackets": repeated("["),
    "closing brackets": repeated("]"),
    "nested brackets and parentheses": repeated("[(") [: SIZE // 2] + repeated(")]")[: SIZE // 2],
    "almost links": repeated("[a]("),
    "almost link ends": repeated("]("),
    "unclosed titles": repeated('](x "'),
    "angle targets": repeated("](<"),
    "references": repeated("[a][b]"),
    "empty references": repeated("[]"),
    "images": repeated("!["),
    "asterisks": repeated("*"),
    "emphasis": repeated("*a* "),
    "bold openers": repeated("**a "),
    "underscores": repeated("_"),
    "underscored words": repeated("a_"),
    "backslashes": repeated("\\"),
    "backticks": repeated("`"),
    "code openers": repeated("`a"),
    "angle brackets": repeated("<"),
    "autolinks": repeated("<http://a>"),
    "almost email autolinks": repeated("<a@"),
    "braces": repeated("{"),
    "placeholders": repeated("{phone}"),
    "percent signs": repeated("%"),
    "directive openers": repeated("%("),
    "literal percents": repeated("%%"),
    "one long word": repeated("a"),
    "one long word then @": repeated("a")[:-1] + "@",
    "schemes": repeated("http://"),
    "www": repeated("www."),
    "scheme-relative": repeated("//a."),
    "digits": repeated("1"),
    "spaces": repeated(" "),
    "line breaks": repeated("\n"),
    "every mark": repeated("*_`[]()<>\\!%{}@:/#"),
    "bidi overrides": repeated("\u202e"),
    "nul": repeated("\x00"),
    "entities": repeated("&amp;"),
}

BODY = Entry("Plain words for [every family](https://example.org/es), call {phone}.",
             msgctxt="community/hello:body")
TEMPLATE = Entry("Call %(phone)s", flags=frozenset({"python-format"}))
TITLE = Entry("Hello", msgctxt="community/hello:title",
              auto_comments=("Message 'hello' (community), title: flyer headline, at most 60 "
                             "characters.",))


def cpu_seconds(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


@pytest.mark.parametrize("name", HOSTILE)
def test_every_check_is_fast_on_a_hostile_megabyte(name: str) -> None:
    # "terms" is the linter's (benchmarks/lint_bench.py measures its speed).
    checks = [check for check in CHECKS if check != "terms"]
    spanish = language("es")
    for entry in (BODY, TEMPLATE, TITLE):
        hostile = Entry(entry.msgid, (HOSTILE[name],), msgctxt=entry.msgctxt,
                        flags=entry.flags, auto_comments=entry.auto_comments)
        issues: list[object] = []
        seconds = cpu_seconds(lambda hostile=hostile, issues=issues: issues.extend(
            check_entry(hostile, spanish, checks=checks)))
        assert seconds < SECOND, f"{name} ({entry.msgctxt}): {seconds:.2f} s"
        assert len(issues) <= 2 * len(checks) * 11  # a few lines, not a million


@pytest.mark.parametrize("name", ["backslashes", "line breaks", "every mark", "nul",
                                  "one long word"])
def test_a_hostile_megabyte_is_read_and_compiled_fast(name: str) -> None:
    text = (f'msgid ""\nmsgstr "Language: es\\n"\n\nmsgctxt "community/hello:body"\n'
            f'msgid "Plain words"\nmsgstr "{escape(HOSTILE[name])}"\n')
    catalog = None

    def read() -> None:
        nonlocal catalog
        catalog = parse_po(text, "es.po")

    assert cpu_seconds(read) < SECOND
    assert catalog is not None and catalog.entries[0].msgstr == (HOSTILE[name],)
    seconds = cpu_seconds(lambda: _compile_or_refuse(catalog))
    assert seconds < SECOND


def _compile_or_refuse(catalog: object) -> None:
    from outreach.errors import SourceError

    try:
        compile_catalog(catalog, language("es"))  # type: ignore[arg-type]
    except SourceError:
        pass  # refused (a control character): what matters is how fast
