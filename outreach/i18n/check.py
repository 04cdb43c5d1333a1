"""Quality checks on translations: the mistakes that reach a printed flyer unnoticed.

Each check compares one translated entry with its source. Word order differs between
languages, so placeholders, links and numbers are compared as multisets: all must be there,
in any order.

Errors stop a build (the page would be wrong): a placeholder missing, added or misspelled; a
link or address dropped, changed or added (see `outreach.kit.links`); a field longer than its
limit; a line break added or lost at the start or end (GNU msgfmt -c rejects that); a
character that misleads (see `outreach.kit.translations`); a discouraged term the linter calls
an error.
Warnings are shown but do not stop a build, because a translation can be right without the
match: emphasis or other markup unbalanced or dropped, a number changed (a date may be
written another way), spaces at the start or end, discouraged terms the linter only warns about,
a text message that takes more parts than `[sms] max_segments` (it still sends; it costs more).

Fuzzy entries are not checked: the build does not use them until a translator confirms them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..errors import Finding
from ..kit.catalogs import read_catalogs
from ..kit.config import Config, SmsSettings
from ..kit.languages import Language, nplurals, plural_forms_problem
from ..kit.links import Links, links
from ..kit.translations import template_problems, text_problems
from ..kit.units import fill_plain
from ..po import Catalog, Entry
from ..po.directives import argument_directives
from .markup import scan

ERROR, WARNING = "error", "warning"
CHECKS = ("placeholders", "links", "markup", "numbers", "whitespace", "length", "characters",
          "terms", "sms", "header", "catalog")

_LIMIT = re.compile(r"at most (\d+) characters")
_BRACES = re.compile(r"\{[^{}\n]*+\}")
_MARKS = ("*", "_", "`", "[", "]")
_SCANNED = (*_MARKS, "\\")  # what the markup scanner stops at
MAX_ISSUES = 10  # of one check in one translation; a hostile one may hold a million
_MARKUP = (("strong", "bold", "**…**"), ("emphasis", "emphasis", "*…*"), ("code", "code", "`…`"))


# What each check looks for, for reports that describe their codes (SARIF).
CHECK_DESCRIPTIONS = {
    "placeholders": "A {placeholder} or %(name)s directive of the source is missing, changed "
                    "or added in the translation.",
    "links": "A link, web address or email address of the source is missing, changed or added "
             "in the translation.",
    "markup": "Bold, emphasis or code markup does not match the source's.",
    "numbers": "A number of the source is missing or changed in the translation.",
    "whitespace": "The translation starts or ends with a line break or space the source does "
                  "not have (or lacks one it has).",
    "length": "The translation is longer than its field allows (a flyer headline must fit).",
    "characters": "The translation holds direction overrides or control characters that can "
                  "make text read other than it looks.",
    "terms": "The translation uses a discouraged term (see 'outreach lint').",
    "sms": "The text message takes more parts (segments) than [sms] max_segments allows.",
    "header": "The catalog's header is fuzzy or its plural forms do not match its entries.",
    "catalog": "The language has no catalog yet.",
}


def describe_check(code: str) -> dict[str, object]:
    """A SARIF rule descriptor for one check."""
    return {"id": code, "shortDescription": {"text": CHECK_DESCRIPTIONS.get(code, code)},
            "properties": {"tags": ["translation"]}}


def _issue(check: str, severity: str, message: str) -> Finding:
    """A finding of one check, before it knows its catalog, line and entry."""
    return Finding("", message, severity=severity, code=check)


def as_problem(finding: Finding) -> Finding:
    """A finding as a build error: `path:line: check: message`."""
    return replace(finding, message=f"{finding.code}: {finding.message}")


def check_catalogs(config: Config, languages: Sequence[Language] | None = None, *,
                   checks: Collection[str] = CHECKS) -> list[Finding]:
    """Findings for the catalog of every translated language (or of `languages`).

    `checks` names the checks to run (all of `CHECKS` by default; a build that runs the
    linter over the catalogs itself may leave out "terms"). A catalog that cannot be read
    raises `SourceError`; one that does not exist yet is a finding, so that a report covers
    every language.
    """
    findings: list[Finding] = []
    for file in read_catalogs(config, languages):
        if file.catalog is None:
            if "catalog" in checks:
                findings.append(Finding(
                    file.shown, f"catalog not found; create it with 'outreach i18n init "
                    f"{file.language.tag}'", code="catalog", lang=file.language.tag))
            continue
        findings.extend(check_catalog(file.catalog, file.language, config, checks=checks))
    return findings


def check_catalog(po: Catalog, lang: Language, config: Config | None = None, *,
                  checks: Collection[str] = CHECKS) -> list[Finding]:
    """Findings for one catalog, already read."""
    findings = [replace(issue, path=po.path, line=line, lang=lang.tag)
                for line, issue in _header_issues(po) if issue.code in checks]
    settings = config.lint if config is not None else None
    sms = SmsCheck.of(config)
    for entry in po.entries:
        if not entry.has_translation or entry.fuzzy:
            continue
        for issue in check_entry(entry, lang, settings=settings, path=po.path, checks=checks,
                                 sms=sms):
            findings.append(replace(issue, path=po.path, line=entry.msgstr_line,
                                    lang=lang.tag, context=entry.msgctxt, match=entry.msgid))
    return findings


def check_entry(entry: Entry, lang: Language, *, settings: Any = None,
                path: str = "<catalog>", checks: Collection[str] = CHECKS,
                sms: SmsCheck | None = None) -> Iterator[Finding]:
    """The issues of one translated entry (each plural form against its source); `sms` holds
    the kit's text-message settings (default: the tool's).

    Every check reads the translation a fixed number of times, so a hostile megabyte-long
    string is checked in well under a second.
    """
    body = (entry.msgctxt or "").endswith(":body")
    text_message = (entry.msgctxt or "").endswith(":sms")
    for source, translation in zip(entry.sources, entry.msgstr, strict=True):
        if not translation:
            continue
        want, got = links(source), links(translation)
        found = [
            _characters(source, translation),
            _placeholders(entry, source, translation),
            _links(want, got),
            _markup(source, translation) if body else iter(()),
            _numbers(want, got),
            _whitespace(source, translation),
            _length(entry, translation),
            (sms or SmsCheck()).issues(translation, lang.tag) if text_message else iter(()),
            _terms(translation, lang, settings, path, body) if "terms" in checks else iter(()),
        ]
        seen: set[Finding] = set()
        shown: Counter[str] = Counter()  # issues of each check shown for this form
        hidden: dict[str, str] = {}  # check -> the gravest severity of those not shown
        for issues in found:
            for issue in issues:
                if issue.code not in checks or issue in seen:
                    continue
                seen.add(issue)
                shown[issue.code] += 1
                if shown[issue.code] <= MAX_ISSUES:
                    yield issue
                elif hidden.get(issue.code) != ERROR:
                    hidden[issue.code] = issue.severity
        for check, severity in hidden.items():
            yield _issue(check, severity, f"... and {shown[check] - MAX_ISSUES} more {check} "
                         "problems in this translation")


def _header_issues(po: Catalog) -> Iterator[tuple[int | None, Finding]]:
    header = po.header
    line = header.line if header is not None else None
    if header is not None and header.fuzzy:
        yield line, _issue("header", WARNING, "the header entry is marked '#, fuzzy': pybabel "
                           "compile skips such a catalog and other tools may ignore its "
                           "settings; delete the '#, fuzzy' line above msgid \"\"")
    forms = po.header_field("Plural-Forms")
    if forms and (problem := plural_forms_problem(forms)):
        yield line, _issue("header", ERROR, f"Plural-Forms: {problem}")
        return
    plural = [m for m in po.entries if m.plural and m.has_translation]
    if not plural:
        return
    count = nplurals(forms or "")
    if count is None:
        yield line, _issue("header", ERROR, "there are plural translations but no "
                           "'Plural-Forms' header; run 'outreach i18n update' to add it")
        return
    for message in plural:
        if len(message.msgstr) != count:
            yield message.msgstr_line, _issue(
                "header", ERROR, f"{len(message.msgstr)} plural forms, but the Plural-Forms "
                f"header says nplurals={count}")


def _characters(source: str, translation: str) -> Iterator[Finding]:
    for message in text_problems(source, translation):
        yield _issue("characters", ERROR, message)


def _placeholders(entry: Entry, source: str, translation: str) -> Iterator[Finding]:
    # Anything in braces counts, so that a translated or misspelled name ("{teléfono}") is
    # reported as itself rather than only as the placeholder it replaced.
    yield from _compare("placeholders", ERROR, Counter(_BRACES.findall(source)),
                        Counter(_BRACES.findall(translation)),
                        "{} is missing: copy it from the source exactly as written",
                        "{} is not in the source text: placeholders must match the source "
                        "exactly")
    # Template text is %-formatted whatever its flags say; so is what GNU tools treat as
    # python-format. Directives the source lacks are refused as the build refuses them.
    if entry.msgctxt is None or "python-format" in entry.flags:
        want = _percent(source)
        for item in sorted(want - _percent(translation)):
            yield _issue("placeholders", ERROR, f"{item} is missing: copy it from the source "
                         "exactly as written")
        for message in template_problems(entry.msgid, dict.fromkeys(entry.sources),
                                         translation):
            yield _issue("placeholders", ERROR, message)


def _percent(text: str) -> Counter[str]:
    return Counter(d.text(text) for d in argument_directives(text).directives)


def _links(want: Links, got: Links) -> Iterator[Finding]:
    translated_bare = Counter(got.addresses)
    for target, count in (want.targets - got.targets).items():
        shown = want.written[target]
        if translated_bare[target] >= count:
            yield _issue("links", ERROR, f"{shown} is no longer a link: write it as "
                         f"[link text]({shown}) as in the source")
            translated_bare[target] -= count
        else:
            yield _issue("links", ERROR, f"the link to {shown} is missing or its address "
                         "changed: keep [link text](address) with the address exactly as in "
                         "the source")
    for target in (got.targets - want.targets):
        yield _issue("links", ERROR, f"the link to {got.written[target]} is not in the source "
                     "text")
    for target in sorted(want.addresses - translated_bare):
        yield _issue("links", ERROR, f"{want.written[target]} is missing: contact details and "
                     "addresses must be copied exactly")
    for target in sorted(+translated_bare - want.addresses):
        yield _issue("links", ERROR, f"{got.written[target]} is not in the source text: "
                     "contact details and addresses must match the source")


def _markup(source: str, translation: str) -> Iterator[Finding]:
    if not any(mark in source or mark in translation for mark in _MARKS):
        return  # plain text on both sides: nothing to compare
    marks = sum(source.count(mark) for mark in _SCANNED)
    extra = sum(translation.count(mark) for mark in _SCANNED)
    if extra > 4 * marks + 64:
        # Far more markup than the source: it cannot match, and need not be read to say so.
        yield _issue("markup", WARNING, f"the translation has {extra} markup characters "
                     f"({' '.join(_SCANNED)}) and the source {marks}: keep the source's markup "
                     "and no more")
        return
    want, got = scan(source), scan(translation)
    for field, name, example in _MARKUP:
        wanted, found = getattr(want, field), getattr(got, field)
        if wanted != found:
            yield _issue("markup", WARNING, f"{name} markup ({example}) is used {wanted} "
                         f"time(s) in the source and {found} time(s) in the translation: keep "
                         "it around the matching words")
    for mark in ("*", "`", "[", "]"):
        if (got.unpaired or Counter())[mark] > (want.unpaired or Counter())[mark]:
            yield _issue("markup", WARNING, f"an unpaired '{mark}' would show as text: the "
                         "markup is unbalanced")


def _numbers(want: Links, got: Links) -> Iterator[Finding]:
    yield from _compare("numbers", WARNING, _digits(want), _digits(got),
                        "the number {} is missing or changed: check phone numbers and dates "
                        "digit by digit", "the number {} is not in the source text")


def _digits(found: Links) -> Counter[str]:
    # Addresses and placeholders have their own checks; digits in them are not counted twice.
    text = _BRACES.sub(" ", found.rest)
    # Any script's digits count as the same number: Arabic-Indic ٠١٢ is 012.
    return Counter(run if run.isascii() else
                   run.translate({ord(c): str(unicodedata.digit(c)) for c in set(run)})
                   for run in re.findall(r"\d+", text))


def _whitespace(source: str, translation: str) -> Iterator[Finding]:
    for end, pick in (("starts", lambda s: s[:1]), ("ends", lambda s: s[-1:])):
        want, got = pick(source), pick(translation)
        if (want == "\n") != (got == "\n"):
            which = "source" if want == "\n" else "translation"
            yield _issue("whitespace", ERROR, f"the {which} {end} with a line break and the "
                         f"{'translation' if which == 'source' else 'source'} does not: "
                         "GNU msgfmt rejects this")
        elif want.isspace() != got.isspace():
            which = "source" if want.isspace() else "translation"
            other = "translation" if which == "source" else "source"
            yield _issue("whitespace", WARNING, f"the {which} {end} with a space and the "
                         f"{other} does not")


def _length(entry: Entry, translation: str) -> Iterator[Finding]:
    match = _LIMIT.search(" ".join(entry.auto_comments))
    if match is None:
        return
    limit = int(match.group(1))
    length = visible_length(translation)
    if length > limit:
        yield _issue("length", ERROR, f"the translation is {length} characters long; the limit "
                     f"is {limit} characters: shorten it so it fits")


def visible_length(text: str) -> int:
    """Characters as a reader counts them: accents and other combining marks are not extra."""
    counts = Counter(" ".join(text.split()))
    return sum(n for c, n in counts.items() if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


class SmsCheck:
    """A text message held to `[sms] max_segments`, counted as it will be sent: placeholders
    filled from the kit's settings, folded when `[sms] transliterate` is on."""

    def __init__(self, settings: SmsSettings | None = None,
                 values: dict[str, str] | None = None) -> None:
        self.settings = settings or SmsSettings()
        self.values = values or {}

    @classmethod
    def of(cls, config: Config | None) -> SmsCheck:
        if config is None:
            return cls()
        return cls(config.sms, config.organization.placeholder_values())

    def sent(self, text: str, lang: str) -> str:
        """The text as the message is sent."""
        from ..render.sms import transliterate

        filled = fill_plain(text, self.values)
        return transliterate(filled, lang) if self.settings.transliterate else filled

    def issues(self, text: str, lang: str) -> Iterator[Finding]:
        from ..render.sms import GSM7, GSM_PART, UCS2_PART, count, encoding_of, to_cut
        from ..render.sms import transliterate as fold

        sent = self.sent(text, lang)
        parts = self.settings.max_segments
        found = count(sent)
        if not found.over(parts):
            return
        if found.encoding == GSM7:
            how = f"GSM-7, {GSM_PART} characters a part"
        else:
            how = f"UCS-2, {UCS2_PART} characters a part"
            odd = [c for c in sent if c in found.forcing]
            if len(odd) * 10 <= len(sent):  # a few accents in Latin text: worth naming
                how += f": {', '.join(repr(c) for c in found.forcing[:3])} " \
                       f"{'is' if len(found.forcing) == 1 else 'are'} not in GSM-7"
        advice = f"cut {to_cut(sent, parts)} characters"
        if found.encoding != GSM7 and not self.settings.transliterate \
                and encoding_of(fold(sent, lang)) == GSM7:
            advice += ", or set [sms] transliterate = true"
        yield _issue("sms", WARNING, f"the text message takes {found.segments} parts ({how}); "
                     f"[sms] max_segments is {parts}: {advice}")


def _terms(translation: str, lang: Language, settings: Any, path: str,
           body: bool) -> Iterator[Finding]:
    from ..lint import lint_text

    for finding in lint_text(translation, lang.tag, path=path,
                             kind="markdown" if body else "text", settings=settings):
        severity = ERROR if finding.severity == "error" else WARNING
        advice = f" Instead: {', '.join(finding.suggestions[:3])}." if finding.suggestions else ""
        yield _issue("terms", severity, f"“{finding.match}”: {finding.message}{advice}")


def _compare(check: str, severity: str, want: Counter[str], got: Counter[str], missing: str,
             extra: str) -> Iterator[Finding]:
    for item in sorted(want - got):
        yield _issue(check, severity, missing.format(item))
    for item in sorted(got - want):
        yield _issue(check, severity, extra.format(item))

