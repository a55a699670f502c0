"""Validate many briefs on several cores: worker processes take the briefs in small batches.

Workers are started as `briefgen.workers` says and send back only diagnostics, which are small;
the parent keeps the order of the briefs. A failure that stops validation (BriefgenError)
comes back as a value and is raised again in the parent with its hint.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.validation import validate_brief

# Briefs per task: enough that sending a task costs little next to validating it, few enough
# that the workers finish together.
_BATCH = 16


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect cycles less often while validating: a brief makes tens of thousands of short-lived
    objects and almost no cycles, so the collector's passes over them (and over every imported
    module's objects, set aside here by `gc.freeze`) find next to nothing."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def validate_many(paths: list[Path], jobs: int) -> list[list[Diagnostic]]:
    """The diagnostics of each brief, in the order of `paths`, validated by up to `jobs` processes."""
    batches = [paths[i:i + _BATCH] for i in range(0, len(paths), _BATCH)]
    if jobs <= 1 or len(batches) <= 1:
        with _fewer_collections():
            return [validate_brief(path).diagnostics for path in paths]
    # Imported here: validating one brief, the common case, should not pay for them.
    import concurrent.futures as futures

    from briefgen.workers import worker_context

    with futures.ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=worker_context()) as pool:
        found: list[list[Diagnostic]] = []
        for batch in pool.map(_validate_batch, batches):
            if isinstance(batch, tuple):
                raise BriefgenError(*batch)
            found.extend(batch)
    return found


def _validate_batch(paths: list[Path]) -> list[list[Diagnostic]] | tuple[str, str | None]:
    try:
        with _fewer_collections():
            return [validate_brief(path).diagnostics for path in paths]
    except BriefgenError as error:
        return error.message, error.hint
