"""Keep notebook outputs in step with the code they import.

jupyter-cache keys a notebook only on its own code cells, so a change to ``isacmodel/``
or to the pinned requirements would otherwise leave stale outputs in the book.  This
script hashes those inputs and compares the hash with the one stamped after the last
successful build:

    python tools/build_stamp.py check _build   # clear _build when the inputs changed
    python tools/build_stamp.py write _build   # stamp after a successful build

Clearing means removing the whole build folder: invalidating cache entries alone does
not make Sphinx re-read unchanged documents, so nothing would re-execute.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP_NAME = ".inputs-sha256"


def input_files(root: Path = ROOT) -> list[Path]:
    """Files whose change must re-execute every notebook."""
    files = sorted((root / "isacmodel").rglob("*.py"))
    files += [root / "requirements.txt", root / "pyproject.toml"]
    return [path for path in files if path.is_file()]


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 over the relative paths and contents of :func:`input_files`."""
    digest = hashlib.sha256()
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def is_current(build: Path, root: Path = ROOT) -> bool:
    """Whether ``build`` was produced from the current inputs."""
    stamp = build / STAMP_NAME
    return stamp.is_file() and stamp.read_text().strip() == inputs_digest(root)


def check(build: Path, root: Path = ROOT) -> str:
    """Remove ``build`` unless it is current; return what was done."""
    if not build.exists():
        return "no previous build"
    if is_current(build, root):
        return "build is current"
    shutil.rmtree(build)
    return f"inputs changed since the last successful build: removed {build}"


def write(build: Path, root: Path = ROOT) -> str:
    """Record the current inputs' digest in ``build``."""
    build.mkdir(parents=True, exist_ok=True)
    (build / STAMP_NAME).write_text(inputs_digest(root) + "\n")
    return "stamped"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"check", "write"}:
        print(__doc__)
        return 2
    action = check if argv[1] == "check" else write
    print(f"build_stamp: {action(Path(argv[2]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
