"""Finding brief files: which paths name which briefs, and how a path is shown in diagnostics.

The first step of every command, before anything is read: folders are searched for `brief.yaml`,
and a file inside a brief's folder stands for its brief.
"""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.errors import UsageError

BRIEF_FILE = "brief.yaml"
_SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build"}


def find_briefs(paths: list[Path]) -> list[Path]:
    """Brief files named by `paths`, each once: folders are searched for `brief.yaml`; a file under
    a brief's `sources/` folder, or any other file in its folder that is not YAML, stands for that
    brief (pre-commit passes changed sources so); any other YAML file is taken as a brief."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path))
        elif path.is_file():
            found.append(_brief_of_file(path))
        else:
            raise UsageError(f"no such file or folder: {path}", "give a brief file or a folder of briefs")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def brief_for(path: Path) -> Path | None:
    """The `brief.yaml` of the brief whose folder holds `path`, looking no higher than the top of
    its repository (the folder holding `.git`); None when no brief's folder holds it."""
    for folder in path.absolute().parents:
        if (folder / BRIEF_FILE).is_file():
            return folder / BRIEF_FILE
        if (folder / ".git").exists():
            return None
    return None


def _brief_of_file(path: Path) -> Path:
    if path.name == BRIEF_FILE:
        return path
    owner = brief_for(path)
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    if owner is not None and (not is_yaml or path.absolute().is_relative_to(owner.parent / "sources")):
        return owner
    if is_yaml:
        return path
    raise UsageError(
        f"{path} is not a brief: not a YAML file, and in no brief's folder",
        "give brief files, folders of briefs, or files inside a brief's folder",
    )


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not skipped(d))
        if BRIEF_FILE in files:
            found.append(Path(root) / BRIEF_FILE)
    return found


def skipped(folder: str) -> bool:
    """Whether the search for briefs passes over a folder of this name (tools, output, hidden)."""
    return folder in _SKIPPED_DIRS or folder.startswith(".")


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working folder when inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
