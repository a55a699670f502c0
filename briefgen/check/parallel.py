"""Validate many briefs on several cores: worker processes take the briefs in small batches.

Workers are started as `briefgen.workers` says and send back only diagnostics, which are small;
the parent keeps the order of the briefs. A failure that stops validation (BriefgenError)
comes back as a value and is raised again in the parent with its hint (a settings file's, with
its diagnostic).
"""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.check.pipeline import validate_brief
from briefgen.check.settings import Configs, SettingsError
from briefgen.collector import fewer_collections
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError

# Briefs per task: enough that sending a task costs little next to validating it, few enough
# that the workers finish together.
_BATCH = 16
# Without a number of processes given, each process takes at least this many briefs (about half a
# second of work for briefs of the benchmark's size, well above what starting a worker costs):
# a few briefs, a pre-commit hook's, are validated in the one process.
_BRIEFS_PER_PROCESS = 32


def validate_many(paths: list[Path], jobs: int | None = None) -> list[list[Diagnostic]]:
    """The diagnostics of each brief, in the order of `paths`, validated by up to `jobs` processes;
    by default, one for each usable CPU, as many as the briefs keep busy."""
    if jobs is None:
        jobs = usable_cpus() if len(paths) >= 2 * _BRIEFS_PER_PROCESS else 1
        jobs = max(1, min(jobs, len(paths) // _BRIEFS_PER_PROCESS))
    batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
    if jobs <= 1 or len(batches) <= 1:
        with fewer_collections():
            return _validate_all(paths)
    # Imported here: validating one brief, the common case, should not pay for them.
    import concurrent.futures as futures
    import os

    from briefgen.workers import die_with_parent, worker_context

    with futures.ProcessPoolExecutor(
        max_workers=min(jobs, len(batches)),
        mp_context=worker_context(),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        found: list[list[Diagnostic]] = []
        for batch in pool.map(_validate_batch, batches):
            if isinstance(batch, Diagnostic):
                raise SettingsError(batch)
            if isinstance(batch, tuple):
                raise BriefgenError(*batch)
            found.extend(batch)
    return found


def _validate_batch(paths: list[Path]) -> list[list[Diagnostic]] | Diagnostic | tuple[str, str | None]:
    try:
        with fewer_collections():
            return _validate_all(paths)
    except SettingsError as error:
        return error.diagnostic
    except BriefgenError as error:
        return error.message, error.hint


def _validate_all(paths: list[Path]) -> list[list[Diagnostic]]:
    configs = Configs()
    return [validate_brief(path, configs.load(path.parent)).diagnostics for path in paths]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the platform tells; else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
