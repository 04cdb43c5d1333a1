"""The rule data: every file is valid, every rule flags its examples and spares its
counterexamples, and each rule family handles the forms people actually write."""

from __future__ import annotations

import re
import tomllib

import pytest

from outreach.lint import lint_text
from outreach.lint.matcher import compiled_for
from outreach.lint.model import SEVERITIES
from outreach.lint.ruleset import RULES_DIR, book_for, builtin_books, language_chain, parse_book
from outreach.lint.settings import parse_settings

BOOKS = builtin_books()
RULES = [(book.lang, rule) for book in BOOKS.values() for rule in book.rules]


STRICT = {"profile": "strict"}


def rules_hit(text: str, lang: str, settings: dict | None = None) -> list[str]:
    return [f.code for f in lint_text(text, lang, settings=settings)]


def matches(text: str, lang: str) -> list[str]:
    return [f.match for f in lint_text(text, lang)]


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_rule_file_is_valid_and_compiles(path) -> None:
    book = parse_book(tomllib.loads(path.read_text(encoding="utf-8")), path.name)
    assert book.rules
    assert path.stem == book.lang  # files are found by name
    for rule in book.rules:
        assert rule.id.startswith(path.stem.lower().split("-")[0] + "-")
        assert rule.severity in SEVERITIES
        assert rule.source and rule.message
        assert rule.examples, f"{rule.id} needs examples: they are its documentation and test"


def test_every_language_the_issue_names_has_rules() -> None:
    for tag in ("en", "es", "zh-Hans", "zh-Hant", "ko", "vi", "tl", "ar", "fa", "ru"):
        assert book_for(tag) is not None, tag
    for tag in ("hy", "hmn"):
        assert book_for(tag) is None
        assert lint_text("illegal immigrants", tag) == []  # unknown languages have no rules


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_rule_flags_its_examples(lang: str, rule) -> None:
    # Rules for contested uses only apply in the strict profile, and that is how they are shown.
    settings = STRICT if rule.profile == "strict" else None
    for example in rule.examples:
        assert rule.id in rules_hit(example, lang, settings), example


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_rule_spares_its_counterexamples(lang: str, rule) -> None:
    settings = STRICT if rule.profile == "strict" else None
    for example in rule.counterexamples:
        assert rules_hit(example, lang, settings) == [], example


@pytest.mark.parametrize("lang", sorted(BOOKS))
def test_every_built_in_pattern_is_anchored_on_a_word(lang: str) -> None:
    # Anchored patterns are found with str.find; others run over whole paragraphs, which is
    # much slower on large files. Kit rules may still use them.
    book = compiled_for(lang, parse_settings({"profile": "strict"}))  # every rule
    for pattern in book.patterns:
        assert pattern.anchor_literal, pattern.pattern.match


def test_a_pattern_that_cannot_be_anchored_still_matches() -> None:
    settings = {"rules": [{"id": "kit-en-either", "lang": "en", "severity": "warning",
                           "message": "m", "source": "s", "patterns": ["foo|bar baz"]}]}
    found = lint_text("foo. bar baz. Bar  Baz. foobar", "en", settings=settings)
    assert [f.match for f in found] == ["foo", "bar baz", "Bar  Baz"]


def test_language_tags_resolve_to_the_right_file() -> None:
    assert book_for("zh-TW").lang == "zh-Hant"
    assert book_for("zh_Hant_HK").lang == "zh-Hant"
    assert book_for("zh").lang == "zh-Hans"
    assert book_for("zh-CN").lang == "zh-Hans"
    assert book_for("es-MX").lang == "es"
    assert book_for("fil").lang == "tl"
    assert language_chain("zh-TW") == ("zh-tw", "zh-hant", "zh", "zh-hans")


class TestEnglishIllegal:
    @pytest.mark.parametrize("text", [
        "illegal immigrant", "Illegal immigrants", "ILLEGAL IMMIGRANTS", "illegal-immigrant",
        "an illegal immigrant's rights", "illegal immigrants' rights", "illegal workers",
        "illegal children", "illegal families", "illegal parents", "illegal Mexican workers",
        "illegal farm workers", "**illegal** immigrants", "*illegal* <b>workers</b>",
        "illegal\nimmigrants", "illegal  \n  immigrants", "parents who are illegal",
    ])
    def test_people(self, text: str) -> None:
        assert rules_hit(text, "en") == ["en-illegal-people"]

    @pytest.mark.parametrize("text", [
        "It is illegal to deny care.", "illegal evictions", "Illegal dumping is a crime.",
        "illegal child labor", "illegal family separations", "illegal voter purges",
        "illegal immigration", "living here illegally", "No one is illegal.",
        "Retaliation is illegal\n\nWorkers can report it.", "- It is illegal\n- Workers can",
        "Is it illegal? Parents ask.",
    ])
    def test_acts_and_things(self, text: str) -> None:
        assert rules_hit(text, "en") == []

    def test_illegal_alien_is_one_finding_not_two(self) -> None:
        # "aliens" alone is also flagged; inside "illegal aliens" only the longer match stays.
        assert [(f.code, f.match) for f in lint_text("illegal aliens", "en")] == [
            ("en-illegal-alien", "illegal aliens")]

    @pytest.mark.parametrize(("text", "flagged"), [
        ("The illegals were deported.", True),
        ("He is an illegal.", True),
        ("an illegal from Honduras", True),
        ("an illegal eviction", False),
        ("an illegal, unsafe practice", True),  # a comma after it: used as a noun
    ])
    def test_noun_use(self, text: str, flagged: bool) -> None:
        assert (rules_hit(text, "en") == ["en-illegals"]) is flagged


class TestEnglishOtherTerms:
    @pytest.mark.parametrize(("text", "rule"), [
        ("aliens", "en-alien"), ("resident alien", "en-alien"), ("an alien's case", "en-alien"),
        ("anchor babies", "en-anchor-baby"), ("Anchor-Baby", "en-anchor-baby"),
        ("anchor children", "en-anchor-baby"), ("wetbacks", "en-wetback"),
        ("Chain Migration", "en-chain-migration"), ("chain\nmigration", "en-chain-migration"),
        ("DACA kids", "en-daca-kids"), ("We stand with Dreamers.", "en-dreamers"),
        ("We support DREAMers.", "en-dreamers"),
        ("Services for the undocumented.", "en-undocumented-noun"),
    ])
    def test_flagged(self, text: str, rule: str) -> None:
        assert rules_hit(text, "en") == [rule]

    @pytest.mark.parametrize("text", [
        "alien species", "alienated", "The Dream Act", "the DREAM Act", "dreamy",
        "She is a dreamer.", "a chain of stores", "the anchor of the show", "wet back",
        "the undocumented workers",
    ])
    def test_not_flagged(self, text: str) -> None:
        assert rules_hit(text, "en") == []

    def test_severities(self) -> None:
        severities = {f.code: f.severity for f in lint_text(
            "Illegal immigrants. We stand with Dreamers. Services for the undocumented.", "en")}
        assert severities == {"en-illegal-people": "error", "en-dreamers": "warning",
                              "en-undocumented-noun": "suggestion"}


class TestSpanish:
    @pytest.mark.parametrize(("text", "match"), [
        ("inmigrantes ilegales", "inmigrantes ilegales"),
        ("un inmigrante ilegal", "inmigrante ilegal"),
        ("las inmigrantes ilegales", "las inmigrantes ilegales"),
        ("personas ilegales", "personas ilegales"),
        ("Familias Ilegales", "Familias Ilegales"),
        ("extranjeros ilegales", "extranjeros ilegales"),
        ("trabajadores agrícolas ilegales", "trabajadores agrícolas ilegales"),
        ("los **trabajadores** ilegales", "trabajadores** ilegales"),
        ("los ilegales.", "los ilegales"),
        ("Lo llamaron un ilegal.", "un ilegal"),
        ("la contratación de ilegales", "de ilegales"),
        ("los mojados", "los mojados"),
        ("espaldas mojadas", "espaldas mojadas"),
        ("bebés ancla", "bebés ancla"),
        ("los niños DACA", "niños DACA"),
        ("migración en cadena", "migración en cadena"),
        ("los dreamers", "dreamers"),
    ])
    def test_flagged(self, text: str, match: str) -> None:
        assert matches(text, "es") == [match]

    @pytest.mark.parametrize("text", [
        "Es ilegal discriminar.", "desalojos ilegales", "la inmigración ilegal",
        "los ilegales desalojos", "la ilegal detención", "ropa mojada", "el piso está mojado",
        "con la espalda mojada", "Ningún ser humano es ilegal.", "Los inmigrantes no son "
        "ilegales.", "soñar", "sueños", "La Ley DREAM", "reacción en cadena",
        "beneficiarios de DACA", "migrantes detenidos ilegalmente",
    ])
    def test_not_flagged(self, text: str) -> None:
        assert rules_hit(text, "es") == []

    def test_soñadores_only_about_immigration(self) -> None:
        assert rules_hit("Los soñadores indocumentados piden la ciudadanía.", "es") == [
            "es-sonadores"]
        assert rules_hit("Los soñadores y los poetas.", "es") == []


class TestScriptsWithoutSpaces:
    @pytest.mark.parametrize(("text", "lang", "rule"), [
        ("非法移民也有权获得医疗服务。", "zh-Hans", "zh-hans-feifa-yimin"),
        ("他们是非法移民", "zh-Hans", "zh-hans-feifa-yimin"),  # no word boundaries around it
        ("非法\n移民", "zh-Hans", "zh-hans-feifa-yimin"),  # wrapped in the middle
        ("非法移民也有權獲得醫療服務。", "zh-Hant", "zh-hant-feifa-yimin"),
        ("非法移民", "zh-TW", "zh-hant-feifa-yimin"),
        ("불법체류자들이 병원에 옵니다.", "ko", "ko-bulbeop-cheryuja"),  # a particle follows
        ("불법 이민자", "ko", "ko-bulbeop-cheryuja"),
        ("والمهاجرين غير الشرعيين", "ar", "ar-ghayr-shari"),  # prefixes attached
        ("Người nhập cư bất hợp pháp", "vi", "vi-bat-hop-phap"),
        ("mga ilegal na imigrante", "tl", "tl-ilegal-na-tao"),
    ])
    def test_flagged(self, text: str, lang: str, rule: str) -> None:
        assert rules_hit(text, lang) == [rule]

    @pytest.mark.parametrize(("text", "lang"), [
        ("非法驱逐是违法的。", "zh-Hans"), ("无证移民", "zh-Hans"), ("불법 해고", "ko"),
        ("أعمال غير قانونية", "ar"), ("الهجرة غير الشرعية", "ar"),
        ("Nhập cư bất hợp pháp là vi phạm dân sự.", "vi"), ("ilegal na droga", "tl"),
    ])
    def test_not_flagged(self, text: str, lang: str) -> None:
        assert rules_hit(text, lang) == []

    def test_korean_match_stops_before_the_particle(self) -> None:
        assert matches("불법체류자들이", "ko") == ["불법체류자"]


class TestScriptDetails:
    """What each script needs so a rule is written once: folded letters, marks read past,
    vowel signs inside words, joiners between a word's parts."""

    @pytest.mark.parametrize("text", [
        "المهاجرين غير الشرعيين",  # plain
        "المهاجرين غير الشرعيّين",  # with shadda
        "المُهاجِرين غَير الشَّرعيين",  # fully vowelled
        "المهـاجرين غير الشرعيين",  # lengthened with tatweel
    ])
    def test_arabic_vowel_marks_are_read_past(self, text: str) -> None:
        [finding] = lint_text(f"قال إن {text} كثيرون.", "ar")
        assert finding.code == "ar-ghayr-shari" and finding.match == text

    def test_persian_reads_arabic_keyboard_letters_and_joiners(self) -> None:
        assert rules_hit("مهاجران غير قانوني", "fa") == ["fa-gheyr-ghanuni"]  # Arabic ي
        assert rules_hit("مهاجر\u200cهای غیر\u200cقانونی", "fa") == ["fa-gheyr-ghanuni"]

    def test_russian_reads_yo_as_ye(self) -> None:
        assert rules_hit("нелегальные трудящиеся", "ru") == ["ru-nelegalnye-lyudi"]
        assert rules_hit("нелегальный ребёнок", "ru") == ["ru-nelegalnye-lyudi"]  # ребенок

    def test_indic_vowel_signs_belong_to_the_word(self) -> None:
        # "प्रवासी" inside "अप्रवासी" (a different word) and "प्रवासियों" (its plural) are words
        # of their own to the matcher, although Python's \w does not count vowel signs.
        from outreach.lint.patterns import WORD_END, WORD_START

        regex = re.compile(WORD_START + "प्रवासी" + WORD_END)
        assert [m.group(0) for m in regex.finditer("अवैध प्रवासी, अप्रवासी, प्रवासियों")] == [
            "प्रवासी"]

    def test_russian_spies_are_not_migrants(self) -> None:
        assert rules_hit("Разведчик-нелегал вернулся в Москву.", "ru") == []
        assert rules_hit("Нелегалы работали на КГБ.", "ru") == []
        assert rules_hit("Нелегалы боятся врачей.", "ru") == ["ru-nelegaly"]
