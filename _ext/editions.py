"""The teacher and student editions of the book.

``ISAC_EDITION=student`` (set by ``make book-student``) builds the student edition: no
exercise solution on any page, in any downloadable notebook, or in a page's source.
The default, ``teacher``, keeps the solutions, collapsed in dropdowns.  Both editions
share one jupyter-cache (``_build/.jupyter_cache``), so the second one executes nothing.

sphinx-exercise's own ``hide_solutions`` handles only the one-block ``{solution}``: with
the gated ``{solution-start}``/``{solution-end}`` pair (used where a solution runs code)
it drops the start but leaves the end marker, and Sphinx stops with "unknown node type:
solution_end_node".  So the student edition removes solutions after sphinx-exercise
has merged each gated pair into one node (:class:`RemoveSolutions`).  Downloadable
notebooks are stripped the same way in the notebook's own cells
(:func:`without_solutions`), and so are the pages' Markdown sources that the download
menu offers (:func:`_strip_sources`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
from sphinx.transforms import SphinxTransform
from sphinx_exercise.nodes import solution_node

EDITIONS = ("teacher", "student")
_OPENING = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{(?P<kind>solution(?:-start)?)\}")
_GATED_END = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{solution-end\}")


def is_student(config) -> bool:
    """Whether this build is the student edition."""
    return config.isac_edition == "student"


def _choose_edition(app, config) -> None:
    edition = os.environ.get("ISAC_EDITION") or "teacher"
    if edition not in EDITIONS:
        raise ValueError(f"ISAC_EDITION must be one of {EDITIONS}, got {edition!r}")
    config.isac_edition = edition
    if not config.nb_execution_cache_path:
        config.nb_execution_cache_path = str(Path(app.srcdir) / "_build" / ".jupyter_cache")


class RemoveSolutions(SphinxTransform):
    """Drop every solution from the student edition's pages."""

    default_priority = 11  # after sphinx-exercise merges gated solutions (priority 10)

    def apply(self, **kwargs) -> None:
        if is_student(self.config):
            for node in list(self.document.findall(solution_node)):
                node.parent.remove(node)


def without_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of a MyST notebook without its solution directives and their cells.

    A ``{solution}`` block ends at its closing fence; a gated ``{solution-start}`` ends
    at the closing fence of the next ``{solution-end}``, and every cell in between (the
    code that solves the exercise) goes with it.
    """
    stripped = nbformat.from_dict(notebook)
    cells, closing = [], None
    for cell in stripped.cells:
        if cell.cell_type != "markdown":
            if closing is None:
                cells.append(cell)
            continue
        kept, closing = _strip_lines(cell.source.splitlines(keepends=True), closing)
        if "".join(kept).strip():
            cell.source = "".join(kept).strip("\n")
            cells.append(cell)
    stripped.cells = cells
    return stripped


def _strip_sources(app, exception) -> None:
    """Rewrite the student edition's downloadable ``.md`` sources without their solutions."""
    if exception is not None or not is_student(app.config) or app.builder.format != "html":
        return
    for source in (Path(app.outdir) / "_sources").rglob("*.md"):
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        source.write_text("".join(_strip_lines(lines, None)[0]), encoding="utf-8")


def _strip_lines(lines: list[str], closing: tuple | None) -> tuple[list[str], tuple | None]:
    """Drop the solution lines; ``closing`` says what ends the solution still open.

    ``closing`` is ``("fence", fence)`` inside a ``{solution}`` block, ``("gated",)``
    inside a gated solution before its end marker, ``("end", fence)`` on the end
    marker, or None outside any solution.
    """
    kept = []
    for line in lines:
        if closing is None:
            opening = _OPENING.match(line)
            if opening is None:
                kept.append(line)
            elif opening["kind"] == "solution":
                closing = ("fence", opening["fence"])
            else:
                closing = ("gated",)
        elif closing[0] == "gated":
            end = _GATED_END.match(line)
            if end is not None:
                closing = ("end", end["fence"])
        elif line.strip() == closing[1]:
            closing = None
    return kept, closing


def setup(app):
    app.add_config_value("isac_edition", "teacher", "env")
    app.connect("config-inited", _choose_edition)
    app.add_transform(RemoveSolutions)
    app.connect("build-finished", _strip_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
