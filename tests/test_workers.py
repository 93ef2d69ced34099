"""Worker pools stop when asked: one Ctrl-C, two Ctrl-C, a killed parent (real signals)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from isacmodel.numerics.workers import worker_pool

ROOT = Path(__file__).resolve().parents[1]
SLEEPERS = textwrap.dedent(
    """
    import time
    from isacmodel.numerics.workers import worker_pool

    with worker_pool(2) as pool:
        pool.map(time.sleep, [60] * 6, chunksize=1)
    """
)


def start(arguments: list[str]) -> psutil.Popen:
    """Start a command in its own process group (as a terminal would), stderr captured."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return psutil.Popen(arguments, cwd=ROOT, env=environment, start_new_session=True,
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip


def workers_of(process: psutil.Popen, count: int = 2, wait: float = 120.0) -> list[psutil.Process]:
    """Wait until ``process`` has ``count`` worker children; return them."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        children = process.children()
        if len(children) >= count:
            time.sleep(0.5)  # let the workers pick up their tasks
            return process.children()
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.1)
    raise AssertionError(f"no {count} workers after {wait} s")


def assert_all_gone(processes: list[psutil.Process], within: float = 5.0) -> None:
    _, alive = psutil.wait_procs(processes, timeout=within)
    assert not alive, f"still running after {within} s: {alive}"


def interrupt(process: psutil.Popen, times: int) -> None:
    """Send Ctrl-C to the whole process group ``times`` times, 0.1 s apart."""
    for _ in range(times):
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.1)


@pytest.mark.parametrize("times", [1, 2])
def test_ctrl_c_stops_the_workers_and_the_parent_at_once(times):
    process = start([sys.executable, "-c", SLEEPERS])
    workers = workers_of(process)
    interrupt(process, times)
    assert_all_gone([process, *workers])
    assert process.returncode != 0


def test_workers_die_with_a_killed_parent():
    process = start([sys.executable, "-c", SLEEPERS])
    workers = workers_of(process)
    process.kill()
    assert_all_gone([process, *workers])


@pytest.mark.parametrize("times", [1, 2])
def test_ctrl_c_during_verify_with_two_jobs_ends_it_within_seconds(times):
    process = start(
        [sys.executable, "-m", "isacmodel", "verify", "--jobs", "2", "--draws", "20000"]
    )
    workers = workers_of(process)
    interrupt(process, times)
    assert_all_gone([process, *workers])
    if times == 1:
        assert process.returncode == 130
        assert "interrupted" in process.stderr.read()


def test_the_pool_refuses_no_workers():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        with worker_pool(0):
            pass


def test_the_pool_returns_what_map_returns():
    with worker_pool(2) as pool:
        assert pool.starmap(pow, [(2, 3), (3, 2)]) == [8, 9]


def test_the_callers_ctrl_c_handler_survives_an_interrupted_pool():
    """A Jupyter kernel keeps its own SIGINT handler after an interrupted computation."""

    def handler(signum, frame):  # a stand-in for the kernel's
        pass

    previous = signal.signal(signal.SIGINT, handler)
    try:
        with pytest.raises(KeyboardInterrupt), worker_pool(2):
            raise KeyboardInterrupt
        assert signal.getsignal(signal.SIGINT) is handler
    finally:
        signal.signal(signal.SIGINT, previous)
