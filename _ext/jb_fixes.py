"""Local Sphinx fixes for Jupyter Book 1.0.4 on Sphinx 7.4.

Sphinx 7.4's ``StandaloneHTMLBuilder.prepare_writing`` re-adds registry scripts, so an
inline script that an extension (sphinx-thebe) registered with ``filename=None`` is
written twice and every page throws ``SyntaxError: Identifier 'THEBE_JS_URL' has already
been declared``.  We drop exact duplicates from each page's script list.
"""


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


def setup(app):
    app.connect("html-page-context", _dedupe_js, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
