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
import sys
from multiprocessing.context import BaseContext


def worker_context() -> BaseContext:
    """The multiprocessing context that worker pools are made from."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
