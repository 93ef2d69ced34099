"""Check the virtual environment against the lock file, and repair what differs.

``requirements.txt`` holds the pins a person edits; ``requirements-lock.txt`` (made from
it by ``make lock``) pins the whole environment, every transitive dependency, with the
SHA-256 of each file that may be installed, so two machines get the same environment.
Every ``make book`` runs this script with the environment's own Python:

    .venv/bin/python tools/build_env.py requirements-lock.txt

It stops with a message when ``requirements.txt`` pins a version the lock does not
(the lock is out of date: ``make lock``); otherwise it checks that every distribution
the lock pins for this platform is installed at its version with all the files its
``RECORD`` lists, and reinstalls the ones that are not from the lock (hashes required,
no dependencies), so a package removed or damaged in ``.venv`` is put back instead of
failing deep inside a build with ``ModuleNotFoundError``.  Exit status 0 when the
environment matches the lock (after a repair or not), 1 otherwise.
"""

from __future__ import annotations

import csv
import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:
    from packaging.markers import Marker
    from packaging.utils import canonicalize_name
except ImportError:  # packaging itself removed from the environment: pip's own copy
    from pip._vendor.packaging.markers import Marker  # noqa: PLC2701
    from pip._vendor.packaging.utils import canonicalize_name  # noqa: PLC2701

ROOT = Path(__file__).resolve().parents[1]
PINS = ROOT / "requirements.txt"
LOCK = ROOT / "requirements-lock.txt"
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#\\]+)")


@dataclass(frozen=True)
class Pin:
    """One requirement of the lock: a distribution at one version, with its hashes."""

    name: str
    version: str
    marker: str | None
    line: str  # as in the lock, hashes included, continuations joined

    def applies(self) -> bool:
        """Whether this platform and Python install it (its environment marker holds)."""
        return self.marker is None or Marker(self.marker).evaluate()


def read_lock(lock: Path = LOCK) -> list[Pin]:
    """Return the lock's requirements (continuation lines joined, comments left out)."""
    pins, logical = [], ""
    for raw in lock.read_text().splitlines():
        text = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        logical += " " + text.rstrip("\\").strip()
        if text.endswith("\\"):
            continue
        if _PIN.match(logical):
            pins.append(_pin(logical.strip()))
        logical = ""
    return pins


def _pin(line: str) -> Pin:
    name, version = _PIN.match(line).groups()
    requirement = line.split(" --hash")[0]
    marker = requirement.split(";", 1)[1].strip() if ";" in requirement else None
    return Pin(canonicalize_name(name), version, marker, line)


def read_pins(path: Path = PINS) -> dict[str, str]:
    """Return ``requirements.txt``'s pins, ``{name: version}``."""
    found = (_PIN.match(line.split("#")[0]) for line in path.read_text().splitlines())
    return {canonicalize_name(match[1]): match[2] for match in found if match}


def stale_pins(pins: dict[str, str], lock: list[Pin]) -> list[str]:
    """Return the pins of ``requirements.txt`` that the lock does not hold at that version."""
    locked = {(pin.name, pin.version) for pin in lock}
    return [f"{name}=={version}" for name, version in pins.items() if (name, version) not in locked]


def damage(pin: Pin) -> str | None:
    """Return what is wrong with the installed copy of ``pin`` (``None``: nothing)."""
    try:
        installed = importlib.metadata.distribution(pin.name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
    if installed.version != pin.version:
        return f"version {installed.version} installed"
    base = str(installed.locate_file(""))
    listed = csv.reader((installed.read_text("RECORD") or "").splitlines())
    missing = [
        row[0]
        for row in listed
        if row and not row[0].endswith(".pyc") and not os.path.exists(os.path.join(base, row[0]))
    ]
    return f"{len(missing)} file(s) missing, e.g. {missing[0]}" if missing else None


def damaged(lock: list[Pin]) -> dict[Pin, str]:
    """Return the pins of this platform whose installed copy differs, with what is wrong."""
    found = {pin: damage(pin) for pin in lock if pin.applies()}
    return {pin: problem for pin, problem in found.items() if problem}


def repair(pins: list[Pin]) -> int:
    """Reinstall ``pins`` from their lock lines (hashes required, no dependencies)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="repair-") as requirements:
        requirements.write("\n".join(pin.line for pin in pins) + "\n")
        requirements.flush()
        options = ["-q", "--disable-pip-version-check", "--require-hashes", "--no-deps"]
        command = [sys.executable, "-m", "pip", "install", *options, "--force-reinstall"]
        command += ["-r", requirements.name]
        return subprocess.run(command).returncode


def main(argv: list[str] | None = None) -> int:
    """Run the command line (see the module docstring); return the exit status."""
    arguments = sys.argv[1:] if argv is None else argv
    lock_path = Path(arguments[0]) if arguments else LOCK
    lock = read_lock(lock_path)
    stale = stale_pins(read_pins(lock_path.parent / PINS.name), lock)
    if stale:
        print(f"build_env: {lock_path.name} does not pin {', '.join(stale)} as "
              f"requirements.txt does: run make lock", file=sys.stderr)  # fmt: skip
        return 1
    found = damaged(lock)
    if not found:
        return 0
    for pin, problem in found.items():
        print(f"build_env: {pin.name}=={pin.version}: {problem}; reinstalling it from the lock")
    repair(list(found))
    importlib.invalidate_caches()
    left = damaged(lock)
    for pin, problem in left.items():
        print(f"build_env: {pin.name}=={pin.version} still differs ({problem})", file=sys.stderr)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
