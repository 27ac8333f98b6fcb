"""The README's command examples run as written from a fresh shell (issue 15: the
send_reminders example failed outside make without DEBUG=true)."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.MULTILINE))
    named = set(re.findall(r"\bmake ([a-z][a-z-]*)", README))
    assert {"manage", "shell", "test", "run"} <= named
    assert named <= targets, named - targets


def test_no_bare_manage_py_example_outside_the_deploy_steps():
    """Outside *Deploying* (whose first step loads the env file) every command example goes
    through make, which sets DEBUG; a bare `.venv/bin/python manage.py` would stop on
    SECRET_KEY, and so would `manage.py …` in running text."""
    before_deploy = README.split("## Deploying")[0]
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", before_deploy, re.DOTALL))
    assert "make manage" in blocks
    assert "manage.py" not in blocks
    assert not re.search(r"`manage\.py \w", before_deploy)


@pytest.mark.django_db
def test_the_reminders_example_runs_in_a_fresh_shell():
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("needs DATABASE_URL: the subprocess reads the test database through it")
    example = re.search(r'make manage ARGS="send_reminders[^"]*"', README).group(0)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    # A fresh shell: no DEBUG, no SECRET_KEY, only the services to use.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "DATABASE_URL": url}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    result = subprocess.run(
        ["bash", "-c", example], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pengingat akan dikirim" in result.stdout
