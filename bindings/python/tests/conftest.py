"""Shared fixtures: where the sources, the example data and the CLI are.

ctest sets SCORE_SOURCE_DIR and SCORE_CLI (the `score` built beside this
package); run by hand, the defaults assume the build tree build/.
"""

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("SCORE_SOURCE_DIR", Path(__file__).resolve().parents[3]))
CLI = os.environ.get("SCORE_CLI", str(SOURCE_DIR / "build" / "tools" / "score"))
DISTRICT = SOURCE_DIR / "examples" / "data" / "district"
BUILTINS = ["meihao-xiangcun", "zuzhi-zhenxing", "renju-huanjing", "dangzuzhi-pingxing",
            "dangyuan-jifen"]


def district(ruleset_id: str) -> Path:
    """The example district's data file for a built-in ruleset."""
    return DISTRICT / f"{ruleset_id}.csv"


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the `score` CLI; its stdout and stderr as text."""
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"score {' '.join(map(str, args))}: {proc.stderr}")
    return proc


def cli_csv(*args: str) -> list:
    """The CLI's CSV output as a list of dicts (every value a string)."""
    return list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))


@pytest.fixture(params=BUILTINS)
def builtin_id(request) -> str:
    return request.param
