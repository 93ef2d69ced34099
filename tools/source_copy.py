"""Copy the repository's source files (tracked or untracked, not ignored) to another folder.

Used by the tests and the benchmarks that rebuild the book in a temporary copy.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_sources(destination: Path, root: Path = ROOT) -> Path:
    """Copy every file git tracks or would track (not ignored) from ``root`` to ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout.splitlines()  # fmt: skip
    for name in listed:
        if (root / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, destination / name)
    return destination
