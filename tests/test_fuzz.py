"""Mutated kits through the real CLI: whatever the input, a clean answer and nothing lost.

Hypothesis breaks one of a small kit's files (the Spanish catalog, a message, `outreach.toml`)
with a few edits a broken editor, a bad merge or a hostile translator could make: inserted
syntax and hostile strings, stray or invalid bytes, deleted spans, duplicated or truncated
lines, and well-formed values replaced by hostile text. Each mutated kit goes through
`outreach build --format html --allow-partial`, `outreach i18n check` and `outreach lint`, in
process through the Typer app. Every run must end with exit status 0, 1 or 2 and no exception;
a status 2 must print only `error: place: message` lines (and warnings); a failed build must
leave the previous output exactly as it was; and no command may change a catalog or a source
or leave a file behind.

EXAMPLES generated cases plus the explicit ones run, derandomized (a fixed seed), so CI runs
the same cases every time, in well under a minute.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from helpers import make_kit, message
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outreach.cli import app

EXAMPLES = 150
CATALOG = "translations/es/LC_MESSAGES/messages.po"
MESSAGE = "messages/community/welcome.md"
TARGETS = (CATALOG, MESSAGE, "outreach.toml")
# --allow-partial: a changed source string has no translation yet, and the build should
# still get as far as rendering it.
COMMANDS = (("build", "--format", "html", "--allow-partial"), ("i18n", "check"), ("lint",))
PROBLEM_LINE = re.compile(r"(error|warning): [^\n]*\S: \S[^\n]*")

BODY = """\
When someone in your family is sick, you can get care close to home. Call {phone} today.

- **Checkups and shots** for babies, children and teens.
- Help with *long-term* problems.

See the [list of clinics](https://example.org/clinics).
"""

# Text that means something to one of the parsers, or that a hostile translator would try.
HOSTILE = [
    '"', "'", "\\", "\n", "\r\n", "\r", "\t", "---\n", "...\n", "\x00", "\x02", "\x1b[2J",
    "\u202e", "\u2066", "\u2028", "\ufeff", "\ud800", "&quot;", "&#34;",
    "<script>alert(1)</script>",
    '" onerror="alert(1)', "{{ 7*7 }}", "{% include 'page.html' %}", "%(name)s", "%d", "%",
    "%(phone)30000000s", "{phone}", "{nope}", "{", "}", "[", "]", "(", ")", "*", "**", "_",
    "`", "> ", "# ", "- ", "1. ", "<", ">", "&",
    "[x](javascript:alert(1))", "[x](HTTPS://evil.example)", "<HTTP://evil.example/login>",
    "//evil.example/x", "![i](file:///etc/passwd)", "[" * 200, "*_" * 100,
    # YAML
    "title:", "id: ../../x", "order: 1e999", "key_message: [a, b]", "1: x", "~: x", "[a]: x",
    "? a\n", "&a ", "*a", "!!binary ", "<<: *a\n", "|\n", ">-\n",
    # gettext catalogs
    'msgid "', 'msgstr "', 'msgctxt "', 'msgid_plural "', 'msgstr[0] "', 'msgstr[9] "',
    "#, fuzzy\n", "#, python-format\n", "#~ ", "#| ", '"\n"', "\\n", "\\x41", "\\777", "\\u",
    '"Plural-Forms: nplurals=0; plural=n/0;\\n"\n', '"Plural-Forms: nplurals=1; plural=(((;\\n"\n',
    '"Content-Type: text/plain; charset=latin-1\\n"\n', '"Language: ../../x\\n"\n',
    # TOML
    "[kit]\n", "[kit.x]\n", "[[kit]]\n", 'title = ""\n', 'languages = ["en", "xx"]\n',
    'languages = ["en", "en"]\n', 'source_language = "zz"\n', 'paper = "a5"\n',
    "min_scale = nan\n", "min_scale = inf\n", 'site_url = "javascript:x"\n', "'''", '"""',
    "= ", "x = {a = 1, a = 2}\n", "[lint]\n", "[lint.allow]\n", "[organization]\n",
    'email = "a@b"\n', 'website = "ftp://x"\n', "99999999999999999999999",
]
RAW_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x80",
             b"\xef\xbb\xbf", b"\x00"]


# Where a value starts: a msgstr, a front-matter key's value or a Markdown paragraph, a TOML
# string. Edits there keep most of the file's syntax and reach the code that uses the value.
VALUE_STARTS = {".po": re.compile(rb'^msgstr "', re.M),
                ".md": re.compile(rb"^[a-z_]+: |\n\n", re.M),
                ".toml": re.compile(rb'= "')}


# A whole value, to be replaced by well-formed hostile text: the file still parses.
VALUES = {".po": re.compile(rb'^msgstr "(.*)"$', re.M),
          ".md": re.compile(rb"^[a-z_]+: (.*)$", re.M),
          ".toml": re.compile(rb'= "((?:[^"\\\n]|\\.)*)"')}


@dataclass(frozen=True)
class Edit:
    kind: str  # insert, insert-value, set-value, delete, duplicate, truncate
    position: int  # taken modulo the file's length (or its number of values)
    payload: bytes = b""
    length: int = 0
    text: str = ""


def payloads() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.sampled_from(HOSTILE).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from(RAW_BYTES),
        st.text(max_size=6).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.binary(max_size=4),
    )


def quoted(text: str, suffix: str) -> bytes:
    """`text` as a quoted string of the file's language, so that the file still parses."""
    if suffix == ".po":
        escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\t", "\\t").replace("\r", "\\r"))
    else:  # a TOML basic string and a YAML double-quoted scalar both read JSON's escapes
        escaped = json.dumps(text)[1:-1]
    quotes = b'"' if suffix == ".md" else b""
    return quotes + escaped.encode("utf-8", "surrogatepass") + quotes


edits = st.one_of(
    st.builds(Edit, st.just("set-value"), st.integers(0, 10**6),
              text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))),
    st.builds(Edit, st.just("insert"), st.integers(0, 10**6), payloads()),
    st.builds(Edit, st.just("insert-value"), st.integers(0, 10**6), payloads()),
    st.builds(Edit, st.just("delete"), st.integers(0, 10**6), length=st.integers(1, 40)),
    st.builds(Edit, st.just("duplicate"), st.integers(0, 10**6)),
    st.builds(Edit, st.just("truncate"), st.integers(0, 10**6)),
)


def mutate(data: bytes, changes: list[Edit], suffix: str) -> bytes:
    for change in changes:
        at = change.position % (len(data) + 1)
        starts = [match.end() for match in VALUE_STARTS[suffix].finditer(data)]
        if change.kind == "insert-value" and starts:
            at = starts[change.position % len(starts)]
        values = list(VALUES[suffix].finditer(data))
        if change.kind == "set-value" and values:
            value = values[change.position % len(values)]
            data = data[:value.start(1)] + quoted(change.text, suffix) + data[value.end(1):]
        elif change.kind.startswith("insert"):
            data = data[:at] + change.payload + data[at:]
        elif change.kind == "delete":
            data = data[:at] + data[at + change.length:]
        elif change.kind == "duplicate":  # the line holding `at`, twice: a bad merge
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data = data[:end] + data[start:end] + data[end:]
        else:
            data = data[:at]
    return data


@pytest.fixture(scope="module")
def base_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small two-language kit that builds cleanly, with a previous build in `build/`."""
    kit = make_kit(tmp_path_factory.mktemp("fuzz") / "kit", {
        "community/welcome": message(title="Health care for every family", body=BODY),
        "decision-makers/brief": message(title="Coverage helps everyone",
                                         body="A healthy community is a **strong** one."),
    }, languages=("en", "es"))
    runner = CliRunner()
    for args in (["i18n", "extract"], ["i18n", "init", "es"]):
        result = runner.invoke(app, [*args, "--kit", str(kit)])
        assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(kit / CATALOG))
    for entry in catalog:  # a "translation" that keeps every placeholder, link and markup
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    catalog.save()
    result = runner.invoke(app, ["build", "--format", "html", "--kit", str(kit)])
    assert result.exit_code == 0, result.output
    return kit


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file a person owns: not the render cache, which any build may add to."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
            and ".outreach-cache" not in p.relative_to(folder).parts}


# Cases that once ended in a traceback, kept whatever the generated examples turn out to be.
@example(target=MESSAGE, changes=[Edit("insert", 4, b"1: x\n~: y\n[a]: z\n")])
@example(target=MESSAGE, changes=[Edit("set-value", 0, text="\ud800")])
@example(target=MESSAGE, changes=[Edit("insert", 4, b"value: " + b"[" * 3000 + b"\n")])
@example(target="outreach.toml", changes=[Edit("insert", 10**6, b"\n[lint]\nx = "
                                               + b"[" * 3000 + b"\n")])
@example(target=CATALOG, changes=[Edit("set-value", 3, text="[x](javascript:alert(1)) \x02")])
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), changes=st.lists(edits, min_size=1, max_size=4))
def test_mutated_kits_get_clean_answers_and_lose_nothing(
        base_kit: Path, tmp_path_factory: pytest.TempPathFactory, target: str,
        changes: list[Edit]) -> None:
    kit = tmp_path_factory.mktemp("case") / "kit"
    shutil.copytree(base_kit, kit, symlinks=True)
    path = kit / target
    path.write_bytes(mutate(path.read_bytes(), changes, path.suffix))
    sources = {name: data for name, data in snapshot(kit).items() if not name.startswith("build/")}
    previous = snapshot(kit / "build")
    entries = sorted(p.name for p in kit.iterdir())

    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--kit", str(kit)])
        name = " ".join(command)
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            f"{name} raised {result.exception!r} on {target}:\n{result.output}"
        assert result.exit_code in (0, 1, 2), f"{name} exited {result.exit_code}"
        assert "Traceback" not in result.output, name
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert any(line.startswith("error: ") for line in lines), (name, lines)
            assert all(PROBLEM_LINE.fullmatch(line) for line in lines), (name, lines)
        if command[0] == "build" and result.exit_code != 0:
            assert snapshot(kit / "build") == previous, f"a failed {name} changed the output"
        if command[0] != "build":
            assert snapshot(kit / "build") == previous, f"{name} changed the output"
        assert {path: data for path, data in snapshot(kit).items()
                if not path.startswith("build/")} == sources, f"{name} changed a source file"
        assert sorted(p.name for p in kit.iterdir()) == entries, f"{name} left files behind"
        if command[0] == "build" and result.exit_code == 0:
            previous = snapshot(kit / "build")
