"""`make prod-check` is part of the suite: production mode is tested wherever `make test` runs."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_make_prod_check_passes():
    if shutil.which("make") is None:
        pytest.fail("GNU make is required (README prerequisites)")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        ["make", "--no-print-directory", "prod-check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert "prod-check: all checks passed" in output
    assert "FAIL" not in output
