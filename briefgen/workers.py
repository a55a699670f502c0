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
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def worker_context() -> BaseContext:
    """The multiprocessing context that worker pools are made from."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def die_with_parent(parent: int, through_fork_server: bool = False) -> None:
    """In a worker process: be killed when the process `parent` that started it dies, however it
    dies (`kill -9` too), rather than wait for work on a pipe nobody writes to any more. Linux
    only; elsewhere workers end when their pipe closes.

    A forked worker asks the kernel for a signal when its parent dies (prctl's PR_SET_PDEATHSIG).
    With `through_fork_server` (serve's workers), its parent is multiprocessing's fork server,
    which `parent` started and which stays up for as long as any worker it forked does: there a
    thread of the worker waits on `parent` itself (a pidfd, readable when it exits)."""
    if not sys.platform.startswith("linux"):
        return
    if through_fork_server:
        _watch(parent)
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _watch(process: int) -> None:
    """Kill this process when `process`, the parent of its parent, exits."""
    import select
    import threading

    try:
        handle = os.pidfd_open(process)
    except ProcessLookupError:  # it died before this worker got here
        os._exit(1)
    except (OSError, AttributeError):  # pragma: no cover - before Linux 5.3: the pipe's end it is
        return
    # The handle is of whatever process had the number when it was opened: `process` itself only
    # if it is still the parent of this process's parent (had it died, the fork server would
    # have been given to another parent).
    if _parent_of(os.getppid()) != process:
        os._exit(1)

    def wait() -> None:
        poll = select.poll()
        poll.register(handle, select.POLLIN)
        while not poll.poll():
            pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="die-with-server", daemon=True).start()


def _parent_of(pid: int) -> int:
    """The parent of process `pid` (from /proc), or 0 when it cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    fields = stat.rpartition(")")[2].split()  # the command name, in parentheses, may hold spaces
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
