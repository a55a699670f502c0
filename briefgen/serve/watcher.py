"""File changes, as the briefs they concern: every input of a brief (its YAML, its archives, the
settings file that governs it, the templates) is watched, and a burst of saves (an editor that
writes a temporary file and renames it) comes as one batch. On Linux the watch is inotify's, read
by the event loop (`_Inotify`); elsewhere, or without inotify watches to spare, watchfiles'."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import os
import struct
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from briefgen.check.settings import CONFIG_FILE, PYPROJECT
from briefgen.load.paths import skipped

# A batch closes this long after its last change (ms): an editor's write-and-rename takes far less,
# and a save that comes later still is rendered after (see Previews.run: the last save wins). With
# watchfiles, a save waits one to two steps for its batch; each step wakes its thread (1 ms: about
# 3% of a core while idle, against 1.5% at 2 ms, for a save seen some 2 ms sooner).
STEP = 1
_SETTINGS = (CONFIG_FILE, PYPROJECT)


def settings_folders(root: Path) -> list[Path]:
    """The folders above `root` where a settings file that governs its briefs can be (or appear):
    up to the top of its repository, as `check.settings.find_config` looks."""
    folders = []
    for folder in root.absolute().parents:
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


class _Inputs(DefaultFilter):
    """Changes under the folders watched, less those in folders briefgen never reads briefs from."""

    def __init__(self, roots: list[Path]):
        super().__init__()
        self._roots = [root.absolute() for root in roots]

    def __call__(self, change: object, path: str) -> bool:
        if not super().__call__(change, path):  # type: ignore[arg-type]
            return False
        found = Path(path)
        for root in self._roots:
            if found.is_relative_to(root):
                return not any(skipped(part) for part in found.relative_to(root).parts[:-1])
        return True


async def watch(
    roots: list[Path],
    above: list[Path],
    stop: asyncio.Event,
    changed: Callable[[set[Path], bool], Awaitable[None]],
) -> None:
    """Call `changed` with each batch of changed paths under `roots` (recursively) and of
    settings files in the folders `above` (those alone, not what is under them), and whether any
    path in it was added or deleted (renamed too: from one name, to another), not only written."""
    existing = [path for path in roots if path.exists()]
    inotify = _Inotify.open(existing, [path for path in above if path.exists()])
    if inotify is None:  # not Linux, or no inotify watch left: watchfiles' own
        await _follow_everywhere(existing, above, stop, changed)
        return
    try:
        await inotify.follow(stop, changed)
    finally:
        inotify.close()


async def _follow_everywhere(
    roots: list[Path],
    above: list[Path],
    stop: asyncio.Event,
    changed: Callable[[set[Path], bool], Awaitable[None]],
) -> None:
    """The watch through watchfiles, on any platform: a batch closes `STEP` ms after its last change."""

    async def follow(paths: list[Path], recursive: bool, only_settings: bool) -> None:
        existing = [path for path in paths if path.exists()]
        if not existing:
            return
        watch_filter = (lambda change, path: Path(path).name in _SETTINGS) if only_settings else _Inputs(existing)
        async for batch in awatch(
            *existing,
            watch_filter=watch_filter,
            step=STEP,
            stop_event=stop,
            recursive=recursive,
            ignore_permission_denied=True,
        ):
            await changed({Path(path) for _, path in batch}, any(change != Change.modified for change, _ in batch))

    await asyncio.gather(follow(roots, True, False), follow(above, False, True))


# inotify(7): what is watched in each folder. A batch closes `STEP` ms after its last event, as
# watchfiles' does, but by a timer of the event loop rather than a step that wakes a thread;
# except that a lone file written in place closes its batch the moment it is closed (a save from
# an editor that writes the file itself, the common case: nothing else is coming). A batch with
# anything more (a file created, renamed or deleted: an editor that writes a temporary file and
# renames it, a backup, a checkout) waits for the quiet, so that a burst comes whole.
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_Q_OVERFLOW, _IN_IGNORED, _IN_ISDIR = 0x400, 0x800, 0x4000, 0x8000, 0x40000000
_IN_ONLYDIR, _IN_EXCL_UNLINK = 0x01000000, 0x04000000
_WRITTEN = _IN_MODIFY | _IN_CLOSE_WRITE
_MOVED = _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF
_MASK = _WRITTEN | _IN_ATTRIB | _MOVED | _IN_ONLYDIR | _IN_EXCL_UNLINK
_EVENT = struct.Struct("iIII")


class _Inotify:
    """The watch on Linux: inotify's descriptor read by the event loop itself, without a thread
    or a step of its own (watchfiles wakes a thread every step, about 3% of a core while idle,
    and its batch comes one to two steps after its last change, through that thread: ~2 ms of a
    save). Changes after a batch closed come in the next one, which `Previews.run` renders after
    (the last save wins)."""

    def __init__(self, fd: int, add: Callable[[int, bytes, int], int], roots: list[Path]):
        self._fd, self._add, self._roots = fd, add, roots
        self._folders: dict[int, tuple[Path, bool]] = {}  # watch → (folder, recursive)
        self._filter = _Inputs(roots)
        self._paths: set[Path] = set()
        self._moved = False
        self._lone = True  # the batch is one file, only written (closed: `_closed`)
        self._closed = False
        self._quiet: asyncio.TimerHandle | None = None
        self._batches: asyncio.Queue[tuple[set[Path], bool] | None] = asyncio.Queue()  # None: stop

    @classmethod
    def open(cls, roots: list[Path], above: list[Path]) -> _Inotify | None:
        """A watch of `roots` (recursively) and of the settings files in `above`, or None where
        there is no inotify (or not enough watches for every folder)."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):  # pragma: no cover - a libc without inotify
            return None
        if fd < 0:
            return None
        watcher = cls(fd, libc.inotify_add_watch, roots)
        if not all(watcher._watch_tree(root) for root in roots) or not all(
            watcher._watch(folder, False) for folder in above
        ):
            watcher.close()
            return None
        return watcher

    def _watch(self, folder: Path, recursive: bool) -> bool:
        number = self._add(self._fd, os.fsencode(folder), _MASK)
        if number < 0:
            return ctypes.get_errno() in (errno.ENOENT, errno.ENOTDIR, errno.EACCES)  # gone, or not ours to read
        kept = self._folders.get(number)
        self._folders[number] = (folder, recursive or (kept is not None and kept[1]))
        return True

    def _watch_tree(self, root: Path) -> bool:
        for folder, subfolders, _ in os.walk(root):
            subfolders[:] = [name for name in subfolders if not skipped(name)]
            if not self._watch(Path(folder), True):
                return False
        return True

    async def follow(self, stop: asyncio.Event, changed: Callable[[set[Path], bool], Awaitable[None]]) -> None:
        loop = asyncio.get_running_loop()
        loop.add_reader(self._fd, self._read)
        # The stop comes as a batch of its own: a task and a wait for the first of two each
        # batch cost its way to `changed` two more turns of the event loop.
        stopping = asyncio.ensure_future(stop.wait())
        stopping.add_done_callback(lambda _: self._batches.put_nowait(None))
        try:
            while (batch := await self._batches.get()) is not None:
                await changed(*batch)
        finally:
            stopping.cancel()
            loop.remove_reader(self._fd)

    def _read(self) -> None:
        chunks = []
        with contextlib.suppress(BlockingIOError):
            while True:
                chunks.append(os.read(self._fd, 65536))
        data = b"".join(chunks)
        offset = 0
        lost = False
        while offset < len(data):
            number, mask, _, size = _EVENT.unpack_from(data, offset)
            name = data[offset + _EVENT.size : offset + _EVENT.size + size].rstrip(b"\0")
            offset += _EVENT.size + size
            lost |= self._event(number, mask, os.fsdecode(name))
        if self._quiet is not None:
            self._quiet.cancel()
            self._quiet = None
        if lost or (self._lone and self._closed):
            self._close_batch()
        elif self._paths:
            self._quiet = asyncio.get_running_loop().call_later(STEP / 1000, self._close_batch)

    def _event(self, number: int, mask: int, name: str) -> bool:
        """Take one event into the batch; whether events were lost (the queue overflowed)."""
        if mask & _IN_Q_OVERFLOW:  # anything in any folder may have changed
            self._paths.update(folder for folder, _ in self._folders.values())
            self._moved = True
            return True
        found = self._folders.get(number)
        if mask & _IN_IGNORED or found is None:
            self._folders.pop(number, None)
            return False
        folder, recursive = found
        path = folder / name if name else folder
        if not recursive and (not name or name not in _SETTINGS):
            return False
        if mask & _IN_ISDIR and mask & (_IN_MOVED_FROM | _IN_DELETE):  # its events are no longer under `path`
            self._folders = {key: kept for key, kept in self._folders.items() if not kept[0].is_relative_to(path)}
        if mask & _IN_ISDIR and mask & (_IN_CREATE | _IN_MOVED_TO) and recursive and not skipped(name):
            self._watch_tree(path)  # a folder that appears: what is in it, and what it will hold
        change = Change.added if mask & (_IN_CREATE | _IN_MOVED_TO) else Change.modified
        change = Change.deleted if mask & (_IN_DELETE | _IN_MOVED_FROM | _IN_DELETE_SELF) else change
        if recursive and not self._filter(change, str(path)):
            return False
        if mask & _IN_CLOSE_WRITE and path not in self._paths:
            return False  # opened for writing, closed unwritten (or its writes are in a batch gone)
        self._lone &= not mask & ~_WRITTEN and (not self._paths or self._paths == {path})
        self._closed = bool(mask & _IN_CLOSE_WRITE)
        self._paths.add(path)
        self._moved |= bool(mask & _MOVED)
        return False

    def _close_batch(self) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
            self._quiet = None
        if self._paths:
            self._batches.put_nowait((self._paths, self._moved))
        self._paths, self._moved, self._lone, self._closed = set(), False, True, False

    def close(self) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
        os.close(self._fd)
