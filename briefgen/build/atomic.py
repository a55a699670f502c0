"""Write output files atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefgen.errors import BriefgenError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
