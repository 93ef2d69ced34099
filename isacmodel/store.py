r"""A disk cache for results that several pages of the book share.

Every chapter checks its claims on the same seeded samples (:func:`isacmodel.claims.draw_samples`),
and the verification page checks them all again.  Drawing the samples and running the
checks takes most of the book's build, so both are kept on disk by :mod:`joblib`
when the environment variable ``ISACMODEL_CACHE`` names a folder (the Makefile sets it
to ``_build/.isacmodel-cache``).  Without it nothing is written and every call computes.

An entry is keyed by its arguments and by :func:`source_digest`, a hash of the
package's own source files and of the numerical libraries' versions, so a change to
any module of ``isacmodel`` (or to numpy, scipy or sympy) makes every entry stale.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import joblib

__all__ = ["CACHE_ENV", "cached_call", "source_digest"]

#: The environment variable naming the cache folder (unset: no disk cache).
CACHE_ENV = "ISACMODEL_CACHE"

_PACKAGE = Path(__file__).resolve().parent
Result = TypeVar("Result")


@cache
def source_digest() -> str:
    """SHA-256 over the package's ``.py`` files and the versions of numpy, scipy and sympy."""
    import numpy
    import scipy
    import sympy

    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for module in (numpy, scipy, sympy):
        digest.update(f"{module.__name__}=={module.__version__}\0".encode())
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
