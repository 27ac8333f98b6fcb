"""The pinned requirements: requirements.txt is what the app runs on, requirements-dev.txt
adds the test and lint tools. Each file lists the packages it asks for first, then "Their
dependencies"; a dependency pin no listed package requires any more is a leftover."""

import re
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_TOOLS = {"pytest", "pytest-django", "ruff", "playwright", "factory-boy", "hypothesis"}
DEV_TOOLS |= {"bandit", "pip-audit"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(filename: str) -> tuple[list[str], list[str]]:
    """(asked for, their dependencies): the pinned names before and after the comment line
    that starts the dependencies."""
    asked, dependencies = [], []
    current = asked
    for line in (ROOT / filename).read_text().splitlines():
        if line.startswith("# Their dependencies"):
            current = dependencies
        elif "==" in line and not line.startswith("#"):
            current.append(_name(line.split("==", 1)[0]))
    return asked, dependencies


def _required_by(names: list[str]) -> set[str]:
    found = set()
    for name in names:
        try:
            lines = requires(name) or []
        except PackageNotFoundError:
            continue
        found |= {_name(re.split(r"[\s;<>=!~\[(]", line, maxsplit=1)[0]) for line in lines}
    return found


def test_runtime_requirements_hold_no_test_tool():
    asked, dependencies = _pins("requirements.txt")
    assert "django" in asked and "celery" in asked
    assert DEV_TOOLS.isdisjoint(asked + dependencies)
    assert "faker" not in dependencies
    dev_asked, dev_dependencies = _pins("requirements-dev.txt")
    assert set(dev_asked) >= DEV_TOOLS
    assert "faker" in dev_dependencies
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()


def test_every_dependency_pin_is_required_by_a_pinned_package():
    runtime = _pins("requirements.txt")
    dev = _pins("requirements-dev.txt")
    runtime_pins = runtime[0] + runtime[1]
    assert not set(dev[0] + dev[1]) & set(runtime_pins)  # pinned once
    for asked, dependencies, base in [(*runtime, []), (*dev, runtime_pins)]:
        needed = _required_by(asked + dependencies + base)
        leftovers = sorted(set(dependencies) - needed)
        assert leftovers == []
