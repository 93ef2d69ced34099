"""The book's configuration makes the build strict: broken references and failing cells fail it.

Each case builds a two-page book in a temporary folder with the repository's own
``_config.yml`` (and ``_ext/``, ``references.bib``), using the same command as the Makefile.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
NOTEBOOK_HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""
GOOD_PAGE = """# A page

$$
x = 1
$$ (eq-one)

```{prf:remark} A remark
:label: rem-one
:nonumber:
Text.
```

See {eq}`eq-one`, {prf:ref}`rem-one` and {cite}`galor2005`.

```{bibliography}
```
"""

pytestmark = pytest.mark.slow


def _build(tmp_path: Path, page: str, notebook_code: str = "1 + 1") -> subprocess.CompletedProcess:
    book = tmp_path / "book"
    book.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy2(ROOT / name, book / name)
    shutil.copytree(ROOT / "_ext", book / "_ext")
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\nchapters:\n- file: cells\n")
    (book / "page.md").write_text(page)
    cells = f"{NOTEBOOK_HEADER}# Cells\n\n```{{code-cell}} ipython3\n{notebook_code}\n```\n"
    (book / "cells.md").write_text(cells)
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_positive_control_a_correct_book_builds(tmp_path):
    result = _build(tmp_path, GOOD_PAGE)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_broken_equation_proof_and_citation_references_fail_the_build(tmp_path):
    broken = GOOD_PAGE.replace("{eq}`eq-one`", "{eq}`eq-missing`")
    broken = broken.replace("{prf:ref}`rem-one`", "{prf:ref}`rem-missing`")
    broken = broken.replace("{cite}`galor2005`", "{cite}`nobody1999`")
    result = _build(tmp_path, broken)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "equation not found: eq-missing" in output
    assert "rem-missing" in output and "prf:ref" in output
    assert "could not find bibtex key" in output and "nobody1999" in output


def test_a_failing_cell_fails_the_build(tmp_path):
    result = _build(tmp_path, GOOD_PAGE, notebook_code="1 / 0")
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr
