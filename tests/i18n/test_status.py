"""Coverage per language, against what the kit needs; fuzzy never counts as translated."""

from __future__ import annotations

from pathlib import Path

from outreach.i18n.status import catalog_stats
from outreach.i18n.template import build_template
from outreach.i18n.update import update_catalogs
from outreach.kit.languages import language

from .conftest import catalog, config_of, edit, spanish, translate, translated_kit


def needed(kit: Path) -> int:
    return len(build_template(config_of(kit)).entries)


def test_fuzzy_untranslated_and_obsolete_are_counted_apart(kit: Path) -> None:
    translated_kit(kit)
    edit(kit, "Health care for every family", "Health care for all families")  # -> fuzzy
    edit(kit, "- Help with *long-term* problems like diabetes.\n", "")  # -> obsolete
    update_catalogs(config_of(kit))
    translate(catalog(kit), lambda m: "" if m.msgid == "Health" else None)  # untranslated
    total = needed(kit)
    spanish_stats, russian_stats = catalog_stats(config_of(kit))
    assert spanish_stats.to_dict() == {
        "lang": "es", "total": total, "translated": total - 2, "fuzzy": 1, "untranslated": 1,
        "obsolete": 1, "percent": int(1000 * (total - 2) / total) / 10}
    assert russian_stats.to_dict() == {
        "lang": "ru", "total": total, "translated": 0, "fuzzy": 0, "untranslated": total,
        "obsolete": 0, "percent": 0.0}


def test_a_catalog_not_yet_updated_shows_the_gap_a_build_would_hit(kit: Path) -> None:
    translated_kit(kit)
    edit(kit, "Care is for everyone.", "Care is for every one of us.")
    stats = catalog_stats(config_of(kit), [language("es")])
    assert [(s.lang, s.translated, s.fuzzy, s.untranslated, s.obsolete) for s in stats] == [
        ("es", needed(kit) - 1, 0, 1, 1)]


def test_percent_is_rounded_down(kit: Path) -> None:
    update_catalogs(config_of(kit))
    # All but one string translated: never shown as 100 %.
    first = build_template(config_of(kit)).entries[0].msgid
    translate(catalog(kit), lambda m: None if m.msgid == first else spanish(m))
    (stats,) = catalog_stats(config_of(kit), [language("es")])
    assert stats.translated == stats.total - 1
    assert stats.percent < 100.0
    assert stats.percent == int(1000 * (stats.total - 1) / stats.total) / 10


def test_a_fuzzy_header_does_not_hide_the_translations(kit: Path) -> None:
    path = translated_kit(kit)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid ""\nmsgstr ""\n', '#, fuzzy\nmsgid ""\nmsgstr ""\n', 1),
                    encoding="utf-8")
    (stats,) = catalog_stats(config_of(kit), [language("es")])
    assert (stats.translated, stats.percent) == (stats.total, 100.0)


def test_a_language_without_a_catalog_is_reported_at_zero(kit: Path) -> None:
    stats = catalog_stats(config_of(kit))
    assert [(s.lang, s.exists, s.translated, s.untranslated == s.total, s.percent)
            for s in stats] == [("es", False, 0, True, 0.0), ("ru", False, 0, True, 0.0)]
