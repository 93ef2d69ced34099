"""Local Sphinx fixes for Jupyter Book 1.0.4 on Sphinx 7.4.

Downloadable notebooks: sphinx-book-theme offers a chapter's executed ``.ipynb`` in its
download menu only when a launch service (Binder, Colab, ...) is configured, and this
book has none (it reads offline).  ``_offer_notebook`` copies MyST-NB's executed
notebook next to the page sources and tells the theme about it, as the theme's own
launch code would.

Sphinx 7.4's ``StandaloneHTMLBuilder.prepare_writing`` re-adds registry scripts, so an
inline script that an extension (sphinx-thebe) registered with ``filename=None`` is
written twice and every page throws ``SyntaxError: Identifier 'THEBE_JS_URL' has already
been declared``.  We drop exact duplicates from each page's script list.
"""

from pathlib import Path

import nbformat
from jupyter_cache import get_cache


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
    nbformat.write(_with_outputs(executed, build / ".jupyter_cache"), target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("html-page-context", _dedupe_js, priority=999)
    app.connect("html-page-context", _offer_notebook, priority=500)  # before the theme's 501
    return {"parallel_read_safe": True, "parallel_write_safe": True}
