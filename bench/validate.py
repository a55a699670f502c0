"""Benchmarks of the validate side: a folder of briefs, one brief as a process, quote matching."""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

from bench.corpus import archive, corpus, quote_from
from bench.measure import BIN, ROOT, Result, briefgen, interleaved, python
from briefgen.check.parallel import usable_cpus

FLOORS = ROOT / "bench" / "floors.py"


def check_valid(folder: Path) -> None:
    """Refuse to time a corpus that briefgen does not find valid: the figures would mean nothing."""
    done = subprocess.run(
        [str(BIN / "briefgen"), "validate", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 2:
        raise SystemExit(f"bench: briefgen validate failed:\n{done.stderr}")
    summary = json.loads(done.stdout)["summary"]
    if summary["errors"]:
        first = json.loads(done.stdout)["diagnostics"][0]
        raise SystemExit(
            f"bench: the generated corpus has {summary['errors']} errors, e.g. "
            f"{first['file']}:{first['line']}: {first['message']}"
        )


def validate_folder(briefs: int, reps: int) -> list[Result]:
    """`briefgen validate` of a folder as run by default (a process per usable CPU) against parsing
    it alone in one process, and for reference `-j 1`, all the work in one process."""
    folder = corpus(briefs)
    check_valid(folder)
    default, one, floor = interleaved(
        [briefgen("validate", folder), briefgen("validate", "-j", "1", folder), python(FLOORS, "parse", folder)], reps
    )
    return [
        Result(
            f"`validate` {briefs:,} briefs vs C-loader parse",
            default,
            floor,
            1.5,
            note=f"a process per CPU: {usable_cpus()}",
        ),
        Result(f"`validate -j 1` {briefs:,} briefs (one process) vs C-loader parse", one, floor, None),
    ]


def validate_one(reps: int) -> list[Result]:
    """`briefgen validate` of one brief as a process against importing yaml and pydantic and parsing
    it; for reference, a process that also defines and uses one one-field Pydantic model."""
    file = corpus(1) / "brief-0000" / "brief.yaml"
    ours, model, floor = interleaved(
        [briefgen("validate", file), python(FLOORS, "one-model", file), python(FLOORS, "one", file)], reps
    )
    return [
        Result("`validate` 1 brief, whole process vs import+parse", ours, floor, 1.5),
        Result(
            "one one-field Pydantic model + parse, as a process, vs import+parse",
            model,
            floor,
            None,
            note="what defining any Pydantic model adds",
        ),
    ]


def _quote_cost(size: int, quotes: int, reps: int) -> float:
    """Median seconds to normalise a source of `size` bytes once and find `quotes` quotes in it."""
    from briefgen.text.quotes import NormalisedText

    rng = random.Random(size)
    text = archive(rng, size, wrapped=True)
    wanted = [quote_from(rng, text) for _ in range(quotes)]
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        source = NormalisedText(text)
        found = sum(source.contains(quote) for quote in wanted)
        times.append(time.perf_counter() - start)
        if found != quotes:
            raise SystemExit(f"bench: only {found} of {quotes} generated quotes were found")
    return sorted(times)[len(times) // 2]


def quote_scaling(reps: int) -> list[Result]:
    """Quote matching on a 1 MB source: the source is normalised once, and a quote costs a
    C-speed substring search, not another pass of normalisation (which would make a quote
    cost as much as the whole source: a ratio near 1)."""
    small_few, small_many = _quote_cost(100_000, 20, reps), _quote_cost(100_000, 200, reps)
    big_few, big_many = _quote_cost(1_000_000, 20, reps), _quote_cost(1_000_000, 200, reps)
    normalising = _quote_cost(1_000_000, 0, reps)
    per_quote = (big_many - big_few) / 180
    note = (
        f"200 quotes on 1 MB: {big_many * 1000:.0f} ms; normalising 1 MB: {normalising * 1000:.0f} ms; "
        f"a quote: {per_quote * 1e6:.0f} µs at 1 MB, {(small_many - small_few) / 180 * 1e6:.0f} µs at 100 KB"
    )
    return [
        Result("quotes: one more quote on a 1 MB source vs normalising it", per_quote, normalising, 0.05, note=note),
        Result("quotes: 200 quotes, 1 MB vs 100 KB source", big_many, small_many, 12.0),
    ]
