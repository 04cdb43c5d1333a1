"""Rendering on a Dask cluster: a real local cluster (a scheduler and two worker processes).

The cluster's PDFs must be byte for byte the local workers'; a worker that dies mid-run costs
nothing but time; a worker set up differently refuses; a failed render changes nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from helpers import EPOCH, build_kit, partner_kit

from outreach.build import BuildOptions, Progress
from outreach.build import build as run_build
from outreach.errors import OutreachError
from outreach.kit.config import load_config


def published(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".outreach" not in p.relative_to(folder).parts}


def outreach(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True,
                          text=True, check=False, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "CI": "1", "SOURCE_DATE_EPOCH": EPOCH,
                               **env})


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return partner_kit(tmp_path_factory.mktemp("dask") / "kit")


@pytest.fixture(scope="module")
def local_build(kit: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build_kit(kit, out=out, formats=("html", "flyer"), jobs=2, use_cache=False)
    return out


def test_the_cluster_renders_the_same_bytes_as_local_workers(
        cluster: LocalCluster, kit: Path, local_build: Path, tmp_path: Path) -> None:
    result = outreach("build", "--kit", str(kit), "--out", str(tmp_path / "out"), "--format",
                      "html", "--format", "flyer", "--no-cache", "--executor", "dask",
                      "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.stderr
    assert "10 rendered" in result.stdout  # every flyer of the three kits, on the cluster
    assert published(tmp_path / "out") == published(local_build)


def test_a_worker_that_dies_mid_run_costs_only_time(cluster: LocalCluster, kit: Path,
                                                   local_build: Path, tmp_path: Path,
                                                   epoch: str) -> None:
    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed: list[int] = []

    def kill_one(progress: Progress) -> None:
        if progress.rendered and not killed:  # renders are on their way to both workers
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    result = run_build(load_config(kit), BuildOptions(
        out=tmp_path / "out", formats=("html", "flyer"), use_cache=False,
        scheduler=cluster.scheduler_address), progress=kill_one)
    assert killed and result.counts["rendered"] == 10
    assert published(result.out) == published(local_build)
    with Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=60)
        assert victim not in client.run(os.getpid).values()  # a new worker took its place


def test_a_worker_with_other_fonts_refuses(kit: Path, tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    font = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"))
    (fonts / "Extra.ttf").write_bytes(font.read_bytes())
    config = tmp_path / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>
""", encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0", env={"FONTCONFIG_FILE": str(config)}) as other:
        result = outreach("build", "--kit", str(kit), "--out", str(tmp_path / "out"),
                          "--format", "flyer", "--no-cache", "--executor", "dask",
                          "--scheduler", other.scheduler_address)
        (address,) = other.scheduler_info["workers"]
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: --scheduler: the Dask worker {address} has other fonts than this machine, so "
        "its PDFs would not be the ones their content keys name; install the same outreach "
        "release and font packages on every worker (outreach doctor lists the fonts)"]
    assert not (tmp_path / "out").exists()


def test_a_failed_render_on_the_cluster_changes_nothing(cluster: LocalCluster, kit: Path,
                                                       local_build: Path, tmp_path: Path,
                                                       epoch: str) -> None:
    out = tmp_path / "out"
    build_kit(kit, out=out, formats=("html", "flyer"), jobs=2)
    before = published(out)
    message = kit / "messages/community/ask-how-your-information-is-used.md"
    original = message.read_text(encoding="utf-8")
    try:
        message.write_text(original + "\n" + "\n\n".join(["Every family is welcome here. " * 12]
                                                        * 12), encoding="utf-8")
        with pytest.raises(OutreachError) as error:
            run_build(load_config(kit), BuildOptions(out=out, languages=("en",),
                                                     formats=("flyer",), use_cache=False,
                                                     scheduler=cluster.scheduler_address))
    finally:
        message.write_text(original, encoding="utf-8")
    assert "does not fit on one page" in str(error.value)
    assert published(out) == before


def test_a_cluster_that_cannot_be_reached_or_used_is_one_line(kit: Path, tmp_path: Path
                                                              ) -> None:
    result = outreach("build", "--kit", str(kit), "--out", str(tmp_path / "out"), "--executor",
                      "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: --scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (Timed out "
        "trying to connect to tcp://127.0.0.1:9 after 10 s); start one with 'dask scheduler' "
        "and its workers with 'dask worker tcp://127.0.0.1:9', or check the address"]
    assert not (tmp_path / "out").exists()

    without = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['distributed'] = None; "
         "from outreach.cli import main; sys.argv[0] = 'outreach'; main()", "build", "--kit",
         str(kit), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"],
        capture_output=True, text=True, check=False)
    assert without.returncode == 2
    assert without.stderr == ("error: --executor: dask needs the 'distributed' package, which "
                              "is not installed; install it with pip install "
                              "'outreach[dask]'\n")

    assert outreach("build", "--kit", str(kit), "--executor", "dask").stderr == (
        "error: --executor: dask needs --scheduler, the address of the cluster's scheduler "
        "(such as tcp://10.0.0.5:8786)\n")
