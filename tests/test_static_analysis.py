"""Static analysis as tests: bandit over the app code (no medium or high finding, and every
exception written on its line with `# nosec` and the reason), and pip-audit over the pinned
requirements (requirements-dev.txt, which includes requirements.txt) wherever its
vulnerability database answers; where it does not, the test is reported as skipped with
"not run", never as passed."""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Not app code: the environment, front-end packages, run-time data, tests and the benchmark.
EXCLUDED = [".venv", "node_modules", "var", "static", "staticfiles", "tests", "bench"]
PRAGMAS = re.compile(r"#|noqa:?|nosec|\b[A-Z]+\d+\b|[(),—:-]")


def _app_files() -> list[Path]:
    return [
        path for path in ROOT.rglob("*.py") if not set(path.relative_to(ROOT).parts) & set(EXCLUDED)
    ]


def test_bandit_finds_nothing_of_medium_or_high_severity():
    excluded = ",".join(f"./{name}" for name in EXCLUDED)
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", ".", "-x", excluded, "-ll", "-q", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_severity']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []
    assert report["errors"] == []
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it did read the app


def test_every_nosec_gives_its_reason():
    unexplained = []
    for path in _app_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "# nosec" not in line:
                continue
            comments = line[line.index("#") :]
            if len(PRAGMAS.sub(" ", comments).split()) < 2:
                unexplained.append(f"{path.relative_to(ROOT)}:{number}")
    assert unexplained == []


def _pinned(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith(f"{name.lower()}=="):
            return line.split("==", 1)[1]
    raise AssertionError(f"{name} is not pinned in requirements.txt")


def _vulnerability_database_unreachable() -> str:
    """Why pip-audit cannot run here, or "" when PyPI answers for a pinned release."""
    url = f"https://pypi.org/pypi/django/{_pinned('Django')}/json"
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            data = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"{url}: {error}"
    if "vulnerabilities" not in data:
        return f"{url} answers without vulnerability data"
    return ""


def test_pip_audit_strict_over_the_requirements():
    unreachable = _vulnerability_database_unreachable()
    if unreachable:
        pytest.skip(f"pip-audit not run: the vulnerability database is unreachable ({unreachable})")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip_audit", "--strict", "--no-deps", "--disable-pip"),
            *("--requirement", "requirements-dev.txt", "--progress-spinner", "off"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0 and "could not be audited" in output:
        pytest.skip(f"pip-audit not run: the database lacks some releases ({output[-300:]})")
    assert result.returncode == 0, output
