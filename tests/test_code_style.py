"""ruff keeps the code in one style; a lint failure fails the suite like any other defect."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_clean():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout
