r"""A disk cache for results that several pages of the book share.

Every chapter checks its claims on the same seeded samples
(:func:`isacmodel.verify.claims.draw_samples`), and the verification page checks them
all again.  Drawing the samples and running the checks takes most of the book's
build, so both are kept on disk by :mod:`joblib` when the environment variable
``ISACMODEL_CACHE`` names a folder (the Makefile sets it to ``_build/.isacmodel-cache``).
Without it nothing is written and every call computes.

An entry is keyed by its arguments and by :func:`source_digest`, a hash of the
package's own source files and of the numerical libraries' versions, so a change to
any module of ``isacmodel`` (or to numpy, scipy or sympy) makes every entry stale.

A result stored in the repository (the atlas, :mod:`isacmodel.verify.atlas`) is keyed
more narrowly, by :func:`modules_digest`: a hash of the modules it imports, directly
or through others (:func:`imported_modules`, read from the source with :mod:`ast`),
so the set is computed, never typed by hand.
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import joblib
import numpy
import scipy
import sympy

__all__ = ["CACHE_ENV", "cached_call", "imported_modules", "modules_digest", "source_digest"]

#: The environment variable naming the cache folder (unset: no disk cache).
CACHE_ENV = "ISACMODEL_CACHE"

_PACKAGE = Path(__file__).resolve().parents[1]
Result = TypeVar("Result")


@cache
def source_digest() -> str:
    """SHA-256 over the package's ``.py`` files and the versions of numpy, scipy and sympy."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for module in (numpy, scipy, sympy):
        digest.update(f"{module.__name__}=={module.__version__}\0".encode())
    return digest.hexdigest()


def module_path(module: str, package: Path = _PACKAGE) -> Path:
    """Return the source file of ``isacmodel.a.b`` under ``package`` (a module or a subpackage)."""
    path = package.joinpath(*module.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def direct_imports(module: str, package: Path = _PACKAGE) -> set[str]:
    """Return the ``isacmodel`` modules that ``module``'s source imports (at any depth)."""
    found = set()
    for node in ast.walk(ast.parse(module_path(module, package).read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("isacmodel"):
            for alias in node.names:  # ``from isacmodel.solve import nash`` names a module
                name = f"{node.module}.{alias.name}"
                found.add(name if module_path(name, package).is_file() else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("isacmodel")}
    return found


def imported_modules(module: str, package: Path = _PACKAGE) -> list[str]:
    """Return ``module`` and every ``isacmodel`` module it imports, directly or not, sorted.

    >>> "isacmodel.core.params" in imported_modules("isacmodel.solve.nash")
    True
    """
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += sorted(direct_imports(name, package) - seen)
    return sorted(seen)


def modules_digest(module: str, package: Path = _PACKAGE) -> str:
    """SHA-256 over the sources of :func:`imported_modules` of ``module``."""
    digest = hashlib.sha256()
    for name in imported_modules(module, package):
        digest.update(name.encode() + b"\0" + module_path(name, package).read_bytes() + b"\0")
    return digest.hexdigest()


def _memory() -> joblib.Memory:
    return joblib.Memory(os.environ.get(CACHE_ENV) or None, verbose=0)


def cached_call(function: Callable[..., Result], *args, **context) -> Result:
    """Return ``function(*args, **context)``, from the disk cache when ``ISACMODEL_CACHE`` is set.

    Parameters
    ----------
    function : callable
        A module-level function whose result depends only on its arguments and on the
        package's code (its result must pickle).
    *args
        Its arguments (hashed by joblib to key the entry).
    **context
        Arguments that are not part of the key (large objects that ``args`` already
        identify, such as the samples a fingerprint names).

    Returns
    -------
    object
        What ``function(*args)`` returns.
    """
    stored = _memory().cache(_call_with_digest, ignore=["context"])
    return stored(function, source_digest(), *args, context=context)


def _call_with_digest(function: Callable[..., Result], digest: str, *args, context: dict) -> Result:
    """Call ``function(*args, **context)``; ``digest`` is only part of the cache key."""
    return function(*args, **context)
