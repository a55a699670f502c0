"""Reading a file safely: opened without blocking and without following a final symbolic link,
checked to be a regular file of its own (no other hard-linked name) within a size limit, and
only then read. Kept apart from the YAML loader so that reading an archive imports no YAML."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple


class FileProblem(NamedTuple):
    """Why a file was not read: `missing`, `link`, `hard-link` (a file with other names),
    `folder`, `special` (a pipe or a device), `too-large` or `unreadable`, with a detail (the
    size, the number of links, or the system's message)."""

    kind: str
    detail: str = ""


def read_file(path: Path, limit: int, *, own_name: bool = True) -> bytes | FileProblem:
    """The bytes of a regular file of at most `limit` bytes. The file is opened without blocking
    and without following a final symbolic link, then checked: a pipe, a device or a link (which
    could lead anywhere, or never end) is a problem, never read. With `own_name`, so is a file
    with more than one (hard) link: its other name may be anywhere on the disk, outside the
    folder it is read for (a checkout never makes one)."""
    opened = open_file(path, limit, own_name=own_name)
    if isinstance(opened, FileProblem):
        return opened
    fd, status = opened
    try:
        return read_opened(fd, status, limit)
    finally:
        os.close(fd)


def open_file(path: Path, limit: int, *, own_name: bool = True) -> tuple[int, os.stat_result] | FileProblem:
    """A file descriptor open on `path` and its status, checked as `read_file` checks it (the
    caller closes it), or the problem."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except (FileNotFoundError, NotADirectoryError):
        return FileProblem("missing")
    except OSError as error:
        if error.errno == errno.ELOOP and path.is_symlink():
            return FileProblem("link")
        return FileProblem("unreadable", error.strerror or str(error))
    problem = None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            problem = FileProblem("folder" if stat.S_ISDIR(status.st_mode) else "special")
        elif own_name and status.st_nlink > 1:
            problem = FileProblem("hard-link", str(status.st_nlink))
        elif status.st_size > limit:
            problem = FileProblem("too-large", f"{status.st_size:,}")
    except OSError as error:
        problem = FileProblem("unreadable", error.strerror or str(error))
    if problem is not None:
        os.close(fd)
        return problem
    return fd, status


def read_opened(fd: int, status: os.stat_result, limit: int) -> bytes | FileProblem:
    """The bytes of a file `open_file` opened (left open), at most `limit` of them."""
    try:
        with os.fdopen(os.dup(fd), "rb") as stream:
            stream.seek(0)
            # As much as the file holds and a byte more, not `limit + 1` at once: a read allocates
            # what it is asked for first. The extra byte shows a file that grew since `fstat`.
            raw = stream.read(status.st_size + 1)
            if len(raw) > status.st_size:
                raw += stream.read(limit + 1 - len(raw))
    except OSError as error:
        return FileProblem("unreadable", error.strerror or str(error))
    return FileProblem("too-large", f"more than {limit:,}") if len(raw) > limit else raw
