"""Put a pinned axe-core (``axe.min.js``) into the virtual environment for the a11y test.

axe-core is a JavaScript file, but the book promises to need only Python and make, so it
comes from PyPI rather than npm: the wheel of ``axe-playwright-python`` ships the
upstream build (byte for byte the ``axe.min.js`` of npm's ``axe-core@4.12.1``, plus a
final newline).  The wheel is downloaded with pip, not installed; the one file is
checked against its SHA-256 and written to ``<venv>/axe/axe.min.js``:

    .venv/bin/python tools/vendor_axe.py

Idempotent and offline once done: a file already in place with the pinned hash is kept
without touching the network.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

AXE_VERSION = "4.12.1"
WHEEL = "axe-playwright-python==0.1.8"
MEMBER = "axe_playwright_python/axe.min.js"
SHA256 = "84494fec757e4710dc751c8d7a636e457f4532f08f85c86dc9070133fbff53bc"
AXE_JS = Path(sys.prefix) / "axe" / "axe.min.js"


def is_vendored(path: Path = AXE_JS) -> bool:
    """Whether ``path`` holds the pinned axe-core build."""
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == SHA256


def vendor(path: Path = AXE_JS) -> Path:
    """Download the pinned wheel, check ``axe.min.js`` and write it to ``path``."""
    if is_vendored(path):
        return path
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-d", folder, WHEEL],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            script = archive.read(MEMBER)
    digest = hashlib.sha256(script).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{WHEEL}: {MEMBER} has SHA-256 {digest}, expected {SHA256}")
    if f"axe v{AXE_VERSION}".encode() not in script[:100]:
        raise SystemExit(f"{WHEEL}: {MEMBER} is not axe-core {AXE_VERSION}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(script)
    partial.replace(path)
    return path


def main() -> None:
    """Vendor axe-core into the running interpreter's virtual environment."""
    if sys.prefix == sys.base_prefix:
        raise SystemExit("run this with the virtual environment's python (.venv/bin/python)")
    print(f"axe-core {AXE_VERSION}: {vendor()}")


if __name__ == "__main__":
    main()
