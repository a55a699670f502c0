"""The user's cache for briefgen: where `briefgen find` keeps the index of a big archive
(`briefgen.load.search_index`) and the sources of a brief it has read, so that a later query
need not parse the brief's YAML while the brief is unchanged.

The folder is `$BRIEFGEN_CACHE` (an empty value turns the cache off), else
`$XDG_CACHE_HOME/briefgen`, else `~/.cache/briefgen`; never the repository or a brief's folder.
What is kept there is used only from a folder of the user's own that no one else may write to,
only from files of the user's own that are not links, and only while what it was made from
(`stat_key`) is as it was; anything else there is read as nothing kept. It holds places and
names, never code: every archive a brief names is still checked as if nothing were kept.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from pathlib import Path


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
    return [(source, archive) for source, archive in sources]


def keep_brief_sources(brief: Path, status: os.stat_result, sources: list[tuple[str, str]], cache: Path) -> None:
    """Keep the (id, archive) pairs of the brief's sources, read from it when it had `status`."""
    import tempfile

    folder = own_folder(cache, create=True)
    if folder is None:
        return
    path = Path(os.path.realpath(brief))
    text = json.dumps({"key": stat_key(path, status, _BRIEF_CODE, _SOURCES_FORMAT), "sources": sources})
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, kept_file(folder, path, ".sources.json"))
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
