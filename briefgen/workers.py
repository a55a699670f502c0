"""How briefgen starts worker processes (`validate -j`, and every render of `build`).

On Linux a worker is forked: it starts with the modules the parent has already imported
(pydantic's models, the validator) instead of importing them all over again (a third of a
second per worker, and per round of briefs in a long build). The parent runs no thread of
its own when it forks, which is what makes fork safe. Elsewhere
(macOS, Windows, where forking a process that uses system frameworks is not safe) workers
are spawned: fresh interpreters that import what they need.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from multiprocessing.context import BaseContext

_PR_SET_PDEATHSIG = 1


def worker_context() -> BaseContext:
    """The multiprocessing context that worker pools are made from."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def die_with_parent(parent: int) -> None:
    """In a worker process: be killed when the process `parent` that started it dies, however it
    dies (`kill -9` too), rather than wait for work on a pipe nobody writes to any more. Linux
    only (prctl's PR_SET_PDEATHSIG); elsewhere workers end when their pipe closes."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
