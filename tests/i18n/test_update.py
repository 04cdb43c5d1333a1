"""`init` and `update`: catalogs that follow the kit and never lose a translation."""

from __future__ import annotations

import difflib
import gettext
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from outreach.errors import OutreachError, SourceError
from outreach.i18n.template import build_template
from outreach.i18n.update import init_catalog, update_catalogs
from outreach.po import read_po

from .conftest import EPOCH_DATE, catalog, config_of, edit, gnu, translate, translated_kit


def snapshot(kit: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(kit)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((kit / "translations").rglob("*")) if p.is_file()}


def msgfmt_check(path: Path) -> None:
    result = gnu("msgfmt", "-c", "-o", os.devnull, str(path))
    assert result.returncode == 0, result.stderr


def plural_categories_used(plural_forms: str) -> set[int]:
    """The plural form indexes a Plural-Forms expression chooses for counts people write."""
    expression = plural_forms.split("plural=", 1)[1].rstrip(" ;")
    choose = gettext.c2py(expression)
    # Some languages have a form only for round millions ("un millón de ...").
    counts = [*range(1001), *(k * 10**e for k in range(1, 21) for e in range(3, 10))]
    return {choose(n) for n in counts}


@pytest.mark.parametrize(("lang", "language"), [
    ("es", "es"), ("ru", "ru"), ("zh-Hant", "zh_Hant"), ("ar", "ar"),
])
def test_init_writes_language_and_plural_forms(kit: Path, lang: str, language: str) -> None:
    path = init_catalog(config_of(kit), lang)
    assert path == catalog(kit, lang)
    po = read_po(path, "po")
    assert po.header_field("Language") == language
    # The rule is the installed Babel's (CLDR's) for the language, whatever its version says;
    # what must hold is that the header is that rule and is self-consistent.
    plural_forms = po.header_field("Plural-Forms")
    assert plural_forms == get_plural(Locale.parse(lang, sep="-")).plural_forms
    nplurals = int(re.search(r"nplurals=(\d+)", plural_forms).group(1))
    assert plural_categories_used(plural_forms) == set(range(nplurals))
    assert po.header_field("POT-Creation-Date") == EPOCH_DATE
    assert "fuzzy" not in po.header.flags
    assert {m.msgstr for m in po.entries} == {("",)}
    assert [m.key for m in po.entries] == [m.key for m in build_template(config_of(kit)).entries]
    msgfmt_check(path)
    assert gnu("msgcat", str(path)).stdout == path.read_text(encoding="utf-8")


def test_init_never_replaces_a_catalog(kit: Path) -> None:
    path = translated_kit(kit)
    before = path.read_bytes()
    with pytest.raises(OutreachError) as caught:
        init_catalog(config_of(kit), "es")
    assert [str(p) for p in caught.value.problems] == [
        "translations/es/LC_MESSAGES/messages.po: already exists; run 'outreach i18n update' "
        "to bring it up to date with the kit"]
    assert path.read_bytes() == before


def test_init_refuses_the_source_language_and_unknown_tags(kit: Path) -> None:
    with pytest.raises(OutreachError, match="en: is the kit's source language"):
        init_catalog(config_of(kit), "en")
    with pytest.raises(OutreachError, match="unknown language 'xx-nowhere'"):
        init_catalog(config_of(kit), "xx-nowhere")


def test_update_creates_missing_catalogs(kit: Path) -> None:
    results = update_catalogs(config_of(kit))
    assert [(r.lang, r.created, r.changed, r.added) for r in results] == [
        ("es", True, True, results[0].added), ("ru", True, True, results[0].added)]
    assert results[0].added == len(read_po(catalog(kit), "es").entries)
    assert (kit / "translations" / "messages.pot").is_file()


def test_update_on_an_unchanged_kit_changes_no_byte(kit: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    translated_kit(kit)
    update_catalogs(config_of(kit))
    before = snapshot(kit)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # a later run, another day
    results = update_catalogs(config_of(kit))
    assert [r.changed for r in results] == [False, False]
    assert snapshot(kit) == before


def test_an_edited_string_keeps_its_translation_as_fuzzy(kit: Path) -> None:
    path = translated_kit(kit)
    edit(kit, "Health care for every family", "Health care for all families")
    (result, _ru) = update_catalogs(config_of(kit))
    assert (result.fuzzy, result.added, result.obsoleted) == (1, 0, 0)
    assert ('#, fuzzy\n'
            '#| msgctxt "community/clinic:title"\n'
            '#| msgid "Health care for every family"\n'
            'msgctxt "community/clinic:title"\n'
            'msgid "Health care for all families"\n'
            'msgstr "ES Health care for every family"\n') in path.read_text(encoding="utf-8")
    template = (kit / "translations" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Health care for all families"' in template
    msgfmt_check(path)


def test_undoing_an_edit_restores_the_entry(kit: Path) -> None:
    path = translated_kit(kit)
    before = path.read_bytes()
    edit(kit, "Health care for every family", "Health care for all families")
    update_catalogs(config_of(kit))
    edit(kit, "Health care for all families", "Health care for every family")
    (result, _ru) = update_catalogs(config_of(kit))
    assert (result.restored, result.fuzzy) == (1, 0)
    assert path.read_bytes() == before


def test_a_string_removed_and_restored_gets_its_translation_back(kit: Path) -> None:
    path = translated_kit(kit)
    before = path.read_bytes()
    edit(kit, "- Help with *long-term* problems like diabetes.\n", "")
    (result, _ru) = update_catalogs(config_of(kit))
    assert (result.obsoleted, result.fuzzy, result.added) == (1, 0, 0)
    text = path.read_text(encoding="utf-8")
    assert text.endswith('\n\n#~ msgctxt "community/clinic:body"\n'
                         '#~ msgid "Help with *long-term* problems like diabetes."\n'
                         '#~ msgstr "ES Help with *long-term* problems like diabetes."\n')
    msgfmt_check(path)

    edit(kit, "- **Checkups and shots** for babies, children and teens.\n",
         "- **Checkups and shots** for babies, children and teens.\n"
         "- Help with *long-term* problems like diabetes.\n")
    (result, _ru) = update_catalogs(config_of(kit))
    assert (result.restored, result.fuzzy, result.added, result.obsoleted) == (1, 0, 0, 0)
    assert path.read_bytes() == before  # exact translation, not fuzzy, no second entry
    assert path.read_text(encoding="utf-8").count("long-term* problems") == 2  # msgid, msgstr


def test_prune_deletes_obsolete_entries(kit: Path) -> None:
    path = translated_kit(kit)
    edit(kit, "- Help with *long-term* problems like diabetes.\n", "")
    update_catalogs(config_of(kit))
    (result, _ru) = update_catalogs(config_of(kit), prune=True)
    assert (result.pruned, result.changed) == (1, True)
    assert "#~" not in path.read_text(encoding="utf-8")


def test_update_repairs_a_duplicate_left_by_pybabel(kit: Path) -> None:
    # pybabel update adds an empty entry for a returning string and keeps the old
    # translation as obsolete; GNU msgfmt rejects such a file.
    path = translated_kit(kit)
    text = path.read_text(encoding="utf-8")
    entry = ('msgctxt "community/clinic:value"\nmsgid "Health"\nmsgstr "ES Health"\n')
    assert entry in text
    path.write_text(text.replace(entry, entry.replace('"ES Health"', '""'))
                    + "\n" + "".join(f"#~ {line}\n" for line in entry.splitlines()),
                    encoding="utf-8")
    assert gnu("msgfmt", "-c", "-o", os.devnull, str(path)).returncode != 0
    (result, _ru) = update_catalogs(config_of(kit))
    assert result.restored == 1
    assert path.read_text(encoding="utf-8") == text
    msgfmt_check(path)


def test_a_fuzzy_header_does_not_hide_the_catalog(kit: Path) -> None:
    path = translated_kit(kit)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid ""\nmsgstr ""\n', '#, fuzzy\nmsgid ""\nmsgstr ""\n', 1),
                    encoding="utf-8")
    edit(kit, "Care is for everyone.", "Care is for every one of us.")
    update_catalogs(config_of(kit))
    po = read_po(path, "es")
    assert "fuzzy" in po.header.flags  # the translator's header is left as it was
    assert sum(1 for m in po.entries if m.translated) == len(po.entries) - 1
    msgfmt_check(path)


def test_a_catalog_saved_by_msgcat_changes_only_where_the_kit_changed(kit: Path) -> None:
    path = translated_kit(kit)
    update_catalogs(config_of(kit))
    saved = gnu("msgcat", "-o", str(path), str(path))
    assert saved.returncode == 0, saved.stderr
    before = path.read_text(encoding="utf-8").splitlines()
    edit(kit, "Care is for everyone.", "Care is for every one of us.")
    update_catalogs(config_of(kit))
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        '+#, fuzzy',
        '+#| msgctxt "community/clinic:key_message"',
        '+#| msgid "Care is for everyone."',
        '-msgid "Care is for everyone."',
        '+msgid "Care is for every one of us."',
    ]


def test_plural_strings_get_the_language_plural_forms(kit: Path) -> None:
    (kit / "templates").mkdir()
    (kit / "templates" / "counter.html").write_text(
        "{% trans count=n %}{{ count }} flyer{% pluralize %}{{ count }} flyers{% endtrans %}\n",
        encoding="utf-8")
    update_catalogs(config_of(kit))
    text = catalog(kit, "ru").read_text(encoding="utf-8")
    assert ('#: templates/counter.html\n'
            '#, python-format\n'
            'msgid "%(count)s flyer"\n'
            'msgid_plural "%(count)s flyers"\n'
            'msgstr[0] ""\n'
            'msgstr[1] ""\n'
            'msgstr[2] ""\n') in text
    translate(catalog(kit, "ru"), lambda m: "%(count)s листовок" if m.plural
              else None)
    msgfmt_check(catalog(kit, "ru"))


def test_a_catalog_that_cannot_be_read_stops_before_anything_is_written(kit: Path) -> None:
    translated_kit(kit)
    update_catalogs(config_of(kit))
    russian = catalog(kit, "ru")
    russian.write_text(russian.read_text(encoding="utf-8") + 'msgid "broken\n',
                       encoding="utf-8")
    last_line = len(russian.read_text(encoding="utf-8").splitlines())
    before = snapshot(kit)
    edit(kit, "Care is for everyone.", "Care is for every one of us.")
    with pytest.raises(SourceError) as caught:
        update_catalogs(config_of(kit))
    assert [str(p) for p in caught.value.problems] == [
        f"translations/ru/LC_MESSAGES/messages.po:{last_line}: "
        'this string is not closed: end it with a " on the same line']
    assert snapshot(kit) == before


def test_a_full_disk_leaves_every_catalog_as_it_was(kit: Path) -> None:
    translated_kit(kit)
    update_catalogs(config_of(kit))
    before = snapshot(kit)
    edit(kit, "Care is for everyone.", "Care is for every one of us.")

    def small_disk() -> None:  # writes past 2 KB fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run([sys.executable, "-m", "outreach", "i18n", "update"], cwd=kit,
                            capture_output=True, text=True, preexec_fn=small_disk, check=False)
    assert result.returncode == 2
    assert result.stderr.endswith("cannot be written: the disk is full; nothing was changed\n")
    assert {name: data for name, (data, _stamp) in snapshot(kit).items()} == \
        {name: data for name, (data, _stamp) in before.items()}
    assert not [p for p in (kit / "translations").rglob("*.tmp")]


def test_every_catalog_written_passes_msgfmt_check(sample_copy: Path) -> None:
    results = update_catalogs(config_of(sample_copy))
    assert results
    for result in results:
        msgfmt_check(sample_copy / result.path)


def test_moving_lines_around_changes_nothing(kit: Path) -> None:
    translated_kit(kit)
    update_catalogs(config_of(kit))
    before = snapshot(kit)
    source = kit / "messages" / "community" / "clinic.md"
    front, body = source.read_text(encoding="utf-8").split("---\n")[1:3]
    lines = front.splitlines()
    # Front matter in another order, the body further down the file.
    source.write_text("---\n" + "\n".join(reversed(lines)) + "\n---\n\n\n\n" + body,
                      encoding="utf-8")
    assert [r.changed for r in update_catalogs(config_of(kit))] == [False, False]
    assert snapshot(kit) == before


def test_a_catalog_without_a_header_gets_one(kit: Path) -> None:
    path = catalog(kit)
    path.parent.mkdir(parents=True)
    path.write_text('msgctxt "community/clinic:value"\nmsgid "Health"\nmsgstr "Salud"\n',
                    encoding="utf-8")
    update_catalogs(config_of(kit))
    po = read_po(path, "es")
    assert po.header_field("Content-Type") == "text/plain; charset=UTF-8"
    assert po.header_field("Language") == "es"
    assert po.get("Health", "community/clinic:value").msgstr == ("Salud",)
    msgfmt_check(path)


def test_update_keeps_the_plural_rule_the_catalog_has(kit: Path) -> None:
    # Like GNU msgmerge: only `init` takes the rule from Babel. A catalog made with an older
    # CLDR keeps its header, so a Babel upgrade never rewrites a translator's file.
    path = translated_kit(kit)
    older = "nplurals=2; plural=(n > 1);"
    text = re.sub(r"Plural-Forms: [^\\]*\\n", f"Plural-Forms: {older}\\\\n",
                  path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    assert read_po(path, "po").header_field("Plural-Forms") == older
    update_catalogs(config_of(kit))
    assert read_po(path, "po").header_field("Plural-Forms") == older
    assert path.read_text(encoding="utf-8") == text
