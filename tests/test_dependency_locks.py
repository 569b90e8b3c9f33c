"""The lock files cover what the human-edited pins install, and every locked line is hashed.

The Makefile installs both environments from the lock files with `pip install
--require-hashes`; a pin edited in an input file without `make lock` would otherwise be
ignored on every machine that installs from the lock.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
# Each lock file and the input files it is generated from (see `make lock`).
LOCKS = {
    "actions/requirements.lock": ["actions/requirements.txt", "requirements-dev.txt"],
    "requirements-rasa.lock": ["requirements-rasa.txt"],
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def read_lock(path: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from uv's/pip-compile's `name==version \\ --hash=...` blocks."""
    text = (ROOT / path).read_text(encoding="utf-8")
    entries: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=\S)", text):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        match = PIN.match(block)
        assert match, f"{path}: not an exact pin: {block.splitlines()[0]}"
        hashes = re.findall(r"--hash=(sha256:[0-9a-f]{64})", block)
        entries[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return entries


def read_pins(path: str) -> dict[str, str]:
    pins = {}
    for raw in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{path}: every input is an exact pin: {line}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock):
    entries = read_lock(lock)
    assert entries
    unhashed = sorted(name for name, (_, hashes) in entries.items() if not hashes)
    assert unhashed == [], f"{lock}: no --hash for {unhashed}"


@pytest.mark.parametrize("lock", LOCKS)
def test_the_lock_says_how_to_regenerate_it(lock):
    assert "make lock" in (ROOT / lock).read_text(encoding="utf-8").split("\n\n")[0]


@pytest.mark.parametrize(("lock", "inputs"), LOCKS.items())
def test_every_input_pin_is_locked_at_the_same_version(lock, inputs):
    locked = read_lock(lock)
    stale = {}
    for path in inputs:
        for name, version in read_pins(path).items():
            if name not in locked or Version(locked[name][0]) != Version(version):
                stale[f"{path}: {name}=={version}"] = locked.get(name, ("missing",))[0]
    assert stale == {}, f"run `make lock`: {lock} disagrees with {stale}"


def test_the_luna_package_dependencies_are_met_by_the_actions_lock():
    # Luna is installed with --no-deps; the lock must satisfy what pyproject.toml declares.
    project = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["postgresql"]
    locked = read_lock("actions/requirements.lock")
    unmet = []
    for text in declared:
        requirement = Requirement(text)
        version = locked.get(canonicalize_name(requirement.name), (None,))[0]
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{text} (locked: {version})")
    assert unmet == []


def test_the_installer_pin_is_the_makefiles():
    # The Makefile upgrades pip to an exact version before installing the lock; the lock
    # (pip sits under pip-audit) must not move it again.
    makefile_pip = set(re.findall(r"pip==([0-9.]+)", (ROOT / "Makefile").read_text(encoding="utf-8")))
    assert makefile_pip == {read_lock("actions/requirements.lock")["pip"][0]}
