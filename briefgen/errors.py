"""Exceptions for when briefgen cannot go on; only the CLI turns them into text and an exit code."""

from __future__ import annotations


class BriefgenError(Exception):
    """A failure that stops a command: usage or I/O. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(BriefgenError):
    """The command line asks for something impossible (a missing path, a bad option)."""


class OutputClosed(BriefgenError):
    """The reader of standard output stopped early (`| head`); the command's exit code stands."""

    def __init__(self, exit_code: int):
        super().__init__("standard output was closed")
        self.exit_code = exit_code


class OutputError(BriefgenError):
    """Standard output cannot be written (a full disk, a closed terminal)."""
