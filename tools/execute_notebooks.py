"""Execute the book's chapters in parallel into the jupyter-cache that the build reads.

``jupyter-book build`` (MyST-NB with ``execute_notebooks: cache``) runs the chapters one
after another. This script runs them first, ``--jobs`` kernels at a time, and stores each
executed notebook in the same jupyter-cache, keyed as MyST-NB keys it (the code cells
and the kernel spec of the notebook MyST-NB's own reader makes of the ``.md`` file), so
the build then finds every chapter in the cache and executes none. A chapter that is
already cached is skipped. A chapter that fails is left out of the cache and reported:
the build then executes it again and fails on it with MyST-NB's own message.

Usage: ``python tools/execute_notebooks.py BUILD_DIR [--jobs J]`` from the book's root
(``make book`` runs it after ``python -m isacmodel prepare``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from jupyter_client import KernelManager
from myst_nb.core.read import read_myst_markdown_notebook

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600  # seconds per cell, as execute.timeout in _config.yml


def chapters() -> list[Path]:
    """Every page of ``_toc.yml`` that has code cells, in the book's order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [
        entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])
    ]
    paths = [ROOT / f"{name}.md" for name in files]
    return [path for path in paths if path.is_file() and "{code-cell}" in path.read_text()]


def read(path: Path):
    """The notebook MyST-NB makes of a MyST markdown file."""
    return read_myst_markdown_notebook(path.read_text(), path=path)


def execute(path: Path) -> tuple[Path, object, float, str | None]:
    """Execute one chapter in its own folder; return the notebook, its time and any error.

    The kernel talks over Unix sockets in a folder of its own, not TCP ports: two kernels
    started at once can pick the same free ports, and the clients then hang.
    """
    notebook = read(path)
    with tempfile.TemporaryDirectory(prefix="isac-kernel-") as sockets:
        manager = KernelManager(
            kernel_name=notebook.metadata.kernelspec.name,
            transport="ipc",
            ip=os.path.join(sockets, "kernel"),
        )
        result = single_nb_execution(
            notebook,
            cwd=str(path.parent),
            timeout=TIMEOUT,
            allow_errors=False,
            meta_override=True,
            km=manager,
        )
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 even if a chapter fails, see above)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="the build folder (holds .jupyter_cache)")
    parser.add_argument("--jobs", type=int, default=2, help="kernels at a time")
    arguments = parser.parse_args(argv)
    if arguments.jobs < 1:
        parser.error(f"--jobs must be at least 1 (got {arguments.jobs})")
    cache = get_cache(str(arguments.build / ".jupyter_cache"))
    pages = chapters()
    pending = []
    for path in pages:
        try:
            cache.match_cache_notebook(read(path))
        except KeyError:
            pending.append(path)
    start = time.perf_counter()
    with ProcessPoolExecutor(arguments.jobs) as pool:
        for path, notebook, seconds, error in pool.map(execute, pending):
            name = path.relative_to(ROOT)
            if error:
                print(f"execute_notebooks: {name} failed ({error}); the build will rerun it")
                continue
            record = cache.add_nb_to_project(str(path))
            bundle = CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            print(f"execute_notebooks: {name} in {seconds:.1f} s")
    print(
        f"execute_notebooks: {len(pending)} of {len(pages)} chapters executed with "
        f"{arguments.jobs} kernel(s) in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
