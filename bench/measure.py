"""Side-by-side timing that holds on a noisy, shared machine, and the table of results.

Each comparison runs its two sides alternately (A B B A A B …), so that whatever else the
machine is doing slows both alike, and compares the medians.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Result:
    """One line of the table: what was measured, both sides, and the target for their ratio."""

    name: str
    ours: float
    floor: float
    target: float | None  # None: reported for reference, no target
    unit: str = "s"
    at_least: bool = False  # True when the ratio must reach the target rather than stay under it
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def passed(self) -> bool:
        if self.target is None:
            return True
        return self.ratio >= self.target if self.at_least else self.ratio <= self.target


def paired(ours: Callable[[], object], floor: Callable[[], object], reps: int) -> tuple[float, float]:
    """Median seconds of each side, run alternately `reps` times each after one warm-up each."""
    first, second = interleaved([ours, floor], reps)
    return first, second


def interleaved(sides: list[Callable[[], object]], reps: int) -> list[float]:
    """Median seconds of each side; each repetition runs every side once, in a rotating order."""
    for side in sides:
        side()
    times: list[list[float]] = [[] for _ in sides]
    for rep in range(reps):
        for index in [(rep + k) % len(sides) for k in range(len(sides))]:
            start = time.perf_counter()
            sides[index]()
            times[index].append(time.perf_counter() - start)
    return [statistics.median(found) for found in times]


def process(
    *argv: str | Path, cwd: Path | None = None, expect: tuple[int, ...] = (0,), env: dict[str, str] | None = None
) -> Callable[[], None]:
    """A callable that runs a command and checks its exit code (its output is discarded); `env`
    adds to the environment."""
    command = [str(arg) for arg in argv]
    environment = None if env is None else {**os.environ, **env}

    def run() -> None:
        done = subprocess.run(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=environment
        )
        if done.returncode not in expect:
            raise SystemExit(
                f"bench: `{' '.join(command)}` exited {done.returncode}:\n"
                f"{done.stderr.decode(errors='replace')[-2000:]}"
            )

    return run


def compile_bytecode() -> None:
    """Compile briefgen's modules, as installing a package does, so that no timed process pays
    for compiling source that a user's installed copy never compiles (pip writes the bytecode
    of the packages both sides import, but not of an editable install)."""
    compileall.compile_dir(ROOT / "briefgen", quiet=1)


def python(*argv: str | Path, **options) -> Callable[[], None]:
    return process(sys.executable, *argv, **options)


def briefgen(*argv: str | Path, **options) -> Callable[[], None]:
    return process(BIN / "briefgen", *argv, **options)


def _figure(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:.3g} {unit}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table (pasted as is into the README)."""
    lines = ["| measure | briefgen | floor | ratio | target | result |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for item in results:
        if item.target is None:
            target, verdict = "—", "for reference"
        else:
            target = f"≥ {item.target:g}×" if item.at_least else f"≤ {item.target:g}×"
            verdict = "PASS" if item.passed else "FAIL"
        note = f" ({item.note})" if item.note else ""
        lines.append(
            f"| {item.name} | {_figure(item.ours, item.unit)} | {_figure(item.floor, item.unit)} | "
            f"{item.ratio:.2f}× | {target} | {verdict}{note} |"
        )
    return "\n".join(lines)
