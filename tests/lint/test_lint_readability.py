"""Plain language: a message that reads above its audience's grade gets one warning naming the
figure, the target and the longest sentences; it never stops a build by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import KitMaker, po

from outreach.kit.config import load_config
from outreach.lint import LintError, lint_kit, lint_text, parse_settings
from outreach.lint.gate import blocking
from outreach.lint.readability import (
    Piece,
    english_syllables,
    grade_to_ease,
    measure,
    spanish_syllables,
)

PLAIN_EN = ("We can help. Call us today. Our clinic is near you. You do not need papers. "
            "Bring your child. We speak your language. Care is free for kids. Ask us what you "
            "need. We are open late on Friday. You can come with your whole family. We will "
            "not ask where you were born.\n")
HARD_EN = ("Comprehensive community health organizations administer preventive immunization "
           "programs and longitudinal chronic-disease management irrespective of documentation, "
           "furthermore facilitating interpretation services, transportation assistance and "
           "individualized eligibility determinations for subsidized insurance alternatives "
           "whenever municipal administrative regulations authorize such arrangements.\n\n"
           "Consequently, undocumented residents experiencing respiratory complications should "
           "contact neighborhood federally qualified health centers immediately.\n")
HARD_ES = ("Las organizaciones comunitarias de salud administran programas preventivos de "
           "inmunización y seguimiento longitudinal de enfermedades crónicas independientemente "
           "de la documentación, facilitando además servicios de interpretación, asistencia de "
           "transporte y determinaciones individualizadas de elegibilidad para alternativas de "
           "aseguramiento subsidiado cuando las regulaciones administrativas municipales "
           "autorizan dichos acuerdos.\n")


def plain(findings) -> list:
    return [f for f in findings if f.code == "plain-language"]


def test_syllables_by_rule() -> None:
    assert [english_syllables(w) for w in ("care", "family", "table", "immigration", "the",
                                           "checkup", "babies", "wanted", "walked", "boxes",
                                           "hopes")] == [1, 3, 2, 4, 1, 2, 2, 2, 1, 2, 1]
    assert [spanish_syllables(w) for w in ("atención", "que", "guerra", "país", "aéreo", "hoy",
                                           "familia", "ciudad")] == [3, 1, 2, 2, 4, 1, 3, 2]


def test_longer_sentences_and_longer_words_read_harder() -> None:
    def grade(text: str, lang: str = "en") -> float:
        reading = measure([Piece(text)], lang)
        assert reading is not None
        return reading.grade

    assert grade(PLAIN_EN) < 4 < 14 < grade(HARD_EN)
    short = "Мы поможем вам. Позвоните нам сегодня. " * 10
    long = "Мы обязательно поможем вам и вашей семье, если вы позвоните нам сегодня. " * 6
    assert grade(short, "ru") < grade(long, "ru")
    assert grade("我们会帮助你。请今天打电话。" * 8, "zh-Hans") < grade(
        "如果你的家人今天需要看医生，我们的社区诊所会免费为你提供翻译服务。" * 4, "zh-Hans")


def test_short_texts_and_languages_without_norms_are_not_scored() -> None:
    assert measure([Piece("Comprehensive immunization administration.")], "en") is None
    assert measure([Piece(HARD_EN)], "hy") is None


def test_spanish_target_is_said_as_reading_ease() -> None:
    assert grade_to_ease(8) == pytest.approx(65)
    assert grade_to_ease(12) == pytest.approx(50)


def test_a_hard_community_message_gets_a_warning(make_kit: KitMaker) -> None:
    kit = make_kit({"messages/community/clinic.md": "---\ntitle: Care for all\n---\n" + HARD_EN,
                    "messages/community/easy.md": "---\ntitle: We can help\n---\n" + PLAIN_EN})
    [finding] = plain(lint_kit(load_config(kit)))
    assert (finding.path, finding.line, finding.column, finding.severity) == (
        "messages/community/clinic.md", 4, 1, "warning")
    assert finding.message.startswith(
        "Community message 'clinic' reads at about grade ")
    assert "(Flesch-Kincaid " in finding.message
    assert finding.message.endswith(
        "above the target of grade 8 for community messages. Longest sentences: line 4 "
        "(37 words: “Comprehensive community health organizations administer preventive "
        "immunization programs…”); line 6 (14 words: “Consequently, undocumented residents "
        "experiencing respiratory complications should contact…”).")
    assert finding.match.startswith("Comprehensive community") and finding.end_line == 4
    assert finding.suggestions == ("use shorter, everyday words",)
    assert blocking(lint_kit(load_config(kit))) == []  # a warning: the build goes on


def test_decision_makers_have_their_own_target(make_kit: KitMaker) -> None:
    files = {"messages/decision-makers/policy.md": "---\ntitle: Policy\n---\n" + HARD_EN}
    assert plain(lint_kit(load_config(make_kit(files))))
    kit = make_kit(files, lint="[lint.readability]\ndecision-makers = false\n")
    assert plain(lint_kit(load_config(kit))) == []


def test_translations_are_scored_per_message(make_kit: KitMaker) -> None:
    entries = "".join(
        f'msgctxt "community/clinic:body"\nmsgid "Paragraph {i}."\nmsgstr "{sentence}"\n\n'
        for i, sentence in enumerate(HARD_ES.strip().split(", "), start=1))
    kit = make_kit({"messages/community/clinic.md": "---\ntitle: Care\n---\n" + PLAIN_EN,
                    "translations/es/LC_MESSAGES/messages.po": po("es", entries)})
    [finding] = plain(lint_kit(load_config(kit)))
    assert finding.path == "translations/es/LC_MESSAGES/messages.po"
    assert finding.message.startswith("Spanish translation of community message 'clinic' "
                                      "reads at about grade ")
    assert "(Fernández-Huerta " in finding.message and ", INFLESZ " in finding.message
    assert "above the target of grade 8 (Fernández-Huerta 65 or more)" in finding.message


def test_severity_allowances_and_comments_apply(make_kit: KitMaker) -> None:
    files = {"messages/community/clinic.md": "---\ntitle: Care\n---\n" + HARD_EN}
    kit = make_kit(files, lint='[lint.severity]\nplain-language = "suggestion"\n')
    assert [f.severity for f in plain(lint_kit(load_config(kit)))] == ["suggestion"]
    kit = make_kit(files, lint='[[lint.allow]]\nrule = "plain-language"\n'
                   'paths = ["messages/community/*.md"]\nreason = "legal notice, kept as is"\n')
    assert plain(lint_kit(load_config(kit))) == []
    commented = {"messages/community/clinic.md": "---\ntitle: Care\n---\n<!-- outreach-lint: "
                 "ignore plain-language quoted from the county's notice -->\n" + HARD_EN}
    assert plain(lint_kit(load_config(make_kit(commented)))) == []


def test_only_messages_are_scored(tmp_path: Path) -> None:
    assert plain(lint_text(HARD_EN, "en")) == []  # not a message: no audience


def test_readability_settings_are_validated() -> None:
    with pytest.raises(LintError) as caught:
        parse_settings({"readability": {"community": 30, "volunteers": 6,
                                        "decision-makers": "high"}})
    assert [str(p) for p in caught.value.problems] == [
        "outreach.toml: lint.readability.community: must be a school grade from 1 to 20, or "
        "false for no check, not 30",
        "outreach.toml: lint.readability.volunteers: unknown audience; audiences are "
        "community, decision-makers",
        "outreach.toml: lint.readability.decision-makers: must be a school grade from 1 to 20, "
        "or false for no check, not 'high'",
    ]
    settings = parse_settings({"readability": {"community": 6}})
    assert settings.target_for("community") == 6
    assert settings.target_for("decision-makers") == 12


def test_the_sample_kit_reads_within_its_targets() -> None:
    repo = Path(__file__).resolve().parents[2]
    assert plain(lint_kit(load_config(repo))) == []


def test_sarif_describes_the_plain_language_check(make_kit: KitMaker) -> None:
    from outreach.lint.report import sarif

    kit = make_kit({"messages/community/clinic.md": "---\ntitle: Care\n---\n" + HARD_EN})
    log = sarif(plain(lint_kit(load_config(kit))), {})
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "plain-language"
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert "reads above the grade" in rule["shortDescription"]["text"]
