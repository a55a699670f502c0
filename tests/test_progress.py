"""Progress of a build: counts on each brief's line; a bar on a terminal only, cleared before
each line and at the end."""

from __future__ import annotations

import io

import pytest

from briefgen.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_log_each_line_carries_its_count_and_nothing_else_is_written() -> None:
    log, out = io.StringIO(), io.StringIO()
    progress = Progress(2, stream=log, out=out)
    progress.draw()
    progress.line("built a")
    progress.line("up to date b")
    progress.close()
    assert out.getvalue() == "built a [1/2]\nup to date b [2/2]\n"
    assert log.getvalue() == ""


def test_on_a_terminal_a_bar_is_drawn_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    terminal, out = Terminal(), io.StringIO()
    progress = Progress(4, stream=terminal, out=out)
    progress.line("built a")
    drawn = terminal.getvalue()
    assert drawn.startswith("\r\x1b[K\rrendering ━━━━━━────────────────── 1/4 briefs · 0:0")
    assert drawn.endswith("\x1b[K")
    progress.close()
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert out.getvalue() == "built a [1/4]\n"


def test_a_dumb_terminal_gets_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    terminal = Terminal()
    progress = Progress(1, stream=terminal, out=io.StringIO())
    progress.line("built a")
    progress.close()
    assert terminal.getvalue() == ""
