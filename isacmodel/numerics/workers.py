"""Worker processes that stop when asked: the one process pool of the package.

``verify --jobs``, ``atlas --jobs`` and ``prepare`` spread their work over processes.
:class:`concurrent.futures.ProcessPoolExecutor` served before, but a Ctrl-C there waits
for every submitted task to finish (10-40 s), a second Ctrl-C can hang the parent for
good, and workers of a killed parent sleep forever.  :func:`worker_pool` fixes the three:

- workers ignore SIGINT (the terminal sends it to the whole process group): only the
  parent decides, and on any exception (Ctrl-C included) it terminates them at once;
- while the parent cleans up after the first Ctrl-C (at most 2 s) SIGINT has its default
  action, so a second one ends it immediately; the caller's handler is restored after;
- on Linux each worker asks the kernel for SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``), so no worker outlives a killed parent.

Written by hand: neither the standard library's pools nor joblib's ``multiprocessing``
backend tie a worker's life to its parent's; joblib's ``loky`` backend does, but its
workers start from scratch instead of forking, and would compile every sympy expression
again in each worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from multiprocessing.pool import Pool

__all__ = ["worker_pool"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _become_worker(parent: int) -> None:
    """Initialise a worker: ignore Ctrl-C, die with the parent (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


@contextlib.contextmanager
def worker_pool(jobs: int) -> Iterator[Pool]:
    """Yield a pool of ``jobs`` forked worker processes that stop with the caller.

    On leaving the block normally the pool is closed and joined; on any exception
    (``KeyboardInterrupt`` included) pending work is dropped and the workers are
    terminated (:func:`_terminate`) before the exception propagates.

    Parameters
    ----------
    jobs : int
        Number of worker processes (at least 1).

    Yields
    ------
    multiprocessing.pool.Pool
        Use its ``starmap``, ``map`` and ``apply_async``.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1 (got {jobs})")
    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_become_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        if threading.current_thread() is not threading.main_thread():
            _terminate(pool)
            raise
        # during the clean-up a second Ctrl-C ends the process at once (the workers die
        # with it); the caller's handler (a Jupyter kernel's, say) is restored after it
        previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            _terminate(pool)
        finally:
            signal.signal(signal.SIGINT, previous)
        raise
    pool.close()
    pool.join()


def _terminate(pool: Pool, patience: float = 2.0) -> None:
    """Terminate the workers; give up waiting on the pool's threads after ``patience`` s.

    ``Pool.terminate`` kills the workers first, then joins the thread that feeds them
    tasks, which stays blocked for good when a large task was half written to their
    pipe: waiting in a daemon thread lets the caller go on (and exit) regardless.
    """
    stopper = threading.Thread(target=pool.terminate, daemon=True)
    stopper.start()
    stopper.join(patience)
