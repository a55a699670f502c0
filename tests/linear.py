"""Whether some work grows linearly with its input: the test of every "it bounds the work" class.

No absolute time is asserted. The same work runs on an input and on one four times its size (two
doublings), each the best of several runs measured in CPU time of this thread (what another
process on the machine does is not counted), and the two are compared: linear work takes about
4 times as long, quadratic work 16 times, backtracking that doubles per repeat far more. A ratio
under `LIMIT` passes; a ratio over it is measured again before it fails, so that one noisy
measure does not fail a test.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LIMIT = 8.0
GROWTH = 4
# Work that has not finished after this many seconds is taken as super-linear (a backtracking
# search that doubles per repeat would otherwise hang the test; `re` checks for signals).
HANG = 30.0


class TooSlow(AssertionError):
    pass


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TooSlow(f"{what}: still running after {seconds:g} s, far from linear")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best_time(run: Callable[[], object], reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        start = time.thread_time()
        run()
        best = min(best, time.thread_time() - start)
    return best


def growth(make: Callable[[int], object], work: Callable[[object], object], size: int, reps: int = 5) -> float:
    """How many times longer `work` takes on `make(GROWTH * size)` than on `make(size)`."""
    small, large = make(size), make(GROWTH * size)
    times = {id(small): float("inf"), id(large): float("inf")}
    for _ in range(reps):  # alternately, so that a slower moment of the machine slows both
        for value in (small, large):
            times[id(value)] = min(times[id(value)], best_time(lambda value=value: work(value), 1))
    return times[id(large)] / max(times[id(small)], 1e-7)


def assert_linear(
    make: Callable[[int], object], work: Callable[[object], object], size: int, what: str, attempts: int = 3
) -> None:
    """Fail unless `work` on an input `GROWTH` times larger takes less than `LIMIT` times as long."""
    ratios = []
    for _ in range(attempts):
        with deadline(HANG, what):
            ratios.append(growth(make, work, size))
        if ratios[-1] < LIMIT:
            return
    shown = ", ".join(f"{r:.1f}x" for r in ratios)
    raise AssertionError(
        f"{what}: {GROWTH}x the input took {shown} the time (linear: about {GROWTH}x; limit {LIMIT:g}x)"
    )
