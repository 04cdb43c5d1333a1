"""One way to find and read the kit's catalogs, so that every command works on the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_kit, make_kit, message, po_file

from outreach.errors import OutreachError, SourceError
from outreach.i18n.check import check_catalog
from outreach.i18n.status import count_translations
from outreach.i18n.template import build_template
from outreach.kit.catalogs import catalog_files, compile_catalog, read_catalogs
from outreach.kit.config import load_config
from outreach.kit.languages import language
from outreach.lint.scan import Source, lint_kit
from outreach.lint.scan import check_catalog as lint_catalog
from outreach.lint.settings import resolve

HELLO = [("community/hello:title", "Hello", "Hola"),
         ("community/hello:key_message", "Care is for everyone.", "La atención es para todos."),
         ("community/hello:call_to_action", "Call {organization} at {phone}.",
          "Llame a {organization} al {phone}."),
         ("community/hello:value", "Health", "Salud"),
         ("community/hello:body", "A paragraph with a [link](https://example.org).",
          "Un párrafo con un [enlace](https://example.org).")]
ZH_TERM = "非法移民"  # a discouraged term in Chinese


def two_language_kit(tmp_path: Path) -> Path:
    """Spanish complete and clean; Chinese (Simplified) using a discouraged term."""
    return make_kit(tmp_path / "kit", {"community/hello": message()},
                    languages=("en", "es", "zh-Hans"),
                    catalogs={"es": po_file(HELLO),
                              "zh-Hans": po_file([("community/hello:title", "Hello", ZH_TERM)],
                                                 lang="zh_Hans")})


def test_catalog_files_follow_the_selection_and_skip_the_source_language(tmp_path: Path) -> None:
    config = load_config(two_language_kit(tmp_path))
    assert [(f.language.tag, f.shown) for f in catalog_files(config)] == [
        ("es", "translations/es/LC_MESSAGES/messages.po"),
        ("zh-Hans", "translations/zh_Hans/LC_MESSAGES/messages.po")]
    chosen = catalog_files(config, [language("zh-Hans"), language("en")])
    assert [f.language.tag for f in chosen] == ["zh-Hans"]


def test_every_unreadable_catalog_is_reported_at_once(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", {"community/hello": message()},
                   languages=("en", "es", "vi", "ko"),
                   catalogs={"es": 'msgid "a"\nmsgstr "b\n', "ko": 'msgid "a"\nmsgtsr "b"\n'})
    with pytest.raises(SourceError) as caught:
        read_catalogs(load_config(kit))
    assert [str(p) for p in caught.value.problems] == [
        'translations/es/LC_MESSAGES/messages.po:2: this string is not closed: end it with a " '
        "on the same line",
        "translations/ko/LC_MESSAGES/messages.po:2: unknown keyword 'msgtsr'; lines start with "
        "msgctxt, msgid, msgid_plural, msgstr, a quoted string or #"]


def test_a_catalog_read_once_serves_every_check(tmp_path: Path) -> None:
    kit = two_language_kit(tmp_path)
    config = load_config(kit)
    (spanish,) = read_catalogs(config, [language("es")])
    spanish.path.unlink()  # nothing below may read it again
    catalog = spanish.catalog
    assert catalog is not None and spanish.data is not None
    assert check_catalog(catalog, spanish.language, config) == []
    wanted = [entry.key for entry in build_template(config).entries]
    stats = count_translations(spanish.language, catalog, wanted)
    assert (stats.path, stats.translated) == (spanish.shown, len(HELLO))
    assert compile_catalog(catalog, spanish.language).lookup("community/hello:value",
                                                             "Health") == "Salud"
    source = Source(spanish.path, spanish.shown, spanish.shown, "po")
    linted = lint_catalog(source, spanish.data.decode("utf-8"), resolve(None), "es", catalog)
    assert linted.findings == ()


def test_a_language_not_built_does_not_stop_the_build(tmp_path: Path) -> None:
    kit = two_language_kit(tmp_path)
    config = load_config(kit)
    assert [f.path for f in lint_kit(config)] == \
        ["translations/zh_Hans/LC_MESSAGES/messages.po"]
    assert lint_kit(config, [language("en"), language("es")]) == []
    result = build_kit(kit, languages=("es",), formats=("html",), allow_partial=True)
    assert result.languages == ("es",)
    with pytest.raises(OutreachError) as caught:
        build_kit(kit, languages=("zh-Hans",), formats=("html",), allow_partial=True)
    assert caught.value.problems[0].path == "translations/zh_Hans/LC_MESSAGES/messages.po"


def test_a_catalog_of_a_language_the_kit_does_not_publish_is_not_read(tmp_path: Path) -> None:
    kit = two_language_kit(tmp_path)
    stray = kit / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    stray.parent.mkdir(parents=True)
    stray.write_text('msgid "broken\n', encoding="utf-8")
    config = load_config(kit)
    assert [f.language.tag for f in read_catalogs(config)] == ["es", "zh-Hans"]
    assert all("vi" not in f.path for f in lint_kit(config))
