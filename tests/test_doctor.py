"""`outreach doctor`: what the machine has for the kit's languages, and what to install."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from babel import Locale
from babel.core import get_global
from helpers import make_kit, message, po_file
from typer.testing import CliRunner

from outreach.cli import app
from outreach.doctor import diagnose, font_check
from outreach.kit.fonts import FontRule
from outreach.kit.languages import language

runner = CliRunner()


def font_checks(kit: Path, tags: tuple[str, ...] = ()) -> list[str]:
    return [c.name for c in diagnose(kit, tags) if c.name.startswith("font for")]


def test_doctor_passes_on_a_machine_set_up_by_the_readme() -> None:
    result = runner.invoke(app, ["doctor", "--kit", "."])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # The kit's own text is checked, character by character, in the face chosen for it.
    assert any(re.fullmatch(r"ok {7}font for Simplified Han \(Chinese\) \(zh-Hans\): Noto Sans "
                            r"CJK SC draws all \d+ characters of the kit's text", line)
               for line in lines), lines
    assert any(re.fullmatch(r"ok {7}font for Arabic \(ar, fa\): Noto Sans Arabic draws all \d+ "
                            r"characters of the kit's text", line) for line in lines), lines
    assert any(line.startswith("ok       HarfBuzz subsetter") for line in lines)
    assert lines[-1].startswith("All ") and lines[-1].endswith(" checks passed.")


def test_one_check_per_font_whatever_the_number_of_languages(tmp_path: Path) -> None:
    assert font_checks(tmp_path, ("zh-Hans", "zh-CN", "ko", "ar", "fa", "es")) == [
        "font for Simplified Han (Chinese) (zh-Hans, zh-CN)",
        "font for Hangul (Korean) (ko)",
        "font for Arabic (ar, fa)",
        "font for Latin, Cyrillic and Greek (es)"]


def test_every_script_is_named_as_cldr_names_it(tmp_path: Path) -> None:
    tags = ("am", "my", "km", "ne", "pa", "lo", "th", "hy", "ka", "he", "bn", "bo")
    english = Locale("en").scripts
    scripts = [get_global("likely_subtags")[tag].split("_")[1] for tag in tags]
    assert font_checks(tmp_path, tags) == [
        f"font for {english[script]} ({tag})" for tag, script in zip(tags, scripts, strict=True)]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   languages=("en", "hmn", "am", "xx-Q", "km"))
    result = runner.invoke(app, ["doctor", "--kit", str(kit)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("MISSING")] == [
        "MISSING  outreach.toml: kit.languages[1]: unknown language 'hmn': CLDR has no data for "
        "it; add to outreach.toml a [languages.hmn] table with name = \"...\" (the language's "
        f"name as its readers write it), english_name = \"{Locale('en').languages['hmn']}\", "
        f"script = \"{get_global('likely_subtags')['hmn'].split('_')[1]}\"",
        "MISSING  outreach.toml: kit.languages[3]: unknown language 'xx-Q' (use a tag such as "
        "'es' or 'zh-Hans')"]
    # The languages it does know are still checked.
    assert any(line.startswith("ok       font for Ethiopic (am): ") for line in lines)
    assert any(line.startswith("ok       font for Khmer (km): ") for line in lines)
    assert lines[-1] == "2 of 9 checks failed; install what is listed above."


def test_a_table_gives_doctor_the_script(tmp_path: Path) -> None:
    config = ('[kit]\ntitle = "K"\nlanguages = ["en", "kar"]\n[organization]\nname = "O"\n'
              '[languages.kar]\nname = "ကညီကျိာ်"\nenglish_name = "Karen"\nscript = "Mymr"\n')
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, config=config)
    assert font_checks(kit) == ["font for Latin, Cyrillic and Greek (en)",
                                f"font for {Locale('en').scripts['Mymr']} (kar)"]


def test_a_missing_face_says_what_to_install_per_platform() -> None:
    rule = FontRule(label="Klingon", scripts=("Piqd",), languages=("tlh",),
                    families=("No Such Family 1234",), check="No Such Family 1234",
                    packages=(("debian", "fonts-klingon"),
                              ("macos", "brew install --cask font-klingon")))
    check = font_check(rule, "Klingon", [language("en")], {})
    assert not check.ok
    assert check.lines() == [
        "MISSING  font for Klingon (en): No Such Family 1234 is not installed (text would print "
        "as empty boxes)",
        "           Debian/Ubuntu: sudo apt-get install fonts-klingon",
        "           macOS: brew install --cask font-klingon",
    ]


def test_a_character_no_font_draws_is_found_in_the_translations(tmp_path: Path) -> None:
    catalog = po_file([("community/a:title", "Hello", "Hola \ue000 a todos")], lang="es")
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": catalog})
    (check,) = [c for c in diagnose(kit) if c.name.startswith("font for")]
    assert check.lines()[0] == (
        "MISSING  font for Latin, Cyrillic and Greek (en, es): no installed font draws '\\ue000' "
        "(U+E000), which the es text uses")
    assert "Debian/Ubuntu: sudo apt-get install fonts-noto-core" in check.lines()[1]


def test_a_character_another_font_draws_is_named(tmp_path: Path) -> None:
    catalog = po_file([("community/a:title", "Hello", "Hola ཀ")], lang="es")
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": catalog})
    (check,) = [c for c in diagnose(kit) if c.name.startswith("font for")]
    other = sorted(subprocess.run(["fc-list", "--format", "%{family[0]}\n", ":charset=f40"],
                                  capture_output=True, text=True, check=True).stdout.split("\n"))
    assert check.ok
    assert check.found.endswith(f"characters; {[f for f in other if f][0]} the rest"), check.found
