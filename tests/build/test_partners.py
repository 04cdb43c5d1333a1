"""Partner kits: each partner organization gets the coalition's kit with its own details and logo.

One small kit (one message per audience, English and Spanish) with two partners is built once
for the tests that only read it; the others build their own copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import EPOCH, REPO, build_kit, logo_png, partner_kit
from playwright.sync_api import Browser
from pypdf import PdfReader

from outreach.build import BuildResult
from outreach.build.environment import render_environment
from outreach.build.partners import partner_kit as partner_snapshot
from outreach.build.plan import Planner, PlanOptions
from outreach.errors import OutreachError
from outreach.kit.config import load_config
from outreach.kit.partners import read_partners
from outreach.kit.snapshot import read_kit
from outreach.render.pdf import PdfJob

COALITION_PHONE = "(555) 010-0199"
FORMATS = ("html", "flyer")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".outreach" not in p.relative_to(folder).parts}


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    kit = partner_kit(tmp_path_factory.mktemp("partners") / "kit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield build_kit(kit, formats=FORMATS, jobs=2)


def test_each_partner_gets_a_complete_kit_in_its_own_folder(built: BuildResult) -> None:
    out = built.out
    east, west = out / "partners/eastside", out / "partners/westside"
    # Eastside chose Spanish only; Westside every language of the kit.
    assert {p.split("/")[0] for p in tree(east)} == {"index.html", "manifest.json", "assets",
                                                     "es"}
    assert {p.split("/")[0] for p in tree(west)} == {"index.html", "manifest.json", "assets",
                                                     "en", "es"}
    # The partner's logo is published with its kit, in the brand's partner slot.
    logo = "assets/kit/logos/eastside.png"
    assert logo in tree(east) and logo not in tree(west)
    # The coalition's own kit is still at the root, and its home page lists the partner kits.
    assert {"en/community.html", "es/community.html"} <= set(tree(out))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="partners/eastside/index.html">Eastside Community Clinic</a>' in index
    assert '<a href="partners/westside/index.html">Westside Legal Aid</a>' in index
    assert [(p["id"], p["href"]) for p in manifest(out)["partners"]] == [
        ("eastside", "partners/eastside/index.html"), ("westside", "partners/westside/index.html")]
    assert [p.id for p in built.partners] == ["eastside", "westside"]


def test_every_partner_flyer_prints_the_partner_and_not_the_coalition(built: BuildResult
                                                                       ) -> None:
    out = built.out
    for partner, name, phone in (("eastside", "Eastside Community Clinic", "(555) 010-0142"),
                                 ("westside", "Westside Legal Aid", "(555) 010-0177")):
        flyers = sorted((out / "partners" / partner).rglob("*.pdf"))
        assert len(flyers) == (2 if partner == "eastside" else 4)
        for flyer in flyers:
            text = pdf_text(flyer)
            assert name in text and phone in text, flyer
            assert COALITION_PHONE not in text and "Riverside" not in text, flyer
    for flyer in (out / "en").rglob("*.pdf"):
        assert COALITION_PHONE in pdf_text(flyer)
    # The filled-in call to action speaks for the partner, in the partner's language.
    action = pdf_text(out / "partners/eastside/es/community/ask-how-your-information-is-used.pdf")
    assert "Llame a Eastside Community Clinic al (555) 010-0142" in action


def test_the_partner_logo_is_in_the_flyer_and_the_coalition_brand_is_kept(built: BuildResult
                                                                          ) -> None:
    out = built.out
    for flyer in (out / "partners/eastside").rglob("*.pdf"):
        images = PdfReader(flyer).pages[0].images
        assert len(images) == 1, flyer
        red, green, blue = images[0].image.convert("RGB").getpixel((10, 10))
        assert red > 150 and green < 80 and blue < 80  # the partner's red logo
    for flyer in [*(out / "partners/westside").rglob("*.pdf"), *(out / "es").rglob("*.pdf")]:
        assert len(PdfReader(flyer).pages[0].images) == 0, flyer
    for partner in ("eastside", "westside"):
        assert (out / "partners" / partner / "assets/kit.css").read_bytes() == \
            (out / "assets/kit.css").read_bytes()


def test_each_partner_kit_has_its_own_manifest(built: BuildResult) -> None:
    east = built.out / "partners/eastside"
    listed = manifest(east)
    assert listed["partner"] == {"id": "eastside", "name": "Eastside Community Clinic"}
    assert [lang["lang"] for lang in listed["languages"]] == ["es"]
    files = {path for path in tree(east) if path != "manifest.json"}
    assert {a["path"] for a in listed["artifacts"]} == files
    for artifact in listed["artifacts"]:
        assert artifact["sha256"] == hashlib.sha256((east / artifact["path"]).read_bytes()
                                                    ).hexdigest()
    # The coalition's manifest lists its own files; each partner kit's are in its own.
    assert not any(a["path"].startswith("partners/") for a in manifest(built.out)["artifacts"])


def test_a_partner_kit_works_on_its_own_when_handed_over(built: BuildResult, tmp_path: Path,
                                                         browser: Browser) -> None:
    handed = tmp_path / "eastside"
    shutil.copytree(built.out / "partners/eastside", handed)
    pages = sorted(handed.rglob("*.html"))
    assert len(pages) == 3  # the home page and Spanish's two audience pages
    failed: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        for path in pages:
            page.goto(path.as_uri())
            targets = page.evaluate("""() => [
                ...Array.from(document.querySelectorAll('a[href]'), a => a.href),
                ...Array.from(document.querySelectorAll('link[href]'), l => l.href),
                ...Array.from(document.images, img => img.src)]""")
            for url in targets:
                if url.startswith("file:"):
                    target = Path(url[len("file://"):].split("#")[0])
                    assert target.is_relative_to(handed) and target.is_file(), (path, url)
            assert "Eastside Community Clinic" in page.inner_text("footer")
    finally:
        context.close()
    assert failed == []


def test_the_logo_is_a_resource_of_the_flyer_jobs_by_content(tmp_path: Path) -> None:
    kit = partner_kit(tmp_path / "kit")
    config = load_config(kit)
    snapshot = read_kit(config)
    east = read_partners(config)[0]
    env = render_environment()

    def flyer_jobs(logo: bytes) -> dict[str, tuple[str, PdfJob]]:
        partner = east if logo == east.logo.data else replace(east, logo=replace(east.logo,
                                                                                 data=logo))
        planner = Planner(partner_snapshot(snapshot, partner),
                          PlanOptions(formats=("flyer",)),
                          env)
        planned = planner.language(config.language("es"))
        return {a.path: (a.key, a.work) for a in planned.artifacts
                if isinstance(a.work, PdfJob)}

    assert east.logo is not None
    jobs = flyer_jobs(east.logo.data)
    assert jobs
    for _key, job in jobs.values():
        assert job.resources["assets/kit/logos/eastside.png"] == east.logo.data
        assert 'src="assets/kit/logos/eastside.png" alt="Eastside Community Clinic"' in job.html
    # A new logo is a new render of every flyer that shows it.
    other = flyer_jobs(logo_png((20, 90, 200)))
    assert all(other[path][0] != key for path, (key, _job) in jobs.items())
    # The coalition's own flyers carry no partner logo.
    coalition = Planner(snapshot, PlanOptions(formats=("flyer",)), env)
    for artifact in coalition.language(config.language("es")).artifacts:
        assert "logos/eastside" not in artifact.work.html  # type: ignore[union-attr]


def test_a_new_phone_number_renders_that_partners_files_again_and_nothing_else(
        tmp_path: Path, epoch: str) -> None:
    kit = partner_kit(tmp_path / "kit")
    first = build_kit(kit, formats=FORMATS, jobs=2)
    before = tree(first.out)
    csv = kit / "partners.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("(555) 010-0177", "(555) 010-0188"),
                   encoding="utf-8")
    second = build_kit(kit, formats=FORMATS, jobs=2)
    assert second.counts["rendered"] == 4  # Westside's four flyers, and no other
    changed = {path for path, data in tree(second.out).items() if before.get(path) != data}
    assert changed and all(path.startswith("partners/westside/") for path in changed)
    assert "(555) 010-0188" in pdf_text(second.out / "partners/westside/en/community/"
                                        "ask-how-your-information-is-used.pdf")


def test_a_partner_build_makes_that_kit_and_keeps_the_rest(tmp_path: Path, epoch: str) -> None:
    kit = partner_kit(tmp_path / "kit")
    first = build_kit(kit, formats=FORMATS, jobs=2)
    before = tree(first.out)
    csv = kit / "partners.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_text(text.replace("(555) 010-0142", "(555) 010-0143")
                   .replace("(555) 010-0177", "(555) 010-0178"), encoding="utf-8")
    result = build_kit(kit, formats=FORMATS, jobs=2, partners=("eastside",))
    assert result.counts["rendered"] == 2
    after = tree(result.out)
    assert set(after) == set(before)
    changed = {path for path in after if after[path] != before[path]}
    assert changed and all(path.startswith("partners/eastside/") for path in changed)
    assert "(555) 010-0177" in pdf_text(result.out / "partners/westside/en/community/"
                                        "ask-how-your-information-is-used.pdf")
    assert [p["id"] for p in manifest(result.out)["partners"]] == ["eastside", "westside"]

    with pytest.raises(OutreachError) as error:
        build_kit(kit, formats=FORMATS, partners=("northside",))
    assert str(error.value) == ("--partner: 'northside' is not a partner of this kit; "
                                "partners.csv lists eastside, westside")


def test_a_partner_taken_off_the_list_loses_its_kit(tmp_path: Path, epoch: str) -> None:
    kit = partner_kit(tmp_path / "kit")
    first = build_kit(kit, formats=("html",), jobs=1)
    assert (first.out / "partners/westside/index.html").is_file()
    csv = kit / "partners.csv"
    csv.write_text("\n".join(csv.read_text(encoding="utf-8").splitlines()[:2]) + "\n",
                   encoding="utf-8")
    second = build_kit(kit, formats=("html",), jobs=1)
    assert not (second.out / "partners/westside").exists()
    assert (second.out / "partners/eastside/index.html").is_file()
    assert "westside" not in (second.out / "index.html").read_text(encoding="utf-8")


def test_partner_kits_in_folders_of_their_own(tmp_path: Path, epoch: str) -> None:
    kit = partner_kit(tmp_path / "kit")
    result = build_kit(kit, formats=("html",), jobs=1, out=tmp_path / "site",
                       partner_out=tmp_path / "partner-kits")
    assert not (tmp_path / "site/partners").exists()
    for partner in ("eastside", "westside"):
        folder = tmp_path / "partner-kits" / partner
        assert manifest(folder)["partner"]["id"] == partner
        assert (folder / "index.html").is_file()
    index = (result.out / "index.html").read_text(encoding="utf-8")
    assert 'href="../partner-kits/eastside/index.html"' in index
    # Built again, nothing changes: each folder is an output of its own.
    again = build_kit(kit, formats=("html",), jobs=1, out=tmp_path / "site",
                      partner_out=tmp_path / "partner-kits")
    assert again.made == ()


# --- the partner list ------------------------------------------------------------------------


BAD_ROWS = """\
id,name,phone,email,website,logo,languages
eastside,Eastside Community Clinic,(555) 010-0142,hi@eastside.example,,logos/eastside.png,es
eastside,Eastside Again,(555) 010-0143,again@eastside.example,,,
Westside Legal,Westside Legal Aid,call us,help@westside,westside.example,,
northside,Northside Health,(555) 010-0150,,,logos/northside.png,"en, fr"
southside,Southside Family Center,(555) 010-0160,hello@south.example,,logos/notes.txt,
"""


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    import subprocess
    import sys

    kit = partner_kit(tmp_path / "kit", partners=BAD_ROWS)
    (kit / "logos/notes.txt").write_text("not a logo", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--kit", str(kit)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: partners.csv:3: id: 'eastside' is already used (partners.csv:2); every "
        "partner needs its own id",
        "error: partners.csv:4: id: 'Westside Legal' must be lowercase letters, digits and "
        "hyphens (it names the folder partners/<id>/), such as 'westside-legal'",
        "error: partners.csv:4: phone: 'call us' is not a phone number; write it with digits, "
        "spaces and ( ) - + . only, such as (555) 010-0199",
        "error: partners.csv:4: email: 'help@westside' does not look like an email address",
        "error: partners.csv:4: website: 'westside.example' must be a web address starting "
        "with http:// or https://",
        "error: partners.csv:5: email: missing, but the messages print it ({email}); fill it in",
        "error: partners.csv:5: logo: logos/northside.png: not found",
        "error: partners.csv:5: languages: 'fr' is not one of the kit's languages (en, es); "
        "add it to kit.languages or remove it here",
        "error: partners.csv:6: logo: logos/notes.txt is not a PNG, JPEG, GIF, WebP or SVG "
        "image; save it as PNG, JPEG, GIF, WebP or SVG",
    ]
    assert "Traceback" not in result.stderr
    assert not (kit / "build").exists()


def test_the_list_may_be_in_outreach_toml_instead(tmp_path: Path) -> None:
    kit = partner_kit(tmp_path / "kit")
    from_csv = read_partners(load_config(kit))
    (kit / "partners.csv").unlink()
    config = kit / "outreach.toml"
    config.write_text(config.read_text(encoding="utf-8") + """
[[partners]]
id = "eastside"
name = "Eastside Community Clinic"
phone = "(555) 010-0142"
email = "hi@eastside.example"
website = "https://eastside.example"
logo = "logos/eastside.png"
languages = ["es"]

[[partners]]
id = "westside"
name = "Westside Legal Aid"
phone = "(555) 010-0177"
email = "help@westside.example"
""", encoding="utf-8")
    from_toml = read_partners(load_config(kit))
    assert [(p.id, p.name, p.phone, p.email, p.website, p.languages, p.logo)
            for p in from_toml] == [(p.id, p.name, p.phone, p.email, p.website, p.languages,
                                     p.logo) for p in from_csv]

    config.write_text(config.read_text(encoding="utf-8") + '\n[[partners]]\nid = "x"\n'
                      'name = "X"\nphone = 5550100\nfax = "1"\n', encoding="utf-8")
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(kit), {"phone"})
    written = config.read_text(encoding="utf-8").split("\n")
    fax, phone = written.index('fax = "1"') + 1, written.index("phone = 5550100") + 1
    assert [str(p) for p in error.value.problems] == [  # in the order of the file
        f"outreach.toml:{phone}: partners[2].phone: must be text",
        f"outreach.toml:{phone}: partners[2].phone: missing, but the messages print it "
        "({phone}); fill it in",
        f"outreach.toml:{fax}: partners[2].fax: unknown key; the keys are id, name, phone, "
        "email, website, logo, languages"]

    (kit / "partners.csv").write_text("id,name\n", encoding="utf-8")
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(kit))
    assert str(error.value) == ("partners.csv: the kit lists partners here and in "
                                "outreach.toml ([[partners]]); keep one of the two lists")


@pytest.mark.parametrize(("header", "expected"), [
    ("", "partners.csv:1: empty; its first line names the columns: "
         "id,name,phone,email,website,logo,languages"),
    ("id,name,fax\n", "partners.csv:1: unknown column 'fax'; the columns are id, name, phone, "
                      "email, website, logo, languages"),
    ("name,phone\n", "partners.csv:1: no 'id' column; the first line names the columns: "
                     "id,name,phone,email,website,logo,languages"),
    ('id,name\na,"A, B",c\n', "partners.csv:2: 3 cells, but the first line names 2 columns; "
                             'quote a value that holds a comma ("Smith, Jones and Co")'),
])
def test_a_broken_list_says_what_to_fix(tmp_path: Path, header: str, expected: str) -> None:
    kit = partner_kit(tmp_path / "kit", partners=header)
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(kit))
    assert str(error.value) == expected


def test_logos_are_read_only_from_inside_the_kit(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(logo_png())
    kit = partner_kit(tmp_path / "kit", partners=(
        "id,name,logo\na,A,../secret.png\nb,B,logos/link.png\nc,C,logos/fake.png\n"
        "d,D,logos/mark.svg\n"))
    (kit / "logos/link.png").symlink_to(outside)
    (kit / "logos/fake.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # not a real PNG
    (kit / "logos/mark.svg").write_text('<?xml version="1.0"?>\n<!-- mark -->\n<svg xmlns='
                                        '"http://www.w3.org/2000/svg" width="10" height="10"/>',
                                        encoding="utf-8")
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(kit))
    assert [str(p) for p in error.value.problems] == [
        "partners.csv:2: logo: '../secret.png' leads outside the kit; copy the image into the "
        "kit and name it from the kit folder, such as 'images/logo.svg'",
        f"partners.csv:3: logo: logos/link.png: is a link to {outside}, outside kit/; outreach "
        "never reads or publishes files from outside the kit: copy the file into the kit "
        "instead",
        "partners.csv:4: logo: logos/fake.png is not a PNG, JPEG, GIF, WebP or SVG image; save "
        "it as PNG, JPEG, GIF, WebP or SVG"]
    (kit / "partners.csv").write_text("id,name,logo\nd,D,logos/mark.svg\n", encoding="utf-8")
    (partner,) = read_partners(load_config(kit))
    assert partner.logo is not None and partner.logo.kind == "svg"


def test_a_logo_that_does_not_decode_or_is_enormous_is_one_line(tmp_path: Path) -> None:
    """Cut-short JPEG and GIF files, a PNG that claims a billion pixels, an SVG whose size is
    not a finite number: each is a line naming its row, never a traceback. So too in a process
    that has imported WeasyPrint (serve's), which tells Pillow to accept files cut short."""
    import io
    import struct
    import zlib

    import weasyprint  # noqa: F401
    from PIL import Image, ImageFile

    picture = Image.frombytes("RGB", (120, 80), bytes(range(256)) * 112 + bytes(128))
    files = {}
    for kind in ("JPEG", "GIF"):
        buffer = io.BytesIO()
        picture.save(buffer, kind)
        files[kind] = buffer.getvalue()[: buffer.tell() * 2 // 3]

    def chunk(name: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + name + data + struct.pack(
            ">I", zlib.crc32(name + data))

    files["bomb"] = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
        ">IIBBBBB", 40_000, 40_000, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b""))
    files["svg"] = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e999 10"/>'
    kit = partner_kit(tmp_path / "kit", partners="id,name,logo\n" + "".join(
        f"p{i},P{i},logos/{name}.img\n" for i, name in enumerate(files)))
    for name, data in files.items():
        (kit / f"logos/{name}.img").write_bytes(data)
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(kit))
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's own setting is left as it was
    assert [str(p) for p in error.value.problems] == [
        f"partners.csv:{i + 2}: logo: logos/{name}.img is not a PNG, JPEG, GIF, WebP or SVG "
        "image; save it as PNG, JPEG, GIF, WebP or SVG" for i, name in enumerate(files)
        if name != "svg"]


@pytest.mark.parametrize("where", ["build", "messages", ".", "translations/es"])
def test_partner_kits_never_go_where_the_kit_or_its_output_is(tmp_path: Path,
                                                              where: str) -> None:
    """Refused before anything is made: no lock file is left in the user's folders."""
    kit = partner_kit(tmp_path / "kit")
    before = sorted(p.relative_to(kit) for p in kit.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--format", "html",
                             "--jobs", "1", "--partner-out", where], cwd=kit, text=True,
                            capture_output=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"error: {where}: ")
    assert sorted(p.relative_to(kit) for p in kit.rglob("*")) == before


def csv_problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(OutreachError) as error:
        read_partners(load_config(partner_kit(tmp_path / "kit", partners=text)))
    return [str(p) for p in error.value.problems]


def test_a_column_named_twice_is_refused_not_half_read(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,name,phone,email,website,phone\n"
                        "acme,Acme,(555) 010-0100,a@example.org,https://a.example,\n") == [
        "partners.csv:1: the column 'phone' is named twice; keep one (the other's values would "
        "be lost)"]


def test_a_quote_left_open_is_one_line_at_the_row_it_opens(tmp_path: Path) -> None:
    assert csv_problems(tmp_path, "id,name,phone,email,website\n"
                        'acme,"Acme,(555) 010-0100,a@example.org,https://a.example\n'
                        "beta,Beta,(555) 010-0101,b@example.org,https://b.example\n") == [
        "partners.csv:2: a value in quotes runs from this line to line 3: close its quote on "
        'this line (write "" for a quote inside a value)']
