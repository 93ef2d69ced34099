"""The package's layers as the code keeps them: no cycle, no upward import, no private reach.

The layers, lowest first, are the subpackages of :mod:`isacmodel` (its docstring says
what each holds): ``numerics`` < ``core`` < ``derive`` < ``solve`` < ``verify`` <
``figures`` < the top-level modules (``widgets``, ``book``, the facade and the CLI).
A module may import from its own layer and from lower ones only.  The graph is read
from the source with :mod:`ast` (every ``import`` statement, at any depth), so an
import hidden inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import graphlib
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "isacmodel"
LAYERS = ("numerics", "core", "derive", "solve", "verify", "figures")
TOP = len(LAYERS)
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return TOP


def sources() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(path: Path) -> list[tuple[str, list[str], int]]:
    """``(module, names, line)`` for every import of an ``isacmodel`` module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}:{node.lineno}: relative import; write it absolute")
            if node.module and node.module.split(".")[0] == "isacmodel":
                found.append((node.module, [alias.name for alias in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "isacmodel":
                    found.append((alias.name, [], node.lineno))
    return found


def import_edges() -> list[tuple[str, str, int]]:
    """``(importer, imported, line)`` for every import between modules of the package."""
    modules = sources()
    edges = []
    for name, path in modules.items():
        for target, names, line in imported_names(path):
            # ``from isacmodel.solve import nash`` imports the module isacmodel.solve.nash
            targets = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules] or [target]
            edges += [(name, module, line) for module in targets
                      if module != name and not name.startswith(module + ".")]  # fmt: skip
    return edges


def find_cycle(edges: list[tuple[str, str, int]]) -> list[str]:
    """One import cycle, or ``[]``."""
    sorter = graphlib.TopologicalSorter()
    for source, target, _ in edges:
        sorter.add(source, target)
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


def upward_imports(edges: list[tuple[str, str, int]]) -> list[str]:
    return [f"{source} -> {target} (line {line})" for source, target, line in edges
            if layer(target) > layer(source) and target != "isacmodel"]  # fmt: skip


def test_the_import_graph_has_no_cycle():
    assert find_cycle(import_edges()) == []


def test_no_module_imports_from_a_higher_layer():
    assert upward_imports(import_edges()) == []


def test_only_the_top_layer_imports_the_facade():
    inward = [source for source, target, _ in import_edges() if target == "isacmodel"]
    assert inward == []


def test_no_private_name_is_imported_from_another_module():
    private = [
        f"{name}: {target}.{imported}"
        for name, path in sources().items()
        for target, names, _ in imported_names(path)
        for imported in names
        if imported.startswith("_") and target != name
    ]
    assert private == []


def private_attribute_uses(path: Path) -> list[str]:
    """``module._name`` where ``module`` is an imported isacmodel module (named in full)."""
    tree = ast.parse(path.read_text())
    modules = {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("isacmodel")
        for alias in node.names
        if f"{node.module}.{alias.name}" in sources()
    }
    return [
        f"{path.name}:{node.lineno}: {modules[node.value.id]}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_no_private_name_is_used_through_another_module():
    uses = [use for path in sources().values() for use in private_attribute_uses(path)]
    assert uses == []


def test_tests_reach_private_names_only_of_the_module_they_test():
    """``tests/test_x.py`` may use ``x._name`` (internals of x); no other private reach."""
    reaches = []
    for path in sorted(PACKAGE.parent.joinpath("tests").glob("test_*.py")):
        tested = path.stem.removeprefix("test_")
        reaches += [use for use in private_attribute_uses(path)
                    if use.split(": ")[1].rsplit(".", 2)[-2] != tested]  # fmt: skip
        reaches += [f"{path.name}: {target}.{name}" for target, names, _ in imported_names(path)
                    for name in names if name.startswith("_")
                    and target.rsplit(".", 1)[-1] != tested]  # fmt: skip
    assert reaches == []


def test_the_facade_lists_every_public_name_once():
    import isacmodel  # noqa: PLC0415 (the package under test, imported where it is tested)

    assert len(isacmodel.__all__) == len(set(isacmodel.__all__))
    assert all(hasattr(isacmodel, name) for name in isacmodel.__all__)


@pytest.mark.parametrize("name", sorted(sources()))
def test_module_is_small_enough_to_read(name):
    lines = len(sources()[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (limit {MAX_LINES})"


def test_the_checks_above_can_fail(tmp_path, monkeypatch):
    """Negative control: a planted cycle, an upward and a private import are all seen."""
    fake = tmp_path / "isacmodel"
    (fake / "core").mkdir(parents=True)
    (fake / "solve").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "core" / "__init__.py").write_text("")
    (fake / "solve" / "__init__.py").write_text("")
    (fake / "core" / "a.py").write_text("from isacmodel.solve import b\n")
    (fake / "solve" / "b.py").write_text("from isacmodel.core.a import _hidden\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    edges = import_edges()
    assert find_cycle(edges)
    assert upward_imports(edges) == ["isacmodel.core.a -> isacmodel.solve.b (line 1)"]
    private = [n for _, p in sources().items() for _, names, _ in imported_names(p) for n in names]
    assert "_hidden" in private
