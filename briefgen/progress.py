"""Progress of a long build: a bar that redraws itself on a terminal, plain lines in logs.

Each brief's own line (`built …`, `up to date …`) carries its count, `[3/10]`, so a CI log
shows progress without control characters; on a terminal a bar on standard error also shows
how far the build is and how long it has run, and is cleared before each line is printed.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_WIDTH = 24


def is_terminal(stream: TextIO) -> bool:
    """True when `stream` is an interactive terminal that understands `\\r` and erase-line."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return interactive and os.environ.get("TERM", "") != "dumb"


class Progress:
    """Counts briefs done out of `total` and prints each brief's line with its count."""

    def __init__(self, total: int, stream: TextIO | None = None, out: TextIO | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.out = out or sys.stdout
        self.live = is_terminal(self.stream)
        self.started = time.monotonic()

    def line(self, text: str) -> None:
        """Print one brief's line as done, with its count, and redraw the bar below it."""
        self.done += 1
        self._clear()
        print(f"{text} [{self.done}/{self.total}]", file=self.out, flush=True)
        self.draw()

    def draw(self) -> None:
        """Draw the bar (on a terminal only)."""
        if not self.live or self.total <= 0:
            return
        filled = _WIDTH * min(self.done, self.total) // self.total
        seconds = int(time.monotonic() - self.started)
        bar = "━" * filled + "─" * (_WIDTH - filled)
        self.stream.write(
            f"\rrendering {bar} {self.done}/{self.total} briefs · {seconds // 60}:{seconds % 60:02d}\x1b[K"
        )
        self.stream.flush()

    def close(self) -> None:
        """Remove the bar, leaving the terminal as it was."""
        self._clear()

    def _clear(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
