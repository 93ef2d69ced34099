r"""A disk cache for results that several pages of the book share.

Every chapter checks its claims on the same seeded samples
(:func:`isacmodel.verify.claims.draw_samples`), and the verification page checks them
all again.  Drawing the samples and running the checks takes most of the book's
build, so both are kept on disk by :mod:`joblib` when the environment variable
``ISACMODEL_CACHE`` names a folder (the Makefile sets it to ``_build/.isacmodel-cache``).
Without it nothing is written and every call computes.  A folder that cannot hold the
cache (a file, ``/dev/null``, a folder without write permission) gets one warning naming
the problem, and every call then computes without the cache.  An entry that cannot be
read back (truncated, say) or that does not hold what the function is annotated to
return is removed and computed again, without a word: a stored result is never trusted
further than its type.  The cache unpickles what its folder holds, so the folder must
not be shared with, or writable by, another user (the Makefile keeps it under
``_build``).

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
import tempfile
import types
import typing
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import joblib
import numpy
import scipy
import sympy

__all__ = [
    "CACHE_ENV",
    "cache_location",
    "cached_call",
    "imported_modules",
    "modules_digest",
    "source_digest",
]

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


def cache_location() -> Path | None:
    """Return the folder named by ``ISACMODEL_CACHE`` if it can hold the cache, else ``None``.

    ``None`` when the variable is unset or empty, and, with one warning per folder and
    process naming the problem, when the folder cannot be created or written to.
    """
    named = os.environ.get(CACHE_ENV)
    return _usable_folder(named) if named else None


@cache
def _usable_folder(named: str) -> Path | None:
    path = Path(named)
    if path.exists() and not path.is_dir():
        problem = "is not a folder"
    else:
        problem = _write_problem(path)
    if problem is None:
        return path
    warnings.warn(f"{CACHE_ENV}={named} {problem}: computing without the disk cache", stacklevel=4)
    return None


def _write_problem(path: Path) -> str | None:
    """Return why no entry can be written under ``path`` (``None``: it can)."""
    try:
        (path / "joblib").mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path / "joblib"):
            pass
    except OSError as error:
        return f"cannot be written to ({error.strerror or error})"
    return None


def cached_call(function: Callable[..., Result], *args, **context) -> Result:
    """Return ``function(*args, **context)``, from the disk cache when ``ISACMODEL_CACHE`` is set.

    A stored result is returned only if it reads back and has the type of ``function``'s
    return annotation; otherwise it is removed and computed again.

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
    location = cache_location()
    if location is None:
        return function(*args, **context)
    memory = joblib.Memory(location, verbose=0)
    stored = memory.cache(_call_with_digest, ignore=["context"])
    key = (function, source_digest(), *args)
    if stored.check_call_in_cache(*key, context=context):
        entry = stored.call_and_shelve(*key, context=context)
        try:
            result = entry.get()
        except Exception:  # any failure to read back (truncated, unpicklable): compute again
            result = _UNREADABLE
        if result is not _UNREADABLE and _has_type(result, _return_type(function)):
            return result
        entry.clear()
    return stored(*key, context=context)


#: Stands for an entry that could not be read back.
_UNREADABLE = object()


def _return_type(function: Callable) -> object:
    """Return the return annotation of ``function`` (``object`` when it has none)."""
    try:
        return typing.get_type_hints(function).get("return", object)
    except (NameError, TypeError):
        return object


def _has_type(value: object, annotation: object) -> bool:
    """Whether ``value`` has the type ``annotation`` names (checked in depth for containers).

    Understands classes, ``list[X]``, ``tuple[X, ...]``, ``tuple[X, Y]``, ``dict[K, V]``,
    ``X | Y``, ``None`` and ``typing.Any``; a type variable or another form is not checked.

    >>> _has_type(["a", "b"], list[str]), _has_type(["a", 1], list[str])
    (True, False)
    """
    if annotation is typing.Any or isinstance(annotation, TypeVar):
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_has_type(value, argument) for argument in arguments)
    if origin is None:
        return not isinstance(annotation, type) or isinstance(value, annotation)
    if not isinstance(origin, type) or not isinstance(value, origin):
        return False
    return _items_have_types(value, origin, arguments)


def _items_have_types(value: object, origin: type, arguments: tuple) -> bool:
    if not arguments:
        return True
    if origin is dict:
        key, item = arguments
        return all(_has_type(k, key) and _has_type(v, item) for k, v in value.items())
    if origin is tuple and not (len(arguments) == 2 and arguments[1] is Ellipsis):
        return len(value) == len(arguments) and all(map(_has_type, value, arguments))
    if origin in (list, set, frozenset, tuple):
        return all(_has_type(item, arguments[0]) for item in value)
    return True


def _call_with_digest(function: Callable[..., Result], digest: str, *args, context: dict) -> Result:
    """Call ``function(*args, **context)``; ``digest`` is only part of the cache key."""
    return function(*args, **context)
