"""Files generated from briefgen's own code (the JSON Schema, the reference docs), which are
committed: is a copy current?"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BriefgenError


def staleness(path: Path, text: str, origin: str) -> str | None:
    """How the file at `path` differs from `text`, the content generated from `origin` (e.g. "the
    models"): "is missing", "is out of date with the models", or None when it is current."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "is missing"
    except (OSError, UnicodeDecodeError) as error:
        raise BriefgenError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from error
    return None if current == text else f"is out of date with {origin}"
