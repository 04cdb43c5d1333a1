"""Any language a kit needs: `[languages.TAG]` tables for tags CLDR lacks or names unhelpfully."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest
from babel import Locale
from babel.core import get_global
from babel.messages.plurals import get_plural
from helpers import build_kit, make_kit, message, po_file
from scripts_kit import CONFIG as SCRIPTS_CONFIG
from scripts_kit import SAMPLES
from typer.testing import CliRunner

from outreach.cli import app
from outreach.errors import ConfigError
from outreach.kit.config import load_config
from outreach.po import read_po

runner = CliRunner()

CONFIG = """\
[kit]
title = "Kit"
languages = {languages}

[organization]
name = "Org"
{tables}"""


def config(languages: str, tables: str = "") -> str:
    return CONFIG.format(languages=languages, tables=tables)


HMONG = """
[languages.hmn]
name = "Hmoob"
english_name = "Hmong"
plural_forms = "nplurals=1; plural=0;"
"""


def test_a_tag_cldr_lacks_says_exactly_which_table_to_add(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "hmn", "es"]'))
    result = runner.invoke(app, ["build", "--kit", str(kit)])
    assert result.exit_code == 2
    # What CLDR does know about Hmong is filled in, from the installed Babel.
    english = Locale("en").languages["hmn"]
    script = get_global("likely_subtags")["hmn"].split("_")[1]
    assert result.output == (
        "error: outreach.toml:3: kit.languages[1]: unknown language 'hmn': CLDR has no data for "
        "it; add to outreach.toml a [languages.hmn] table with name = \"...\" (the language's "
        f"name as its readers write it), english_name = \"{english}\", script = \"{script}\"\n")


def test_a_tag_cldr_knows_nothing_about_asks_for_every_setting(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()}, config=config('["en", "kar"]'))
    with pytest.raises(ConfigError) as info:
        load_config(kit)
    assert [str(p) for p in info.value.problems] == [
        "outreach.toml:3: kit.languages[1]: unknown language 'kar': CLDR has no data for it; add "
        "to outreach.toml a [languages.kar] table with name = \"...\" (the language's name as "
        "its readers write it), english_name = \"...\", script = \"...\" (its ISO 15924 code, "
        "such as \"Latn\" or \"Mymr\")"]


def test_a_table_publishes_the_language_under_its_own_name(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message(title="Care for all")},
                   config=config('["en", "hmn"]', HMONG),
                   catalogs={"hmn": po_file([("community/a:title", "Care for all",
                                              "Kev kho mob rau txhua tus")], lang="hmn")})
    out = build_kit(kit, formats=("html",), allow_partial=True).out
    page = (out / "hmn/community.html").read_text(encoding="utf-8")
    assert '<html lang="hmn" dir="ltr">' in page
    assert "Kev kho mob rau txhua tus" in page
    assert ">Hmoob</a>" in page  # the language menu
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2>Hmoob <span class="name-in-source" lang="en" dir="ltr">(Hmong)</span></h2>' \
        in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"lang": "hmn", "name": "Hmoob", "dir": "ltr"}.items() <= \
        manifest["languages"][1].items()


def test_a_table_overrides_what_cldr_says(tmp_path: Path) -> None:
    # CLDR names Hmong Njua in Nyiakeng Puachue Hmong letters; US readers write it in Latin.
    tables = '\n[languages.hnj]\nname = "Hmoob Njua"\nscript = "Latn"\n'
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "hnj"]', tables))
    hnj = load_config(kit).languages[1]
    assert hnj.native_name == "Hmoob Njua"
    assert hnj.english_name == Locale("en").languages["hnj"]
    assert hnj.script == "Latn"
    assert hnj.plural_forms  # still CLDR's
    assert hnj.catalog_name == "hnj"


def test_right_to_left_follows_the_script_a_table_names(tmp_path: Path) -> None:
    tables = '\n[languages.prs]\nname = "دری"\nenglish_name = "Dari"\nscript = "Arab"\n'
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "prs"]', tables))
    prs = load_config(kit).languages[1]
    assert (prs.native_name, prs.english_name, prs.direction) == ("دری", "Dari", "rtl")


def test_every_problem_in_the_tables_is_reported_at_once(tmp_path: Path) -> None:
    tables = """
[languages.hmn]
name = "Hmoob"
script = "Hmng1"
dir = "up"
plural_forms = "nplurals=1; plural=n;"
catalog = "../../etc"
colour = "red"

[languages."not a tag"]
name = "X"
"""
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "hmn"]', tables))
    with pytest.raises(ConfigError) as info:
        load_config(kit)
    assert [str(p) for p in info.value.problems] == [
        "outreach.toml:10: languages.hmn.script: 'Hmng1' is not an ISO 15924 script code such as "
        "'Latn', 'Arab' or 'Mymr'",
        "outreach.toml:11: languages.hmn.dir: must be 'ltr' or 'rtl', not 'up'",
        "outreach.toml:12: languages.hmn.plural_forms: its expression gives form 999, but nplurals "
        "is 1",
        "outreach.toml:13: languages.hmn.catalog: must be a gettext language name such as 'hmn' or "
        "'zh_Hant', not '../../etc'",
        "outreach.toml:16: languages.not a tag: 'not a tag' is not a language tag such as 'hmn' or "
        "'hmn-Latn'"]


def test_a_table_may_name_the_catalog(tmp_path: Path) -> None:
    tables = HMONG + 'catalog = "hmn_US"\n'
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "hmn"]', tables))
    result = runner.invoke(app, ["i18n", "init", "hmn", "--kit", str(kit)])
    assert result.exit_code == 0, result.output
    text = (kit / "translations/hmn_US/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert '"Language: hmn_US\\n"' in text
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in text
    assert '"Language-Team: Hmong\\n"' in text


def test_new_starts_catalogs_with_each_language_headers(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    result = runner.invoke(app, ["new", str(target), "--lang", "am", "--lang", "my",
                                 "--lang", "hmn", "--lang", "zh_Hant"])
    assert result.exit_code == 0, result.output
    config_text = (target / "outreach.toml").read_text(encoding="utf-8")
    # CLDR knows Hmong's English name and script but has no locale for it: the new kit gets a
    # table to finish, and works as it is.
    assert f'[languages.hmn]\n# CLDR has no data for {Locale("en").languages["hmn"]}' \
        in config_text
    config = load_config(target)
    for tag, catalog_name in (("am", "am"), ("my", "my"), ("hmn", "hmn"),
                              ("zh-Hant", "zh_Hant")):
        path = target / f"translations/{catalog_name}/LC_MESSAGES/messages.po"
        text = path.read_text(encoding="utf-8")
        expected = get_plural(Locale.parse(tag, sep="-")).plural_forms if tag != "hmn" \
            else "nplurals=2; plural=(n != 1);"  # gettext's default: the table may say more
        assert config.language(tag).plural_forms == expected
        assert f'"Language: {catalog_name}\\n"' in text
        assert f'"Plural-Forms: {expected}\\n"' in text
    result = runner.invoke(app, ["build", "--kit", str(target), "--format", "html", "--quiet"])
    assert result.exit_code == 0, result.output


def test_new_refuses_a_tag_it_cannot_describe(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--lang", "kar"])
    assert result.exit_code == 2
    assert result.output.startswith("error: --lang: unknown language 'kar': CLDR has no data for "
                                    "it; add to outreach.toml a [languages.kar] table with ")
    assert result.output.endswith("; start the kit without it, add the table, then run "
                                  "'outreach i18n init kar'\n")
    assert not (tmp_path / "kit").exists()


def test_init_writes_headers_gnu_gettext_accepts_for_every_script(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=SCRIPTS_CONFIG.format(languages='"en"'))
    tables = tomllib.loads(SCRIPTS_CONFIG.format(languages='"en"'))["languages"]
    for tag in SAMPLES:
        result = runner.invoke(app, ["i18n", "init", tag, "--kit", str(kit)])
        assert result.exit_code == 0, result.output
        path = kit / "translations" / tag / "LC_MESSAGES" / "messages.po"
        po = read_po(path, str(path))
        expected = tables[tag]["plural_forms"] if tag in tables \
            else get_plural(Locale.parse(tag)).plural_forms
        assert po.header_field("Language") == tag
        assert po.header_field("Plural-Forms") == expected
        checked = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, (tag, checked.stderr)


@pytest.mark.parametrize("forms, problem", [
    ("nplurals=2; plural=(n/0);", "'(n/0)' is not a plural expression gettext can evaluate"),
    ("nplurals=99999999999; plural=n;", "nplurals must be from 1 to 20, not 99999999999")])
def test_a_plural_rule_that_cannot_work_is_one_line(tmp_path: Path, forms: str,
                                                    problem: str) -> None:
    """Dividing by zero, or a number of forms no language has (a list of that many strings
    would fill the memory), in outreach.toml or in a catalog's header."""
    kit = make_kit(tmp_path / "kit", {"community/a": message()},
                   config=config('["en", "es"]', f'\n[languages.es]\nplural_forms = "{forms}"\n'))
    with pytest.raises(ConfigError) as info:
        load_config(kit)
    assert [str(p) for p in info.value.problems] == [
        f"outreach.toml:9: languages.es.plural_forms: {problem}"]

    kit = make_kit(tmp_path / "kit2", {"community/a": message()}, languages=("en", "es"),
                   catalogs={"es": po_file([]).replace("nplurals=2; plural=(n != 1);", forms)})
    result = runner.invoke(app, ["i18n", "check", "--kit", str(kit)])
    assert result.exit_code == 1
    assert (f"translations/es/LC_MESSAGES/messages.po:1: error header: Plural-Forms: {problem}"
            in result.output)
