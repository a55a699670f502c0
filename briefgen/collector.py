"""The cycle collector's settings for batch work: validating briefs and rendering them.

Validating a brief makes tens of thousands of short-lived objects, and WeasyPrint's layout of
one makes millions, but almost none of them form cycles. With Python's default thresholds the
collector runs every 700 allocations, and its older generations walk every object alive,
including every imported module's (pydantic's models, WeasyPrint's tables): passes that find
next to nothing. Here the long-lived objects are set aside (`gc.freeze`) and the collector then
runs about fifteen times less often; cycles are still collected. A process that has done such
work before (a worker's previous brief or batch) first reclaims what it left, in one full pass:
frozen with the rest, that garbage would never be reclaimed (a render worker's memory grew by
~90 MB a brief). Measured on the benchmark's brief, a PDF renders about 10% faster, and a
worker's memory stays flat.

Validating one brief (`rarer_collections`) only raises the thresholds: a brief of 5,000
citations makes some 200,000 objects that live until its report, and at the default thresholds
their young collections and the full ones that follow took 60 ms of ~1 s; at these, 20 ms.
Nothing is frozen there (no full pass first), and cycles are still collected.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Whether this process has done batch work already, and so may hold its garbage.
_worked = False
# How often the collector runs during batch work: every this many allocations (net) a young
# collection, every tenth of those a middle one, every tenth of those a full one.
_THRESHOLD = (10_000, 10, 10)
# How many `rarer_collections` are entered (threads of one process share the collector), and
# the thresholds the first of them found.
_rarer = threading.Lock()
_entered = 0
_found: tuple[int, int, int] = (0, 0, 0)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Until exit, collect cycles less often and never walk the objects that exist on entry (once
    what earlier work in this process left is reclaimed)."""
    global _worked
    threshold = gc.get_threshold()
    if _worked:
        gc.collect()
    _worked = True
    gc.freeze()
    gc.set_threshold(*_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def rarer_collections() -> Iterator[None]:
    """Until the last of these exits, collect cycles no more often than `_THRESHOLD` says (each
    threshold raised where lower), then as before: nested, or in several threads at once, the
    first to enter raises them and the last to exit restores them."""
    global _entered, _found
    with _rarer:
        if not _entered:
            _found = gc.get_threshold()
            gc.set_threshold(*map(max, _found, _THRESHOLD))
        _entered += 1
    try:
        yield
    finally:
        with _rarer:
            _entered -= 1
            if not _entered:
                gc.set_threshold(*_found)
