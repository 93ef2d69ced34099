r"""The index of results: where the book discusses each claim, its code and its tests.

Nothing here is typed by hand, so the index cannot drift from the book. Each column is
derived from the sources every time the page is built:

* **Discussed in.** The claim's declared chapter, then the other chapters of ``_toc.yml``
  in book order, are scanned for the first *visible* mention of the claim id: a quoted or
  back-quoted id (``table("prop3.ii")``, a table cell) or a glue key (``status-<id>``,
  ``rate-<id>``, ``dropped-<id>``), outside cells tagged ``remove-cell`` (those only set
  a page up). The link goes to the nearest MyST target before that mention whose section
  still contains it: a ``(label)=`` target (linked with ``{ref}``) or the ``:label:`` of
  a ``prf`` directive (linked with ``{prf:ref}``); among those, a ``prf`` directive whose
  title names the claim's result ("Proposition 3") is preferred. When only the chapter's
  own label covers the mention, the link goes to the chapter and the section heading is
  named in plain text.
* **Implemented in.** Each claim declares the package functions its checks call
  (:attr:`~isacmodel.verify.claims.Claim.uses`); the checks themselves live in the module
  of the claim's chapter (:attr:`~isacmodel.verify.claims.Claim.chapter`:
  ``isacmodel.verify.claims.bertrand`` for ``chapters/bertrand.md``). The declarations are
  checked against the checks' source by ``tests/test_claims_registry.py``. They list what
  a check calls, not the equilibria the sampler solved before it runs.
* **Tests.** ``tests/*.py`` are parsed; a test function exercises a claim when a string
  constant in it or its decorators is the claim id. Tests that name every claim (registry
  bookkeeping) are left out. The rest are ordered with those whose name names the
  paper's result first (``test_proposition_3_ii_...``), then by how few claims they name.
  A claim that no test names falls back to the tests that call one of its implementing
  functions.

>>> row = build_index()["prop1.i.own"]
>>> row.location.page, row.location.target.label
('chapters/bertrand', 'prop-prices')
>>> "isacmodel.derive.bertrand" in row.modules
True
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from isacmodel.verify import claims
from isacmodel.verify.claims import Claim

__all__ = [
    "INDEX_PAGE",
    "ROOT",
    "IndexRow",
    "Location",
    "Page",
    "Target",
    "TestFunction",
    "build_index",
    "check_module",
    "implementing_functions",
    "index_markdown",
    "locate",
    "location_markdown",
    "mention_lines",
    "read_pages",
    "read_tests",
    "status_markdown",
    "claim_tests",
    "toc_pages",
]

#: The repository root (the book's source directory).
ROOT = Path(__file__).resolve().parent.parent
#: The index page itself (never a place where a claim is discussed).
INDEX_PAGE = "chapters/results-index"
#: The test module of this index (it tests the index, not the claims).
OWN_TEST = "test_results_index.py"
#: How many tests the table names per claim (the rest are counted).
TESTS_SHOWN = 2

_PACKAGE = "isacmodel"
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{(?P<directive>[\w:-]+)\})?\s*(?P<arg>.*)$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
#: Fences whose content is code (a bare fence too): no headings or targets inside.
_CODE = ("code", "sourcecode")
_OPTION_LABEL = re.compile(r"^\s*:label:\s*(?P<label>\S+)\s*$")
_RESULT = re.compile(r"\b(?P<kind>Proposition|Lemma) (?P<number>\d+)")


# ------------------------------------------------------------------ the chapters
@dataclass(frozen=True)
class Target:
    """A place a cross-reference can point to.

    Attributes
    ----------
    label : str
    line : int
        Line of the label (1-based).
    kind : str
        ``"section"`` for a ``(label)=`` target (``{ref}``), ``"prf"`` for the label of
        a sphinx-proof directive (``{prf:ref}``).
    title : str
        The heading the target labels, or the directive's title.
    level : int
        Heading level of the section the target stands for: a later heading at this
        level or above ends it.
    start : int
        Line after which that section's headings count (the labelled heading's line).
    """

    label: str
    line: int
    kind: str
    title: str
    level: int
    start: int

    def covers(self, line: int, headings: Sequence[tuple[int, int, str]]) -> bool:
        """Whether ``line`` lies after the target and inside the section it stands for."""
        return self.line < line and all(
            level > self.level for at, level, _ in headings if self.start < at < line
        )


@dataclass(frozen=True)
class Page:
    """One page of the book, as the index reads it.

    Attributes
    ----------
    docname : str
        Path without suffix, relative to the book's root (``chapters/bertrand``).
    lines : tuple of str
    visible : tuple of bool
        Per line: not front matter and not inside a ``remove-cell`` code cell.
    headings : tuple
        ``(line, level, text)`` of each Markdown heading outside code.
    targets : tuple of Target
    """

    docname: str
    lines: tuple[str, ...]
    visible: tuple[bool, ...]
    headings: tuple[tuple[int, int, str], ...]
    targets: tuple[Target, ...]

    @property
    def title(self) -> str:
        """The text of the first level-1 heading (empty if none)."""
        return next((text for _, level, text in self.headings if level == 1), "")

    @property
    def label(self) -> str | None:
        """The ``(label)=`` target of the page's title, if it has one."""
        for target in self.targets:
            if target.kind == "section" and target.level == 1 and target.start > target.line:
                return target.label
        return None

    def heading_before(self, line: int) -> str:
        """Return the text of the last heading before ``line``."""
        return next((text for at, _, text in reversed(self.headings) if at < line), "")


def toc_pages(root: Path = ROOT) -> list[str]:
    """Return the docnames of ``_toc.yml`` in book order (root page first)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def files(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    yield str(node[key]).removesuffix(".md")
            for value in node.values():
                if isinstance(value, list | dict):
                    yield from files(value)
        elif isinstance(node, list):
            for item in node:
                yield from files(item)

    return list(dict.fromkeys(files(toc)))


def read_pages(root: Path = ROOT, docnames: Iterable[str] | None = None) -> list[Page]:
    """Parse the Markdown pages of the book (default: those of ``_toc.yml``, minus the index).

    Pages that are not MyST Markdown files (a ``.ipynb``, say) are skipped.
    """
    names = toc_pages(root) if docnames is None else list(docnames)
    paths = [(name, root / f"{name}.md") for name in names if name != INDEX_PAGE]
    return [_parse_page(name, path.read_text(encoding="utf-8")) for name, path in paths
            if path.exists()]  # fmt: skip


def _parse_page(docname: str, text: str) -> Page:
    """Split a MyST page into visible lines, headings and targets."""
    lines = tuple(text.splitlines())
    visible = [True] * len(lines)
    headings: list[tuple[int, int, str]] = []
    raw_targets: list[tuple[int, str, str, str]] = []  # (line, kind, label, directive title)
    directives: list[str] = []  # fences of the open Markdown directives, innermost last
    index = _skip_front_matter(lines, visible)
    while index < len(lines):
        line, number = lines[index], index + 1
        fence = _FENCE.match(line)
        if fence and not fence["directive"] and not fence["arg"] and directives:
            if _closes(fence.group(1), directives[-1]):
                directives.pop()
                index += 1
                continue
        if fence and (fence["directive"] or "code").startswith(_CODE):
            index = _skip_code(lines, index, fence.group(1), visible)
            continue
        if fence:
            directives.append(fence.group(1))
            label = _directive_label(lines, index)
            if fence["directive"].startswith("prf:") and label:
                raw_targets.append((number, "prf", label, fence["arg"].strip()))
        elif heading := _HEADING.match(line):
            headings.append((number, len(heading["hashes"]), heading["text"]))
        elif target := _TARGET.match(line):
            raw_targets.append((number, "section", target["label"], ""))
        index += 1
    targets = tuple(_target(raw, headings) for raw in raw_targets)
    return Page(docname, lines, tuple(visible), tuple(headings), targets)


def _closes(fence: str, opening: str) -> bool:
    """Whether a bare fence closes a block opened by ``opening`` (same character, as long)."""
    return fence[0] == opening[0] and len(fence) >= len(opening)


def _skip_front_matter(lines: Sequence[str], visible: list[bool]) -> int:
    """Mark the YAML front matter invisible; return the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines) - 1)
    visible[: end + 1] = [False] * (end + 1)
    return end + 1


def _skip_code(lines: Sequence[str], start: int, fence: str, visible: list[bool]) -> int:
    """Skip a code block opened at ``start``; hide it if it is a ``remove-cell`` cell.

    Returns the index of the line after its closing fence.
    """
    closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    end = next((i for i in range(start + 1, len(lines)) if closing.match(lines[i])), len(lines))
    if "code-cell" in lines[start] and "remove-cell" in _cell_header(lines[start + 1 : end]):
        visible[start : end + 1] = [False] * (end + 1 - start)
    return end + 1


def _cell_header(body: Sequence[str]) -> str:
    """Return a code cell's options: a leading ``---`` YAML block or leading ``:key:`` lines."""
    if body and body[0].strip() == "---":
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), 0)
        return "\n".join(body[1:end])
    header = []
    for line in body:
        if not line.startswith(":"):
            break
        header.append(line)
    return "\n".join(header)


def _directive_label(lines: Sequence[str], start: int) -> str | None:
    """Return the ``:label:`` option among the option lines right after a directive's fence."""
    for line in lines[start + 1 :]:
        if not line.strip().startswith(":"):
            return None
        if option := _OPTION_LABEL.match(line):
            return option["label"]
    return None


def _target(raw: tuple[int, str, str, str], headings: Sequence[tuple[int, int, str]]) -> Target:
    """Attach a label to the section it stands for."""
    number, kind, label, title = raw
    enclosing = [(at, level, text) for at, level, text in headings if at < number]
    after = [(at, level, text) for at, level, text in headings if at > number]
    if kind == "section" and after and after[0][0] == number + 1:  # the label of a heading
        at, level, text = after[0]
        return Target(label, number, kind, text, level, at)
    level = enclosing[-1][1] if enclosing else 1
    text = title or (enclosing[-1][2] if enclosing else "")
    return Target(label, number, kind, text, level, number)


def mention_lines(page: Page, claim_id: str) -> list[int]:
    r"""Return the visible lines (1-based) of ``page`` that mention ``claim_id``.

    A mention is the id between quotes or back-quotes, or after a glue prefix
    (``status-``, ``rate-``, ``dropped-``) and before ``:``; so ``prop3.i`` does not
    match inside ``prop3.i.step``.

    >>> page = _parse_page("p", 'x = "prop3.i.step"\nsee `prop3.i`')
    >>> mention_lines(page, "prop3.i"), mention_lines(page, "prop3.i.step")
    ([2], [1])
    """
    pattern = re.compile(
        r"(?:[\"'`]|(?:status|rate|dropped)-)" + re.escape(claim_id) + r"(?=[\"'`:])"
    )
    lines = enumerate(zip(page.lines, page.visible, strict=True), start=1)
    return [number for number, (line, shown) in lines if shown and pattern.search(line)]


@dataclass(frozen=True)
class Location:
    """Where the book discusses a claim.

    Attributes
    ----------
    claim_id : str
    page : str
        Docname of the chapter.
    line : int
        Line of the first visible mention.
    heading : str
        The heading of the section containing it.
    chapter_label : str or None
        The label of the chapter's title.
    chapter_title : str
    target : Target or None
        The target the link goes to (None if the page has no label before the mention).
    """

    claim_id: str
    page: str
    line: int
    heading: str
    chapter_label: str | None
    chapter_title: str
    target: Target | None


def locate(
    claim_id: str, reference: str, pages: Sequence[Page], chapter: str = ""
) -> Location | None:
    """Find the first page mentioning a claim and the target to link to (None if none does).

    Parameters
    ----------
    claim_id : str
    reference : str
        Where the paper makes the claim (``"Proposition 3(i)"``): a ``prf`` directive
        whose title names the same result is preferred as the target.
    pages : sequence of Page
        In book order.
    chapter : str
        The claim's declared chapter (``"bertrand"``): its page is searched first.
    """
    declared = f"chapters/{chapter}"
    for page in sorted(pages, key=lambda page: page.docname != declared):  # stable
        lines = mention_lines(page, claim_id)
        if lines:
            target = _choose_target(page, lines[0], reference)
            heading = page.heading_before(lines[0])
            return Location(claim_id, page.docname, lines[0], heading, page.label, page.title,
                            target)  # fmt: skip
    return None


def _choose_target(page: Page, line: int, reference: str) -> Target | None:
    """Return the nearest target covering ``line``, preferring a directive naming the result."""
    covering = [t for t in page.targets if t.covers(line, page.headings)]
    result = _RESULT.search(reference)
    if result:
        named = re.compile(rf"\b{result['kind']} {result['number']}\b")
        matching = [t for t in covering if t.kind == "prf" and named.search(t.title)]
        covering = matching or covering
    return max(covering, key=lambda t: t.line, default=None)


def location_markdown(location: Location | None) -> str:
    """Render the "Discussed in" cell: the chapter, then the result or the section, linked.

    Link texts are short: the chapter's title up to a colon, a directive's title
    without its "(... in the paper)" suffix.
    """
    if location is None:
        return "not found in the book"
    short = _link_text(location.chapter_title.partition(":")[0]) or location.page
    chapter = (f"{{ref}}`{short} <{location.chapter_label}>`" if location.chapter_label
               else f"{{doc}}`{short} </{location.page}>`")  # fmt: skip
    target = location.target
    if target is None or target.label == location.chapter_label:
        section = location.heading if location.heading != location.chapter_title else ""
        return f"{chapter} › {_cell(section)}" if section else chapter
    role = "prf:ref" if target.kind == "prf" else "ref"
    title = re.sub(r"\s*\([^()]*\bin the paper\)\s*$", "", target.title)
    return f"{chapter} › {{{role}}}`{_link_text(title)} <{target.label}>`"


def _link_text(text: str) -> str:
    """Make text safe inside a role's link text (no back-quotes or angle brackets)."""
    return re.sub(r"[`<>]", "", text).strip()


# -------------------------------------------------------- the implementing code
def implementing_functions(claim: Claim) -> tuple[str, ...]:
    """Return the ``isacmodel`` functions a claim's checks call, as the claim declares them.

    Read from :attr:`~isacmodel.verify.claims.Claim.uses` (``module:qualname`` names, sorted);
    ``tests/test_claims_registry.py`` checks the declarations against the checks' source.
    """
    return tuple(sorted(claim.uses))


def check_module(claim: Claim) -> str:
    """Return the module that holds a claim's checks (``isacmodel.verify.claims.bertrand``)."""
    return f"{claims.__name__}.{claim.chapter}" if claim.chapter else claims.__name__


def _import(name: str) -> types.ModuleType | None:
    """Import a module by its absolute name, or return None if there is none."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _unwrap(value: object) -> object:
    """Return the plain function behind a cache, property, cached property or static method."""
    if isinstance(value, property):
        return _unwrap(value.fget)
    if isinstance(value, functools.cached_property):
        return _unwrap(value.func)
    if isinstance(value, staticmethod | classmethod):
        return _unwrap(value.__func__)
    if callable(value) and not isinstance(value, type | types.FunctionType):
        wrapped = getattr(value, "__wrapped__", None)  # functools.cache and friends
        return _unwrap(wrapped) if wrapped is not None else value
    return value


def _qualified(function: types.FunctionType) -> str:
    """``module:qualname``, e.g. ``isacmodel.solve.nash:solve_nash_batch``."""
    return f"{function.__module__}:{function.__qualname__}"


# ---------------------------------------------------------------------- the tests
@dataclass(frozen=True)
class TestFunction:
    """A test function, as the index reads it.

    Attributes
    ----------
    nodeid : str
        ``tests/test_x.py::test_name`` (``::Class::test_name`` for methods).
    strings : frozenset of str
        String constants in the function and its decorators.
    calls : frozenset of str
        Qualified names of the ``isacmodel`` functions it references.
    """

    __test__ = False  # not a pytest class

    nodeid: str
    strings: frozenset[str]
    calls: frozenset[str]


def read_tests(root: Path = ROOT) -> list[TestFunction]:
    """Parse ``tests/test_*.py`` (except the index's own tests) into test functions."""
    found = []
    for path in sorted((root / "tests").glob("test_*.py")):
        if path.name == OWN_TEST:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = _test_imports(tree)
        prefix = path.relative_to(root).as_posix()
        for nodeid, node in _test_nodes(tree, prefix):
            found.append(TestFunction(nodeid, _strings(node), _calls(node, imports)))
    return found


def _test_nodes(tree: ast.Module, prefix: str) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            yield f"{prefix}::{node.name}", node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                    yield f"{prefix}::{node.name}::{item.name}", item


def _strings(node: ast.FunctionDef) -> frozenset[str]:
    """Return the string constants in a function, its decorators included."""
    return frozenset(n.value for n in ast.walk(node)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str))  # fmt: skip


def _test_imports(tree: ast.Module) -> dict[str, object]:
    """Names a test module binds to package modules or functions."""
    bound: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(_PACKAGE):
            module = _import(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:
                    continue
                bound[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(_PACKAGE) and alias.asname:
                    bound[alias.asname] = _import(alias.name)
    return bound


def _calls(node: ast.FunctionDef, imports: Mapping[str, object]) -> frozenset[str]:
    """Qualified names of the package functions a test references."""
    names = set()
    for child in ast.walk(node):
        value = None
        if isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name):
            module = imports.get(child.value.id)
            if isinstance(module, types.ModuleType):
                value = getattr(module, child.attr, None)
        elif isinstance(child, ast.Name):
            value = imports.get(child.id)
        value = _unwrap(value)
        if isinstance(value, types.FunctionType) and value.__module__.startswith(_PACKAGE):
            names.add(_qualified(value))
    return frozenset(names)


def claim_tests(
    claim_id: str,
    reference: str,
    functions: Iterable[str],
    tests: Sequence[TestFunction],
    all_ids: Iterable[str],
) -> tuple[tuple[str, ...], str]:
    """Return the tests exercising a claim, most specific first, and how they were found.

    Parameters
    ----------
    claim_id : str
    reference : str
        Where the paper makes the claim: tests whose name names the result
        (``test_proposition_3_ii_...``) come first, then those naming fewest claims.
    functions : iterable of str
        The claim's implementing functions (``module:qualname``).
    tests : sequence of TestFunction
    all_ids : iterable of str
        Every claim id of the registry (to rank tests and leave out bookkeeping).

    Returns
    -------
    tuple of str, str
        The node ids, and ``"id"`` (they name the claim), ``"function"`` (they call one
        of its functions) or ``""`` (none).
    """
    ids = set(all_ids)
    named = [t for t in tests if claim_id in t.strings and not ids <= t.strings]
    if named:
        result = _result_slug(reference)
        names_result = re.compile(rf"{result}(?:_|$)") if result else None
        named.sort(key=lambda t: (not (names_result and names_result.search(t.nodeid)),
                                  len(ids & t.strings)))  # fmt: skip
        return tuple(t.nodeid for t in named), "id"
    functions = set(functions)
    calling = [t.nodeid for t in tests if functions & t.calls]
    return tuple(calling), "function" if calling else ""


def _result_slug(reference: str) -> str:
    """``"Proposition 3(ii)"`` -> ``"proposition_3_ii"`` (test names follow the paper's numbers).

    >>> _result_slug("Appendix A, proof of Proposition 3(i)"), _result_slug("Section 3")
    ('proposition_3_i', '')
    """
    result = re.search(r"\b(Proposition|Lemma) (\d+)(?:\((\w+)\))?", reference)
    return "_".join(part.lower() for part in result.groups() if part) if result else ""


# ----------------------------------------------------------------------- the index
@dataclass(frozen=True)
class IndexRow:
    """One row of the index.

    Attributes
    ----------
    claim : Claim
    location : Location or None
    functions : tuple of str
        Qualified names of the implementing functions.
    tests : tuple of str
        Node ids, most specific first.
    tests_found_by : str
        ``"id"``, ``"function"`` or ``""``.
    """

    claim: Claim
    location: Location | None
    functions: tuple[str, ...]
    tests: tuple[str, ...]
    tests_found_by: str

    @property
    def modules(self) -> tuple[str, ...]:
        """The modules of the implementing functions, sorted."""
        return tuple(sorted({name.partition(":")[0] for name in self.functions}))


def build_index(
    registry: Mapping[str, Claim] | None = None, root: Path = ROOT
) -> dict[str, IndexRow]:
    """Build the index of a claims registry (default: :data:`isacmodel.verify.claims.CLAIMS`).

    Returns
    -------
    dict
        ``{claim id: IndexRow}``, in registry order.
    """
    registry = claims.CLAIMS if registry is None else registry
    pages, tests = read_pages(root), read_tests(root)
    known = set(claims.CLAIMS) | set(registry)
    rows = {}
    for claim_id, claim in registry.items():
        functions = implementing_functions(claim)
        found, how = claim_tests(claim_id, claim.reference, functions, tests, known)
        location = locate(claim_id, claim.reference, pages, claim.chapter)
        rows[claim_id] = IndexRow(claim, location, functions, found, how)
    return rows


def status_markdown(evidence: claims.Evidence) -> str:
    """Return the status cell: tag and status, as on the verification page."""
    return f"**{evidence.tag}** {evidence.status}"


def index_markdown(rows: Mapping[str, IndexRow], statuses: Mapping[str, str]) -> str:
    """Render the index as a MyST Markdown table.

    Parameters
    ----------
    rows : mapping
        From :func:`build_index`.
    statuses : mapping
        ``{claim id: status cell}`` (see :func:`status_markdown`).
    """
    header = "| Claim | Status | Discussed in | Implemented in | Tests |\n|---|---|---|---|---|"
    return "\n".join([header, *(_row_markdown(row, statuses.get(claim_id, "–"))
                                for claim_id, row in rows.items())])  # fmt: skip


def _row_markdown(row: IndexRow, status: str) -> str:
    claim = f"`{row.claim.id}` ({_cell(row.claim.reference)})"
    cells = [claim, status, location_markdown(row.location), _functions_markdown(row.functions),
             _tests_markdown(row.tests, row.tests_found_by)]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def _functions_markdown(functions: Sequence[str]) -> str:
    """Render ``module``: ``function``, ... per module (``claims`` alone when nothing else)."""
    if not functions:
        return "`claims` only"
    by_module: dict[str, list[str]] = {}
    for name in functions:
        module, _, function = name.partition(":")
        by_module.setdefault(module.removeprefix(f"{_PACKAGE}."), []).append(function)
    parts = [f"`{module}`: " + ", ".join(f"`{f}`" for f in names)
             for module, names in by_module.items()]  # fmt: skip
    return "<br>".join(parts)


def _tests_markdown(tests: Sequence[str], found_by: str) -> str:
    """Render the first tests, grouped by file, and how many more there are."""
    if not tests:
        return "none"
    by_file: dict[str, list[str]] = {}
    for nodeid in tests[:TESTS_SHOWN]:
        path, _, name = nodeid.partition("::")
        by_file.setdefault(Path(path).name, []).append(f"`{name}`")
    lines = [f"{path}: " + ", ".join(names) for path, names in by_file.items()]
    if len(tests) > TESTS_SHOWN:
        lines.append(f"and {len(tests) - TESTS_SHOWN} more")
    if found_by == "function":
        lines.append("(they call its functions)")
    return "<br>".join(lines)


def _cell(text: str) -> str:
    """Escape a table cell's pipes."""
    return text.replace("|", "\\|")
