"""outreach.toml: every problem at once, each naming the key; unknown keys are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale
from helpers import SAMPLE_LANGUAGES

from outreach.errors import Problem
from outreach.kit.config import ConfigError, load_config


def write(root: Path, text: str) -> Path:
    (root / "outreach.toml").write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in config_problems(root)]


def config_problems(root: Path) -> list[Problem]:
    with pytest.raises(ConfigError) as info:
        load_config(root)
    return list(info.value.problems)


def test_sample_kit_config_is_valid(sample_kit: Path) -> None:
    config = load_config(sample_kit)
    assert [lang.tag for lang in config.languages] == list(SAMPLE_LANGUAGES)
    assert config.paper == "letter"
    assert config.organization.name
    assert config.warnings == ()


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, """\
[kit]
title = 3
languages = ["en", "xx-Q", "en"]
paper = "legal"
site_url = "example.org"

[organization]
email = "nope"
website = "example.org"

[audiences.volunteers]
label = "Volunteers"
""")
    assert problems(tmp_path) == [
        "outreach.toml:2: kit.title: must be a string, not a number",
        "outreach.toml:3: kit.languages[1]: unknown language 'xx-Q' (use a tag such as 'es' or "
        "'zh-Hans')",
        "outreach.toml:3: kit.languages[2]: 'en' is listed twice",
        "outreach.toml:4: kit.paper: must be one of letter, a4, not 'legal'",
        "outreach.toml:5: kit.site_url: must be an http:// or https:// address, not 'example.org'",
        "outreach.toml:7: organization.name: missing; it is required",
        "outreach.toml:8: organization.email: 'nope' does not look like an email address",
        "outreach.toml:9: organization.website: 'example.org' must be a web address starting with "
        "http:// or https://",
        "outreach.toml:11: audiences.volunteers: unknown audience; audiences are community, "
        "decision-makers",
    ]


def test_unknown_keys_are_warnings_not_errors(tmp_path: Path) -> None:
    write(tmp_path, """\
colour = "blue"
[kit]
title = "Kit"
papr = "a4"
[organization]
name = "Org"
fax = "555"
""")
    config = load_config(tmp_path)
    assert [str(w) for w in config.warnings] == [
        "outreach.toml:1: colour: unknown key, ignored",
        "outreach.toml:4: kit.papr: unknown key, ignored",
        "outreach.toml:7: organization.fax: unknown key, ignored",
    ]
    assert config.paper == "letter"


def test_defaults(tmp_path: Path) -> None:
    write(tmp_path, '[kit]\ntitle = "Kit"\n[organization]\nname = "Org"\n')
    config = load_config(tmp_path)
    assert config.source_language.tag == "en"
    assert [lang.tag for lang in config.languages] == ["en"]
    assert [(a.id, a.label) for a in config.audiences] == [
        ("community", "Community members"), ("decision-makers", "Decision makers")]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, '[kit]\ntitle = "Kit"\npaper = letter\n')
    assert problems(tmp_path) == ["outreach.toml:3: invalid TOML: invalid value"]


def test_missing_config_says_what_to_do(tmp_path: Path) -> None:
    (message,) = problems(tmp_path)
    assert message.endswith("outreach.toml: not found; run this in a kit folder, pass --kit, "
                            "or start one with 'outreach new DIR'")


def test_language_metadata_comes_from_cldr(tmp_path: Path) -> None:
    write(tmp_path, '[kit]\ntitle = "K"\nlanguages = ["en", "es", "ar", "zh_Hans"]\n'
                    '[organization]\nname = "O"\n')
    langs = {lang.tag: lang for lang in load_config(tmp_path).languages}
    # Names are CLDR's, in the language itself; compared with the installed Babel, not a copy.
    for tag in ("es", "zh-Hans"):
        locale = Locale.parse(tag, sep="-")
        name = locale.get_display_name(locale)
        assert langs[tag].native_name == name[:1].upper() + name[1:]
    assert langs["ar"].direction == "rtl" and langs["es"].direction == "ltr"
    assert langs["zh-Hans"].catalog_name == "zh_Hans"


def test_a_problem_points_at_the_line_of_its_key(tmp_path: Path) -> None:
    """Values over several lines, keys written quoted or dotted, and arrays of tables do not
    throw the line off; a missing key points at its table."""
    write(tmp_path, '''\
# The kit's settings.
[kit]
title = "Kit [draft]"
languages = [
  "en",
  "es",
]
paper = """
legal = yes
"""

[organization]
"email" = "nope"
website.address = "x"
''')
    lines = {p.message.split(":")[0]: p.line for p in config_problems(tmp_path)}
    assert lines == {"kit.paper": 8, "organization.name": 12, "organization.email": 13,
                     "organization.website": 14}



def test_quotes_in_comments_and_strings_do_not_throw_the_lines_off(tmp_path: Path) -> None:
    """Triple quotes in a comment or escaped inside a string, and brackets inside strings of an
    array, are text: the keys after them keep their lines."""
    write(tmp_path, '''\
[kit]
title = "Kit"  # a """ in a comment
notes = """a \\""" and a [ inside"""
formats = [
  """html ]""",
  'flyer]',
]
paper = "legal"
[organization]
name = "Org"  # "''' + '\\"' * 20_000 + '''
email = "nope"
''')
    lines = {p.message.split(":")[0]: p.line for p in config_problems(tmp_path)}
    assert lines["kit.paper"] == 8 and lines["organization.email"] == 11


def test_contact_details_are_checked_like_a_partner_s_and_kept_to_a_sensible_length(
        tmp_path: Path) -> None:
    write(tmp_path, f'''\
[kit]
title = "Kit"
[organization]
name = "Org"
phone = "1-800-FLOWERS"
email = "a@{'.' * 20_000}"
website = "http://{'a.' * 10_000}"
''')
    assert problems(tmp_path) == [
        "outreach.toml:5: organization.phone: '1-800-FLOWERS' is not a phone number; write it "
        "with digits, spaces and ( ) - + . only, such as (555) 010-0199",
        "outreach.toml:6: organization.email: is 20002 characters long; write at most 254",
        "outreach.toml:7: organization.website: is 20007 characters long; write at most 2000"]


def test_an_item_of_a_list_written_over_several_lines_is_found_at_its_own_line(
        tmp_path: Path) -> None:
    write(tmp_path, '''\
[kit]
title = "Kit"
languages = [
  "en",     # the source
  "es", "vi",
  "xx-Q",
  "es",
]
[organization]
name = "Org"
''')
    assert [(p.line, p.message.split(":")[0]) for p in config_problems(tmp_path)] == [
        (6, "kit.languages[3]"), (7, "kit.languages[4]")]
