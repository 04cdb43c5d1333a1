"""Text messages counted as carriers bill them: every expected value below is worked by hand
from GSM 03.38 (3GPP TS 23.038) and the concatenated-SMS header sizes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from outreach.kit.languages import language
from outreach.render.sms import GSM7, UCS2, SmsRow, count, sms_csv, to_cut, transliterate

from .conftest import catalog, config_of, translate, translated_kit

EURO, THUMB = "\u20ac", "\U0001f44d"


@pytest.mark.parametrize(("text", "encoding", "segments", "characters"), [
    # English: plain GSM-7, 160 in one part, 153 a part once split.
    ("Call us today.", GSM7, 1, 14),
    ("a" * 160, GSM7, 1, 160),
    ("a" * 161, GSM7, 2, 161),
    ("a" * 306, GSM7, 2, 306),
    ("a" * 307, GSM7, 3, 307),
    # The extension table: an escape and the character, two septets each.
    ("{x}", GSM7, 1, 5),
    (f"Fee: 5{EURO} [approx] ~ a|b ^ \\", GSM7, 1, 33),
    ("{" * 80, GSM7, 1, 160),
    ("{" * 81, GSM7, 2, 162),
    # 152 + the euro's 2 would end part one at 154: the pair moves whole to part two, which
    # then holds 2 + 151 letters; the last letter makes a third part although 306 septets
    # would fit two parts if the pair could be split.
    ("a" * 152 + EURO + "a" * 152, GSM7, 3, 306),
    ("a" * 152 + EURO + "a" * 151, GSM7, 2, 305),
    # Spanish: é ñ ü are GSM-7; á í ó ú are not, and one of them makes it all UCS-2.
    ("Llamé al señor, pingüino.", GSM7, 1, 25),
    ("Información", UCS2, 1, 11),
    ("Informaci\u00f3n " + "a" * 58, UCS2, 1, 70),
    ("Informaci\u00f3n " + "a" * 59, UCS2, 2, 71),
    # Russian, Chinese, Arabic, Vietnamese: UCS-2, 70 in one part, 67 a part once split.
    ("я" * 70, UCS2, 1, 70),
    ("я" * 71, UCS2, 2, 71),
    ("я" * 134, UCS2, 2, 134),
    ("я" * 135, UCS2, 3, 135),
    ("每个孩子都可以上学。", UCS2, 1, 10),
    ("اتصل بنا اليوم", UCS2, 1, 14),
    ("Gọi cho chúng tôi", UCS2, 1, 17),
    # Emoji outside the Basic Multilingual Plane: a surrogate pair, two units, never split.
    (THUMB, UCS2, 1, 2),
    ("Hi " + THUMB, UCS2, 1, 5),
    (THUMB * 35, UCS2, 1, 70),
    (THUMB * 36, UCS2, 2, 72),
    ("я" * 66 + THUMB + "я" * 66, UCS2, 3, 134),
    ("я" * 66 + THUMB + "я" * 65, UCS2, 2, 133),
])
def test_segments_match_hand_worked_cases(text: str, encoding: str, segments: int,
                                          characters: int) -> None:
    found = count(text)
    assert (found.encoding, found.segments, found.characters) == (encoding, segments, characters)


@pytest.mark.parametrize(("text", "parts", "cut"), [
    ("a" * 400, 2, 94),  # 306 fit in two parts
    ("a" * 306, 2, 0),
    ("я" * 140, 2, 6),  # 134 fit
    ("a" * 200, 1, 40),  # one part holds the whole 160, no header
])
def test_to_cut_says_how_many_characters_to_remove(text: str, parts: int, cut: int) -> None:
    assert to_cut(text, parts) == cut
    if cut:
        assert count(text[:-cut]).segments <= parts
        assert count(text[:-cut + 1]).segments > parts


def test_transliteration_folds_only_where_the_language_allows() -> None:
    spanish = "Información: llame “hoy” — gratis…"
    folded = transliterate(spanish, "es")
    assert folded == 'Informacion: llame "hoy" - gratis...'
    assert count(folded).encoding == GSM7
    # Vietnamese tone marks tell words apart: only the punctuation folds.
    assert transliterate("Gọi “ngay”", "vi") == 'Gọi "ngay"'
    # Other scripts and emoji stay as they are.
    assert transliterate("Позвоните " + THUMB, "ru") == "Позвоните " + THUMB


def test_csv_has_the_columns_and_a_byte_order_mark() -> None:
    rows = [SmsRow("school", "community", "es", "Información " + THUMB),
            SmsRow("school", "community", "en", "Call, \"now\"")]
    data = sms_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table == [
        ["message", "audience", "lang", "text", "encoding", "segments", "characters"],
        ["school", "community", "es", "Información " + THUMB, "UCS-2", "1", "14"],
        ["school", "community", "en", 'Call, "now"', "GSM-7", "1", "11"]]


def _sms_kit(tmp_path: Path, sms: str, settings: str = "") -> Path:
    from helpers import make_kit, message

    kit = make_kit(tmp_path / "kit", {"community/clinic": message(
        title="Clinics", sms=f'"{sms}"')}, languages=("en", "es", "ru"))
    if settings:
        with (kit / "outreach.toml").open("a", encoding="utf-8") as f:
            f.write(settings)
    return kit


def _sms_findings(kit: Path, lang: str = "es") -> list[tuple[str, str, str]]:
    from outreach.i18n.check import check_catalogs

    return [(f.code, f.severity, f.message)
            for f in check_catalogs(config_of(kit), [language(lang)]) if f.code == "sms"]


def test_check_warns_about_a_translation_that_takes_too_many_parts(tmp_path: Path) -> None:
    kit = _sms_kit(tmp_path, "Clinics are open. Call us.")
    translated_kit(kit)
    long = "Las clínicas están abiertas. " + "a" * 120  # UCS-2 because of í and á: 149
    translate(catalog(kit), lambda e: long if (e.msgctxt or "").endswith(":sms") else None)
    assert _sms_findings(kit) == [(
        "sms", "warning", "the text message takes 3 parts (UCS-2, 67 characters a part: 'í', "
        "'á' are not in GSM-7); [sms] max_segments is 2: cut 15 characters, or set [sms] "
        "transliterate = true")]


def test_check_counts_the_folded_text_when_transliterating(tmp_path: Path) -> None:
    kit = _sms_kit(tmp_path, "Clinics are open. Call us.", "\n[sms]\ntransliterate = true\n")
    translated_kit(kit)
    long = "Las clínicas están abiertas. " + "a" * 120
    translate(catalog(kit), lambda e: long if (e.msgctxt or "").endswith(":sms") else None)
    assert _sms_findings(kit) == []  # 149 GSM-7 characters once folded: one part


def test_check_respects_max_segments(tmp_path: Path) -> None:
    kit = _sms_kit(tmp_path, "Clinics are open.", "\n[sms]\nmax_segments = 1\n")
    translated_kit(kit)
    russian = "Клиники открыты. " + "я" * 60  # 77 units: two parts
    translate(catalog(kit, "ru"),
              lambda e: russian if (e.msgctxt or "").endswith(":sms") else "RU " + e.msgid)
    assert _sms_findings(kit, "ru") == [(
        "sms", "warning", "the text message takes 2 parts (UCS-2, 67 characters a part); "
        "[sms] max_segments is 1: cut 7 characters")]
