"""Keep the built book in step with everything its pages read, one build at a time.

jupyter-cache keys a notebook only on its own code cells, and Sphinx re-reads only the
pages whose own source changed, so a change to ``isacmodel/`` (code or data), to the
pins, or to a file a page reads without being its source (the index of results reads
every chapter, ``_toc.yml`` and the tests) would otherwise leave stale pages in the book.
This script hashes those inputs (:data:`INPUTS`, with the Python version) and compares
the digest with the one stamped after the last successful build; when they differ it
clears the build folder, runs the build, and stamps the digest taken when the build
*started*, so a file edited while the build runs makes the next build start afresh:

    python tools/build_stamp.py build _build -- COMMAND [ARGUMENT...]   # what make book runs
    python tools/build_stamp.py locked _build -- COMMAND [ARGUMENT...]  # the lock only
    python tools/build_stamp.py digest                                  # print the digest

``build`` holds a lock (``_build/.build-lock``) while it checks, runs and stamps, so a
second build in the same folder stops at once with "another build is running" instead
of failing later on jupyter-cache's database (``locked`` runs the builds that write into
``_build`` after ``make book``, the student edition and the PDF, under the same lock).
Clearing means removing everything in
the build folder but the lock: invalidating cache entries alone does not make Sphinx
re-read unchanged documents, so nothing would re-execute.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP_NAME = ".inputs-sha256"
LOCK_NAME = ".build-lock"

#: Every file or folder (all files in it) that a page reads, directly or through the
#: code that makes it: the package, the book's sources and configuration, the Sphinx
#: extensions and static files, the tools and the tests (the index of results reads
#: them), the pins, the lock and the Makefile that runs the build.
INPUTS = (
    "isacmodel",
    "intro.md",
    "chapters",
    "teaching",
    "references.md",
    "references.bib",
    "_config.yml",
    "_toc.yml",
    "_ext",
    "_static",
    "tools",
    "tests",
    "requirements.txt",
    "requirements-lock.txt",
    "pyproject.toml",
    "Makefile",
)

#: The repository's other top-level files and folders: no page reads them
#: (``tests/test_build_stamp.py`` checks that every source is in one list or the other).
NOT_READ = ("README.md", "LICENSE", "CITATION.cff", ".ci", ".gitignore", "benchmarks")

#: Files and folders inside the inputs that are made by running things, not sources.
GENERATED = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache"}


class BuildRunningError(RuntimeError):
    """Another build holds the lock of the build folder."""


def input_files(root: Path = ROOT) -> list[Path]:
    """Files whose change must rebuild every page (:data:`INPUTS`, generated files left out)."""
    files = []
    for name in INPUTS:
        path = root / name
        files += sorted(_source_files(path)) if path.is_dir() else [path]
    return [path for path in files if path.is_file()]


def _source_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not GENERATED & set(parts) and path.suffix != ".pyc":
            yield path


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 over the Python version and the relative paths and contents of the inputs."""
    digest = hashlib.sha256(f"python {platform.python_version()}\0".encode())
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def is_current(build: Path, digest: str | None = None) -> bool:
    """Whether ``build`` was stamped with ``digest`` (by default the inputs' digest now)."""
    digest = inputs_digest() if digest is None else digest
    stamp = build / STAMP_NAME
    return stamp.is_file() and stamp.read_text().strip() == digest


def check(build: Path, digest: str) -> str:
    """Clear ``build`` (all but its lock) unless stamped with ``digest``; say what was done."""
    if not build.exists() or [path.name for path in build.iterdir()] in ([], [LOCK_NAME]):
        return "no previous build"
    if is_current(build, digest):
        return "build is current"
    for path in build.iterdir():
        if path.name != LOCK_NAME:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return f"inputs changed since the last successful build: cleared {build}"


def write(build: Path, digest: str) -> str:
    """Stamp ``build`` with ``digest`` (the inputs' digest when the build started)."""
    build.mkdir(parents=True, exist_ok=True)
    (build / STAMP_NAME).write_text(digest + "\n")
    return "stamped"


def acquire_lock(build: Path) -> int:
    """Take the build folder's lock; return its file descriptor (closing it releases the lock).

    Raises
    ------
    BuildRunningError
        When another process holds it, naming that process.
    """
    build.mkdir(parents=True, exist_ok=True)
    lock = build / LOCK_NAME
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = lock.read_text().strip() or "unknown"
        os.close(descriptor)
        raise BuildRunningError(
            f"another build is running in {build} (process {holder}); wait for it to "
            f"finish or stop it, then run make again"
        ) from None
    os.ftruncate(descriptor, 0)
    os.write(descriptor, f"{os.getpid()}\n".encode())
    return descriptor


def run(command: list[str]) -> int:
    """Run ``command``; return its exit status.

    Ctrl-C reaches the command too (same process group): wait for it to stop, and
    terminate it on a second Ctrl-C.
    """
    child = subprocess.Popen(command)
    interrupts = 0
    while True:
        try:
            status = child.wait()
            return 128 - status if status < 0 else status  # killed by a signal: as a shell says
        except KeyboardInterrupt:
            interrupts += 1
            if interrupts > 1:
                child.terminate()


def build(folder: Path, command: list[str], root: Path = ROOT) -> int:
    """Under the lock: clear a stale ``folder``, run ``command``, stamp the starting digest."""
    descriptor = acquire_lock(folder)
    try:
        digest = inputs_digest(root)
        print(f"build_stamp: {check(folder, digest)}", flush=True)
        status = run(command)
        if status == 0:
            print(f"build_stamp: {write(folder, digest)}")
        return status
    finally:
        os.close(descriptor)


def locked(folder: Path, command: list[str]) -> int:
    """Run ``command`` holding ``folder``'s lock (no check, no stamp); return its status."""
    descriptor = acquire_lock(folder)
    try:
        return run(command)
    finally:
        os.close(descriptor)


def main(argv: list[str]) -> int:
    """Run the command line (see the module docstring); return the exit status."""
    if argv[1:2] == ["digest"] and len(argv) == 2:
        print(inputs_digest())
        return 0
    if argv[1:2] not in (["build"], ["locked"]) or len(argv) < 5 or argv[3] != "--":
        print(__doc__)
        return 2
    action = build if argv[1] == "build" else locked
    try:
        return action(Path(argv[2]), argv[4:])
    except BuildRunningError as running:
        print(f"build_stamp: {running}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
