"""The user's cache for briefgen: where `briefgen find` keeps the index of a big archive
(`briefgen.load.search_index`) and the sources of a brief it has read, so that a later query
need not parse the brief's YAML while the brief is unchanged.

The folder is `$BRIEFGEN_CACHE` (an empty value turns the cache off), else
`$XDG_CACHE_HOME/briefgen`, else `~/.cache/briefgen`; never the repository or a brief's folder.
What is kept there is used only from a folder of the user's own that no one else may write to,
only from files of the user's own that are not links, and only while what it was made from
(`stat_key`) is as it was; anything else there is read as nothing kept. It holds places and
names, never code: every archive a brief names is still checked as if nothing were kept.

The cache keeps itself tidy (`tidy`, whenever a run writes to it): a temporary file left by a
run killed while it wrote is removed once no running briefgen holds it (each holds a lock on
what it writes, and the lock goes with the process), and what is kept is removed once it has
gone unused for `UNUSED_DAYS` days (an index of an archive since deleted, moved or changed, the
sources of a brief gone); using it marks it used, at most once a day (`used`).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
import zlib
from pathlib import Path

try:
    import fcntl
except ImportError:  # (Windows: a temporary file is left alone for a day instead)
    fcntl = None  # type: ignore[assignment]

# What is kept and not used for this many days is removed.
UNUSED_DAYS = 30
_DAY = 86_400
# A temporary file no running briefgen holds is removed once untouched for this many seconds
# (the moment between making it and locking it; a day where there are no locks).
_LEFT_FOR = 10 if fcntl is not None else _DAY
_KEPT = (".sqlite", ".sources.json")


def cache_folder() -> Path | None:
    """The folder of the user's cache for briefgen, or None when there is none."""
    given = os.environ.get("BRIEFGEN_CACHE")
    if given is not None:
        return Path(given).absolute() if given else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "briefgen"


# The modules a brief's sources are read with: the YAML loader, and `find`, which picks them.
_BRIEF_CODE = (
    os.path.join(os.path.dirname(__file__), "document.py"),
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "commands", "find.py"),
)
_MOST_SOURCES_BYTES = 1 << 20
_SOURCES_FORMAT = 1


def _code_key(files: tuple[str, ...], version: int) -> str:
    """A format's version, the machine's byte order, and the files of the modules, as they stand."""
    parts = [str(version), sys.byteorder]
    for file in files:
        status = os.stat(file)
        parts.append(f"{status.st_size}:{status.st_mtime_ns}")
    return " ".join(parts)


def stat_key(path: Path, status: os.stat_result, code: tuple[str, ...], version: int) -> str:
    """What something kept for the file at `path` (its real path) was made from, as git's index
    trusts a file: its path, device, inode, size, modification and change times; and the code
    that made it (`_code_key`)."""
    taken = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    return f"{path}\n{':'.join(map(str, taken))}\n{_code_key(code, version)}"


def owned(status: os.stat_result) -> bool:
    """Whether the file is the user's own (on a system with owners)."""
    return not hasattr(os, "getuid") or status.st_uid == os.getuid()


def own_folder(cache: Path, create: bool) -> Path | None:
    """The folder in the cache where `find` keeps what it keeps, when it is a folder of the
    user's own that no one else may write to (created so when `create`)."""
    folder = cache / "index"
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_mode & 0o022 or not owned(status):
        return None
    return folder


def kept_file(folder: Path, path: Path, suffix: str) -> Path:
    """The file in the cache that keeps what is kept for `path`: named by two checksums of the path (zlib's, which
    the command line has imported already; two paths with the same name only replace each
    other's index, since an index names its archive's path inside)."""
    name = os.fsencode(path)
    return folder / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}{suffix}"


def writing(handle: int) -> None:
    """Mark the temporary file open on `handle` as being written, until it is closed (or the
    process ends), so that `tidy` leaves it."""
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass


def used(file: Path, status: os.stat_result) -> None:
    """Mark the kept file, whose status is `status`, used now (its modification time; at most
    once a day, which costs a query nothing)."""
    if time.time() - status.st_mtime > _DAY:
        try:
            os.utime(file)
        except OSError:
            pass


def tidy(folder: Path) -> None:
    """Remove from the cache's folder the temporary files that runs killed while writing left,
    and what is kept and has not been used for `UNUSED_DAYS` days: only regular files of the
    user's own, named as briefgen names them."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode) or not owned(status):
            continue
        name, age = entry.name, now - status.st_mtime
        if name.startswith(".") and name.endswith(".tmp"):
            gone = age > _LEFT_FOR and not _being_written(entry.path)
        else:
            gone = name.endswith(_KEPT) and age > UNUSED_DAYS * _DAY
        if gone:
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _being_written(path: str) -> bool:
    """Whether a running briefgen holds the temporary file at `path` (`writing`)."""
    if fcntl is None:
        return False
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True  # (gone already, or not to be touched)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)
    return False


def brief_sources(brief: Path, cache: Path) -> list[tuple[str, str]] | None:
    """The (id, archive) pairs of the brief's sources as `keep_brief_sources` kept them from the
    brief as it is now (its path and stat), or None: so that a query need not import the YAML
    loader to read a brief it has read before."""
    folder = own_folder(cache, create=False)
    if folder is None:
        return None
    try:
        path = Path(os.path.realpath(brief))
        key = stat_key(path, os.stat(path), _BRIEF_CODE, _SOURCES_FORMAT)
        file = kept_file(folder, path, ".sources.json")
        found = os.lstat(file)
        if not stat.S_ISREG(found.st_mode) or found.st_size > _MOST_SOURCES_BYTES or not owned(found):
            return None
        with open(file, "rb") as stream:
            kept = json.loads(stream.read(_MOST_SOURCES_BYTES))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key or not isinstance(kept.get("sources"), list):
        return None
    sources = kept["sources"]
    if not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair) for pair in sources):
        return None
    used(file, found)
    return [(source, archive) for source, archive in sources]


def keep_brief_sources(brief: Path, status: os.stat_result, sources: list[tuple[str, str]], cache: Path) -> None:
    """Keep the (id, archive) pairs of the brief's sources, read from it when it had `status`."""
    import tempfile

    folder = own_folder(cache, create=True)
    if folder is None:
        return
    path = Path(os.path.realpath(brief))
    text = json.dumps({"key": stat_key(path, status, _BRIEF_CODE, _SOURCES_FORMAT), "sources": sources})
    tidy(folder)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    writing(handle)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, kept_file(folder, path, ".sources.json"))
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
