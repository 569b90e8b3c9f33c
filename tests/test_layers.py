"""The layering rules, read from the source: the Swiss Ephemeris is called by the engine
alone, the `luna` package never imports Rasa, and everything outside the engine uses it
through its one public API (luna/astrology/__init__.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import luna.astrology as astrology

ROOT = Path(__file__).resolve().parent.parent
# Project code, as opposed to tests and benchmarks (which measure the library itself).
SOURCE_DIRS = ("luna", "actions", "stores", "channels", "nlu", "rasa_sdk_plugins", "scripts", "security")
ENGINE = ROOT / "luna" / "astrology"
# The engine's only doors to the library: the calls, and the named constants.
SWISSEPH_ALLOWED = {ENGINE / "ephemeris.py", ENGINE / "conventions.py"}
RASA_MODULES = ("rasa", "rasa_sdk", "sanic")


def source_files() -> list[Path]:
    return sorted(path for folder in SOURCE_DIRS for path in (ROOT / folder).rglob("*.py"))


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, nested ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                package = path.relative_to(ROOT).parts[:-1]
                base = list(package[: len(package) - node.level + 1])
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from luna.astrology import chart` names a module too (but `panchang` and
            # `transits` are the API's functions of the same name).
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names
                         if (ROOT / Path(*module.split("."), alias.name)).with_suffix(".py").exists()
                         and not (module == "luna.astrology" and alias.name in astrology.__all__))
    return found


def offenders(paths, wanted) -> list[str]:
    return [f"{path}:{line} imports {module}"
            for path in paths for line, module in imported_modules(path) if wanted(module)]


def test_the_source_tree_is_where_the_rules_look():
    files = source_files()
    assert ENGINE / "chart.py" in files and ROOT / "actions" / "server_extensions.py" in files
    assert SWISSEPH_ALLOWED <= set(files)


def test_only_the_engine_calls_the_swiss_ephemeris():
    outside = [path for path in source_files() if path not in SWISSEPH_ALLOWED]
    assert offenders(outside, lambda module: module.split(".")[0] == "swisseph") == []


@pytest.mark.parametrize("package", ["luna"])
def test_luna_never_imports_rasa(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert offenders(files, lambda module: module.split(".")[0] in RASA_MODULES) == []


def test_everything_outside_the_engine_uses_its_public_api():
    outside = [path for path in source_files() if ENGINE not in path.parents]
    assert offenders(outside, lambda module: module.startswith("luna.astrology.")) == []


def test_the_checks_would_catch_an_offender(tmp_path):
    # The rules above pass only if they can fail: a module that breaks all three, with
    # its imports tucked inside a function as lazy imports are.
    bad = tmp_path / "probe.py"
    bad.write_text("def f():\n    import swisseph.something\n    from rasa_sdk import Action\n"
                   "    from luna.astrology import chart\n", encoding="utf-8")
    assert offenders([bad], lambda module: module.split(".")[0] == "swisseph")
    assert offenders([bad], lambda module: module.split(".")[0] in RASA_MODULES)
    assert offenders([bad], lambda module: module.startswith("luna.astrology."))
