"""`outreach doctor`: what the machine has for the kit's languages, and what to install."""

from __future__ import annotations

from typer.testing import CliRunner

from outreach.cli import app
from outreach.doctor import _font, diagnose
from outreach.kit.languages import language

runner = CliRunner()


def test_doctor_passes_on_a_machine_set_up_by_the_readme() -> None:
    result = runner.invoke(app, ["doctor", "--kit", "."])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "ok       font for Han (Simplified Chinese) (zh-Hans): Noto Sans CJK SC" in lines
    assert "ok       font for Arabic (Arabic, Persian, Urdu, Pashto) (ar, fa): Noto Sans Arabic" \
        in lines
    assert any(line.startswith("ok       HarfBuzz subsetter") for line in lines)
    assert lines[-1].startswith("All ") and lines[-1].endswith(" checks passed.")


def test_one_check_per_font_whatever_the_number_of_languages() -> None:
    checks = diagnose([language(t) for t in ("zh-Hans", "zh-CN", "ko", "ar", "fa", "es")])
    fonts = [c.name for c in checks if c.name.startswith("font for")]
    assert fonts == ["font for Han (Simplified Chinese) (zh-Hans, zh-CN)",
                     "font for Hangul (Korean) (ko)",
                     "font for Arabic (Arabic, Persian, Urdu, Pashto) (ar, fa)",
                     "font for Latin, Cyrillic and Greek (es)"]


def test_a_missing_font_says_what_to_install_per_platform() -> None:
    check = _font("No Such Family 1234", "Klingon", ["tlh"],
                  (("debian", "fonts-klingon"), ("macos", "brew install --cask font-klingon")))
    assert not check.ok
    assert check.lines() == [
        "MISSING  font for Klingon (tlh): No Such Family 1234 is not installed (text would print "
        "as empty boxes)",
        "           Debian/Ubuntu: sudo apt-get install fonts-klingon",
        "           macOS: brew install --cask font-klingon",
    ]
