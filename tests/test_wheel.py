"""The installed package works on its own: wheel -> fresh venv -> `outreach new` -> build."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_scaffolds_and_builds_a_kit_outside_the_repository(tmp_path: Path) -> None:
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", REPO, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("outreach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "outreach/theme/templates/flyer.html" in names
    assert "outreach/skeleton/outreach.toml" in names
    assert "outreach/skeleton/gitignore" in names  # a new kit's .gitignore
    assert not any(name.startswith(("tests/", "messages/", "translations/")) for name in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        wheel, cwd=tmp_path)
    run(venv / "bin/outreach", "new", "my-kit", "--lang", "es", cwd=tmp_path)
    kit = tmp_path / "my-kit"
    result = run(venv / "bin/outreach", "build", "--lang", "en", cwd=kit)
    assert "Built 3 web pages, 2 audience sheets, 2 flyers for 1 language (en)" in result.stdout
    flyer = kit / "build/en/community/you-are-welcome-here.pdf"
    reader = PdfReader(flyer)
    assert len(reader.pages) == 1
    assert "You are welcome here" in reader.pages[0].extract_text()
