"""What a person sees of a large build: progress on a terminal and in CI logs, and the summary;
and how the build's options for partners, shards and clusters map onto the library."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

from helpers import EPOCH, partner_kit
from typer.testing import CliRunner

from outreach.build import BuildOptions, KitDone, Progress
from outreach.cli import app
from outreach.cli.progress import Bar, Rate

runner = CliRunner()


def test_partner_options_map_onto_build_options(tmp_path: Path) -> None:
    kit = partner_kit(tmp_path / "kit")
    with mock.patch("outreach.build.build") as build:
        result = runner.invoke(app, ["build", "--kit", str(kit), "--partner", "eastside",
                                     "-p", "westside", "--partner-out", str(tmp_path / "p"),
                                     "--shard", "2/8", "--executor", "dask", "--scheduler",
                                     "tcp://10.0.0.5:8786", "-q"])
    assert result.exit_code == 0, result.output
    _config, options = build.call_args.args
    assert options == BuildOptions(partners=("eastside", "westside"),
                                   partner_out=tmp_path / "p", shard="2/8",
                                   scheduler="tcp://10.0.0.5:8786")
    for args, error in ((["--executor", "ray"], "error: --executor: 'ray' is not an executor; "
                                                "choose local or dask\n"),
                        (["--scheduler", "tcp://x:1"], "error: --scheduler: is for --executor "
                                                       "dask\n")):
        with mock.patch("outreach.build.build") as build:
            result = runner.invoke(app, ["build", "--kit", str(kit), *args])
        assert (result.exit_code, result.output) == (2, error)
        build.assert_not_called()


def test_ci_logs_get_a_line_per_partner_and_a_summary_per_format(tmp_path: Path) -> None:
    kit = partner_kit(tmp_path / "kit")
    result = subprocess.run([sys.executable, "-m", "outreach", "build", "--kit", str(kit),
                             "--format", "html", "--format", "flyer", "--jobs", "2"],
                            capture_output=True, text=True, check=False,
                            env={"CI": "true", "PATH": "/usr/bin:/bin",
                                 "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    log = result.stderr.splitlines()
    done = sorted(line for line in log if line.startswith("partner "))
    # Eastside: five assets, its home page, two web pages, two flyers with their previews.
    assert re.fullmatch(r"partner eastside done: \d+ files \(2 rendered\) in [\d.]+ s", done[0])
    assert re.fullmatch(r"partner westside done: \d+ files \(4 rendered\) in [\d.]+ s", done[1])
    last = [line for line in log if line.startswith("built ")][-1]
    assert re.fullmatch(r"built 20/20 files, 10 rendered \(.+\), [\d.]+ files/s, 0:00 left",
                        last), last
    summary = result.stdout.splitlines()
    assert summary[0].startswith("Built 5 web pages, 4 flyers for 2 languages (en, es) and 2 "
                                 "audiences into ")
    assert summary[1] == ("Partner kits: 2 (eastside, westside) in "
                          f"{kit / 'build/partners'}/, with 8 web pages, 6 flyers.")
    assert re.fullmatch(r"Time: read and check [\d.]+ s, plan and render [\d.]+ s, "
                        r"write [\d.]+ s\.", summary[2])


def test_the_rate_and_time_left_come_from_the_last_half_minute() -> None:
    now = [0.0]
    rate = Rate(clock=lambda: now[0])
    for second in range(1, 61):  # a slow start: one file a second for a minute
        now[0] = float(second)
        rate.add(second)
    assert rate.per_second() == 1.0
    assert rate.left(90) == "1:30"
    for second in range(61, 91):  # then five a second: the estimate follows within 30 s
        now[0] = float(second)
        rate.add(60 + 5 * (second - 60))
    assert rate.per_second() == 5.0
    assert rate.left(18000) == "1:00:00"
    assert rate.left(0) == "0:00"


def test_the_terminal_bar_shows_done_total_rate_and_time_left() -> None:
    stream = io.StringIO()
    bar = Bar(stream, width=10)
    bar.update(Progress(5, 20, "es/community.pdf", rendered=True, partner="eastside"))
    bar.update(Progress(20, 20, "eastside", partner="eastside", finished=KitDone(
        "eastside", 20, {"rendered": 20}, 3.0)))
    bar.close()
    lines = [line.strip() for line in stream.getvalue().split("\r") if line.strip()]
    assert re.fullmatch(r"Building \[##--------\] 5/20 [\d.]+/s (\S+) left  "
                        r"eastside: es/community.pdf", lines[0]), lines[0]
    assert lines[-1].startswith("Building [##########] 20/20 ")
    assert stream.getvalue().endswith("\n")
