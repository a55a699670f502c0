"""Write output files atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefgen.errors import BriefgenError

# Every temporary file starts so: a build that was killed while writing leaves one, which the
# next build into the folder removes (`remove_partial`), knowing it for briefgen's by its name.
PARTIAL = ".briefgen-partial."


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{PARTIAL}{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BriefgenError(
            f"cannot write to {path.parent}: {error.strerror or error}",
            "choose an output folder you can write to (--out)",
        ) from error
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise BriefgenError(
            f"cannot write {path}: {error.strerror or error}", "check free space and permissions of the output folder"
        ) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_partial(folder: Path) -> None:
    """Remove the temporary files that writes killed part-way left in `folder` (not below it)."""
    try:
        names = [
            entry.name
            for entry in os.scandir(folder)
            if entry.name.startswith(PARTIAL) and entry.is_file(follow_symlinks=False)
        ]
    except OSError:
        return
    for name in names:
        try:
            os.unlink(folder / name)
        except OSError:
            pass
