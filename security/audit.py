"""Known advisories in Luna's lock files, checked with pip-audit.

    python security/audit.py actions/requirements.lock requirements-rasa.lock

Each lock file is audited on its own (`pip-audit --require-hashes --disable-pip`: the lock
is read as it is, nothing is resolved or installed). An advisory fails the audit unless
`security/audit-ignore.txt` lists it for that lock file with the reason it cannot be fixed
there (Rasa 3.6.21 pins old libraries). Ignored advisories are reported on every run, and a
listed advisory that no longer appears is reported as stale, so the list stays honest.

A package the advisory service gave no answer for was not audited. That is never a pass:
it is reported, and it fails the audit unless `--allow-unaudited` is given (`make test`
gives it, so CI on a machine that cannot reach the service still runs the other tests;
`make audit` does not). Socket timeouts and a deadline per lock file keep a slow service
from hanging CI.

Exit status: 0 clean (or only ignored advisories), 1 an advisory not in the ignore list,
2 not audited (without `--allow-unaudited`) or a malformed ignore list.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_IGNORE_FILE = Path(__file__).with_name("audit-ignore.txt")
SOCKET_TIMEOUT_SECONDS = 20
LOCK_DEADLINE_SECONDS = 300
PYPI_JSON_API = "https://pypi.org/pypi/<name>/<version>/json"


class IgnoreFileError(ValueError):
    """The ignore list has a line without a lock file, an advisory id, a package or a reason."""


@dataclass(frozen=True)
class Ignored:
    lock: str
    advisory: str
    package: str
    reason: str


@dataclass(frozen=True)
class Advisory:
    package: str
    version: str
    ids: tuple[str, ...]
    fix_versions: tuple[str, ...]
    description: str

    def line(self) -> str:
        fixed = ", ".join(self.fix_versions) or "no fixed version"
        return f"{self.package} {self.version}  {' / '.join(self.ids)}  (fixed in: {fixed})"


@dataclass
class LockReport:
    lock: str
    packages: int = 0
    advisories: list[Advisory] = field(default_factory=list)
    unaudited: dict[str, str] = field(default_factory=dict)  # package -> why
    failure: str | None = None  # pip-audit gave no report at all


def read_ignore_file(path: Path) -> list[Ignored]:
    """Lines `<lock file> <advisory id> <package> <reason...>`; lines starting with `#` are comments."""
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 4:
            raise IgnoreFileError(f"{path}:{number}: expected '<lock file> <advisory id> <package> <reason>'")
        lock, advisory, package, reason = parts
        entries.append(Ignored(os.path.normpath(lock), advisory, package.lower(), reason))
    return entries


def run_pip_audit(lock: str, pip_audit_args: list[str], deadline: float) -> LockReport:
    report = LockReport(lock)
    command = [
        sys.executable, "-m", "pip_audit",
        "--requirement", lock, "--require-hashes", "--disable-pip",
        "--format", "json", "--progress-spinner", "off",
        *pip_audit_args,
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=deadline, check=False)
    except subprocess.TimeoutExpired:
        report.failure = f"pip-audit did not finish within {deadline:.0f} s"
        return report
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        # pip-audit aborts with a traceback when the service cannot be reached or times out.
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        report.failure = f"pip-audit gave no report: {last}"
        return report
    for dependency in result.get("dependencies", []):
        report.packages += 1
        name = dependency["name"].lower()
        if "skip_reason" in dependency:
            report.unaudited[name] = dependency["skip_reason"]
            continue
        for vuln in dependency.get("vulns", []):
            report.advisories.append(
                Advisory(
                    package=name,
                    version=dependency["version"],
                    ids=(vuln["id"], *vuln.get("aliases", [])),
                    fix_versions=tuple(vuln.get("fix_versions", [])),
                    description=vuln.get("description", ""),
                )
            )
    return report


def is_ignored(advisory: Advisory, lock: str, ignores: list[Ignored]) -> Ignored | None:
    for entry in ignores:
        if entry.lock == lock and entry.package == advisory.package and entry.advisory in advisory.ids:
            return entry
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locks", nargs="+", help="lock files (hashed requirements) to audit")
    parser.add_argument("--ignore-file", type=Path, default=DEFAULT_IGNORE_FILE)
    parser.add_argument(
        "--allow-unaudited", action="store_true", help="report packages the service gave no answer for, without failing"
    )
    parser.add_argument("--timeout", type=int, default=SOCKET_TIMEOUT_SECONDS, help="socket timeout (s)")
    parser.add_argument(
        "--deadline", type=float, default=LOCK_DEADLINE_SECONDS, help="the longest one lock file's audit may take (s)"
    )
    parser.add_argument("--osv-url", help="query an OSV API at this URL instead of PyPI's JSON API")
    args = parser.parse_args(argv)

    try:
        ignores = read_ignore_file(args.ignore_file)
    except (OSError, IgnoreFileError) as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    service = (
        ["--vulnerability-service", "osv", "--osv-url", args.osv_url]
        if args.osv_url
        else ["--vulnerability-service", "pypi"]
    )
    pip_audit_args = [*service, "--timeout", str(args.timeout)]

    new: list[tuple[str, Advisory]] = []
    unaudited = False
    for lock in (os.path.normpath(path) for path in args.locks):
        report = run_pip_audit(lock, pip_audit_args, args.deadline)
        if report.failure:
            unaudited = True
            print(f"{lock}: NOT AUDITED: {report.failure}")
            continue
        audited = report.packages - len(report.unaudited)
        print(f"{lock}: {audited} of {report.packages} packages audited, {len(report.advisories)} advisories")
        if report.unaudited:
            unaudited = True
            names = "all of them" if audited == 0 else ", ".join(sorted(report.unaudited))
            print(f"  NOT AUDITED ({len(report.unaudited)}): {names}")
            print(f"  e.g. {min(report.unaudited.values())}")
            print(f"  (pip-audit asks {PYPI_JSON_API}; a package that is on PyPI but 'not found' there")
            print("  means that endpoint cannot be reached from this machine)")
        seen: set[Ignored] = set()
        for advisory in report.advisories:
            entry = is_ignored(advisory, lock, ignores)
            if entry is None:
                new.append((lock, advisory))
                continue
            seen.add(entry)
            print(f"  ignored: {advisory.line()}\n           because {entry.reason}")
        for entry in ignores:
            if entry.lock == lock and entry not in seen and entry.package not in report.unaudited:
                print(f"  stale ignore entry (no longer reported): {entry.advisory} {entry.package}")

    if new:
        print(f"\nAdvisories not listed in {args.ignore_file} (bump the pin, or list it with the reason):")
        for lock, advisory in new:
            print(f"  {lock}: {advisory.line()}\n      {advisory.description[:200]}")
        return 1
    if unaudited:
        if args.allow_unaudited:
            print("\nWARNING: some packages were not audited (the advisory service gave no answer).")
            return 0
        print("\nFAILED: some packages were not audited (the advisory service gave no answer).")
        return 2
    print("\nNo advisories beyond the ignore list.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
