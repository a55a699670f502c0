"""Where `briefgen build` may write: an output folder of its own, apart from the briefs, where
it replaces or removes only files it wrote itself, one build at a time.

A build may run on briefs from an unreviewed pull request, and `--out` may be mistyped: no output
may go into a brief's folder (any brief's, built or not), the output folder may not hold a
brief being built, and a file that briefgen did not write (the manifest, `.briefgen-manifest.json`,
does not list it) is never overwritten or removed, unless it already holds exactly the bytes
briefgen would write (the outputs of a build whose manifest was deleted: taking them back changes
nothing). Other files in the output folder (say, setuptools' `build/lib`) are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.build.manifest import MAX_OUTPUT_BYTES, Manifest, digest
from briefgen.errors import BriefgenError
from briefgen.load.document import FileProblem, read_file

_ELSEWHERE = "give an output folder of its own with --out, e.g. build/"
BRIEF_FILE = "brief.yaml"


def check_output_folder(out: Path, briefs: list[Path]) -> None:
    """Refuse an output folder that is in a brief's folder (`--out briefs/x/sources`, whichever
    brief that is) or holds a brief being built (`--out briefs`, `--out .`), or that is a file."""
    target = out.resolve()
    for brief in briefs:
        folder = brief.parent.resolve()
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            raise BriefgenError(
                f"refusing to write into {out}: the briefs and their sources would be mixed with "
                f"the outputs (the brief {brief} is there)",
                _ELSEWHERE,
            )
    for folder in (target, *target.parents):
        if (folder / BRIEF_FILE).exists():
            from briefgen.load.paths import display_path

            raise BriefgenError(
                f"refusing to write into {out}: it lies in the folder of the brief {display_path(folder / BRIEF_FILE)}",
                _ELSEWHERE,
            )
    if target.exists() and not target.is_dir():
        raise BriefgenError(f"cannot write to {out}: it is a file, not a folder", _ELSEWHERE)


def check_replace(manifest: Manifest, name: str, data: bytes | None = None) -> None:
    """Refuse to write, replace or remove the file `name` (relative to the output folder) if it
    exists and briefgen did not write it (unless it holds `data` already), if a link would take
    it out of the output folder, or if a folder on its way holds a brief. Without `data` (before
    rendering), a file that names briefgen as its generator is left for the check with `data`."""
    path = manifest.out / name
    out = manifest.out.resolve()
    if not path.parent.resolve().is_relative_to(out):
        raise BriefgenError(f"refusing to write {path}: a link leads it out of the output folder", _ELSEWHERE)
    for folder in (path.parent, *path.parent.parents):
        if (folder / BRIEF_FILE).exists():
            raise BriefgenError(f"refusing to write {path}: {folder} is a brief's folder", _ELSEWHERE)
        if folder.resolve() == out:
            break
    if name in manifest.files or not (path.exists() or path.is_symlink()):
        return
    held = read_file(path, len(data) if data is not None else MAX_OUTPUT_BYTES, own_name=False)
    if not isinstance(held, FileProblem):
        if data is not None and digest(held) == digest(data):
            return
        if data is None and _GENERATOR in held[:_HEAD]:
            return
    raise BriefgenError(
        f"refusing to replace {path}: briefgen did not write it",
        f"move it away, or {_ELSEWHERE}",
    )


# What every page briefgen writes carries in its head, to know its own listing page before
# rendering, when the manifest that listed it was deleted.
_GENERATOR = b'<meta name="generator" content="briefgen'
_HEAD = 4096


@contextmanager
def output_lock(out: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the output folder for this build: a second build into it waits (after `on_wait`)
    until the first is done. The lock is the folder's own (flock), so no file is left behind and
    a build that is killed releases it. A folder made for the lock and left empty is removed."""
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise BriefgenError(f"cannot write to {out}: {error.strerror or error}", _ELSEWHERE) from error
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
        if made:
            try:
                out.rmdir()  # only if nothing was written into it
            except OSError:
                pass
