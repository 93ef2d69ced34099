"""Execute the book's chapters in parallel into the jupyter-cache that the build reads.

``jupyter-book build`` (MyST-NB with ``execute_notebooks: cache``) runs the chapters one
after another. This script runs them first, ``--jobs`` kernels at a time, and stores each
executed notebook in the same jupyter-cache, keyed as MyST-NB keys it (the code cells
and the kernel spec of the notebook MyST-NB's own reader makes of the ``.md`` file), so
the build then finds every chapter in the cache and executes none. A chapter that is
already cached is skipped. A chapter that fails is left out of the cache and reported:
the build then executes it again and fails on it with MyST-NB's own message.

A chapter cell that writes to stderr (a ``RuntimeWarning``, a ``UserWarning``, a log
message) would pass the strict build and publish the text in the page: such a chapter is
reported, naming the chapter, the cell and the text, left out of the cache, and the
script exits with status 1, which stops ``make book`` before the build.

Usage: ``python tools/execute_notebooks.py BUILD_DIR [--jobs J]`` from the book's root
(``make book`` runs it after ``python -m isacmodel prepare``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# matplotlib builds its font cache when first imported: here, not in a kernel, where its
# notice that it does so would be a chapter's stderr
import matplotlib.font_manager  # noqa: F401
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
    started at once can pick the same free ports, and the clients then hang.  It is shut
    down when the chapter is done (nbclient does not shut down a kernel it was handed).
    """
    notebook = read(path)
    with tempfile.TemporaryDirectory(prefix="isac-kernel-") as sockets:
        manager = KernelManager(
            kernel_name=notebook.metadata.kernelspec.name,
            transport="ipc",
            ip=os.path.join(sockets, "kernel"),
        )
        try:
            result = single_nb_execution(
                notebook,
                cwd=str(path.parent),
                timeout=TIMEOUT,
                allow_errors=False,
                meta_override=True,
                km=manager,
            )
        finally:  # nbclient leaves a kernel it was given running
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    error = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return path, notebook, result.time, error


def stderr_outputs(notebook) -> list[tuple[int, str, str]]:
    """Return ``(code cell number from 1, its first line, the text)`` of each stderr output."""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    found = []
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                first_line = (cell.source.strip().splitlines() or [""])[0]
                found.append((number, first_line, "".join(output.get("text", ""))))
    return found


def code_cell_lines(path: Path) -> list[int]:
    """Return the line (from 1) of each ``{code-cell}`` directive of a MyST markdown file."""
    lines = path.read_text().splitlines()
    return [i for i, line in enumerate(lines, start=1) if _CODE_CELL.match(line)]


_CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")


def stderr_report(path: Path, notebook) -> list[str]:
    """Return one message per stderr output of an executed chapter, naming the chapter and cell."""
    starts = code_cell_lines(path)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    messages = []
    for number, first_line, text in stderr_outputs(notebook):
        where = f", line {starts[number - 1]}" if len(starts) == code_cells else ""
        shown = " | ".join(line.strip() for line in text.strip().splitlines()[:3])
        messages.append(f"{display_name(path)}: code cell {number}{where} ({first_line!r}) "
                        f"wrote to stderr: {shown}")  # fmt: skip
    return messages


def display_name(path: Path) -> str:
    """``path`` relative to the book's root where it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    1 when a chapter wrote to stderr; 0 otherwise, even if a chapter fails (see above).
    """
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
    warned = []
    # spawn, not fork: a process that has run a kernel client (a test) holds threads
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(arguments.jobs, mp_context=spawn) as pool:
        for path, notebook, seconds, error in pool.map(execute, pending):
            name = display_name(path)
            if error:
                print(f"execute_notebooks: {name} failed ({error}); the build will rerun it")
                continue
            messages = stderr_report(path, notebook)
            if messages:
                warned.append(name)
                print("\n".join(f"execute_notebooks: {message}" for message in messages))
                continue
            record = cache.add_nb_to_project(str(path))
            bundle = CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            print(f"execute_notebooks: {name} in {seconds:.1f} s")
    print(
        f"execute_notebooks: {len(pending)} of {len(pages)} chapters executed with "
        f"{arguments.jobs} kernel(s) in {time.perf_counter() - start:.1f} s"
    )
    if warned:
        print(f"execute_notebooks: {', '.join(warned)} wrote to stderr (a warning in a chapter "
              "is published in its page): fix the cause, or catch it in the cell; not building",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
