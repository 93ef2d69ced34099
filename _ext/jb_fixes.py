"""Local Sphinx fixes for Jupyter Book 1.0.4 on Sphinx 7.4.

Downloadable notebooks: sphinx-book-theme offers a chapter's executed ``.ipynb`` in its
download menu only when a launch service (Binder, Colab, ...) is configured, and this
book has none (it reads offline).  ``_offer_notebook`` copies MyST-NB's executed
notebook next to the page sources and tells the theme about it, as the theme's own
launch code would (without the solutions in the student edition: see ``editions``).

Sphinx 7.4's ``StandaloneHTMLBuilder.prepare_writing`` re-adds registry scripts, so an
inline script that an extension (sphinx-thebe) registered with ``filename=None`` is
written twice and every page throws ``SyntaxError: Identifier 'THEBE_JS_URL' has already
been declared``.  We drop exact duplicates from each page's script list.

Accessibility: citations are marked as list items (``_citation_list_items``).

PDF (``make pdf``): the chapters become LaTeX chapters under their parts
(``_chapters_at_top_level_in_latex``), and references to exercises print the exercise's
number (``_label_exercises_in_latex``); the outputs it drops on purpose do not warn
(``_quiet_dropped_outputs_in_latex``).
"""

from pathlib import Path

import nbformat
from docutils import nodes
from editions import is_student, without_solutions
from jupyter_cache import get_cache
from sphinx import addnodes
from sphinx.writers.latex import LaTeXTranslator
from sphinx_exercise import nodes as exercise_nodes


def _dedupe_js(app, pagename, templatename, context, doctree):
    files = context.get("script_files")
    if not files:
        return
    seen, keep = set(), []
    for js in files:
        attributes = tuple(sorted(getattr(js, "attributes", {}).items()))
        key = (getattr(js, "filename", js) or "", attributes)
        if key not in seen:
            seen.add(key)
            keep.append(js)
    files[:] = keep


def _with_outputs(executed: Path, cache: Path):
    """The executed notebook with its outputs.

    MyST-NB writes ``jupyter_execute/<page>.ipynb`` without outputs when a page is
    served from jupyter-cache, so the outputs are merged back from the cache.
    """
    notebook = nbformat.read(executed, as_version=4)
    if cache.is_dir():
        try:
            _, notebook = get_cache(cache).merge_match_into_notebook(notebook)
        except KeyError:
            pass
    return notebook


def _offer_notebook(app, pagename, templatename, context, doctree):
    build = Path(app.outdir).parent
    executed = build / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file() or Path(app.env.doc2path(pagename)).suffix != ".md":
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = _with_outputs(executed, Path(app.env.mystnb_config.execution_cache_path))
    nbformat.write(without_solutions(notebook) if is_student(app.config) else notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _with_sphinx_label(original_visit):
    """Wrap sphinx-exercise's LaTeX visitor so an exercise also carries Sphinx's own label.

    sphinx-exercise labels an exercise ``exercise:<label>`` in LaTeX, but ``{ref}`` to it
    writes ``\\hyperref[<docname>:<label>]{Exercise \\ref{<docname>:<label>}}``, so the
    PDF printed "Exercise ??".  The label is set with the exercise's own number (as
    numfig gives it to the HTML book), since ``\\ref`` would otherwise print the
    section's.
    """

    def visit(translator, node):
        if isinstance(translator, LaTeXTranslator) and node.get("label"):
            numbers = translator.builder.env.toc_fignumbers.get(node.get("docname", ""), {})
            number = ".".join(map(str, numbers.get("exercise", {}).get(node["ids"][0], ())))
            translator.body.append(
                f"\\makeatletter\\def\\@currentlabel{{{number}}}\\makeatother"
                + translator.hypertarget(node["label"])
            )
        original_visit(translator, node)

    return visit


def _label_exercises_in_latex(app):
    for node, visit, depart in (
        (exercise_nodes.exercise_node, exercise_nodes.visit_exercise_node,
         exercise_nodes.depart_exercise_node),
        (exercise_nodes.exercise_enumerable_node, exercise_nodes.visit_exercise_enumerable_node,
         exercise_nodes.depart_exercise_enumerable_node),
    ):
        app.add_node(node, override=True, latex=(_with_sphinx_label(visit), depart))


def _chapters_at_top_level_in_latex(app, doctree):
    """In the PDF, make the toc's chapters chapters, under their parts.

    Jupyter Book appends the toctrees to the last section of the landing page, so the
    LaTeX builder, which inlines each toctree where it stands, nested every chapter
    under "Citing" as a section.  For LaTeX the toctrees move to the end of the landing
    page's top section, each after a ``\\part`` with its caption; the landing page's
    own sections become unnumbered chapters, so chapter and equation numbers match
    the HTML book's.
    """
    if app.builder.format != "latex" or app.env.docname != app.config.root_doc:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    top.insert(1, _latex("\\setcounter{secnumdepth}{-1}"))
    restore = _latex("\\setcounter{secnumdepth}{2}\\setcounter{chapter}{0}")
    for toctree in list(top.findall(addnodes.toctree)):
        wrapper = toctree.parent
        wrapper.parent.remove(wrapper)
        caption = toctree.get("caption")
        if restore is not None:
            top.append(restore)
            restore = None
        if caption:
            top.append(_latex(f"\\part{{{caption}}}"))
        top.append(wrapper)


def _latex(code: str) -> nodes.raw:
    return nodes.raw("", code + "\n", format="latex")


def _citation_list_items(app, pagename, templatename, context, doctree):
    """Mark citations as list items.

    docutils 0.21 gives each citation ``role="doc-biblioentry"`` (deprecated in DPUB-ARIA
    1.1) inside a ``role="list"`` wrapper, so assistive technology sees a list without
    items (axe-core: aria-required-children, critical).
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _quiet_dropped_outputs_in_latex(app):
    """In the PDF only, do not warn about the outputs dropped on purpose (widget reprs).

    ``nb_mime_priority_overrides`` removes text/plain-only outputs from LaTeX, and MyST-NB
    warns for each; the HTML build keeps the warning (and fails on it).
    """
    if app.builder.format == "latex":
        app.config.suppress_warnings = [*app.config.suppress_warnings, "mystnb.mime_priority"]


def setup(app):
    app.setup_extension("sphinx_exercise")
    _label_exercises_in_latex(app)
    app.connect("builder-inited", _quiet_dropped_outputs_in_latex)
    app.connect("doctree-read", _chapters_at_top_level_in_latex)
    app.connect("html-page-context", _dedupe_js, priority=999)
    app.connect("html-page-context", _citation_list_items)
    app.connect("html-page-context", _offer_notebook, priority=500)  # before the theme's 501
    return {"parallel_read_safe": True, "parallel_write_safe": True}
