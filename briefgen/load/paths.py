"""Finding brief files: which paths name which briefs, and how a path is shown in diagnostics.

The first step of every command, before anything is read: folders are searched for `brief.yaml`,
and a file inside a brief's folder stands for its brief.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import UsageError

if TYPE_CHECKING:
    from briefgen.diagnostics import Diagnostic

BRIEF_FILE = "brief.yaml"
# The code of a path given to a command that names no brief.
NO_BRIEF = "BG116"
# Its hint, one for every way a path names no brief (missing, a folder holding none, a file that is none).
NO_BRIEF_HINT = f"give a brief file, a folder of briefs (each as <slug>/{BRIEF_FILE}), or a file in a brief's folder"
_SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build"}


def find_briefs(paths: list[Path]) -> list[Path]:
    """Brief files named by `paths`, each once: folders are searched for `brief.yaml`; a file under
    a brief's `sources/` folder, or any other file in its folder that is not YAML, stands for that
    brief (pre-commit passes changed sources so); any other YAML file is taken as a brief. A path
    that names no brief stops the command (UsageError)."""
    found: list[Path] = []
    for path in paths:
        named = _named(path)
        if isinstance(named, tuple):
            raise UsageError(f"{named[0]}: {path}" if named[0] == _MISSING else f"{path} is {named[0]}", named[1])
        found.extend(named)
    return _unique(found)


def locate_briefs(paths: Sequence[Path | str]) -> tuple[list[Path], list[Diagnostic]]:
    """`find_briefs` for a command that reports every path: a path that names no brief (missing, a
    file that is no brief, or a folder that holds none) is a BG116 diagnostic of its own, and the
    briefs the other paths name are still found. A path given as text (as typed: `nope/`, which
    `Path` would make `nope`) is shown as given."""
    from briefgen.diagnostics import diagnostic  # here: `find` and the others need no diagnostics

    found: list[Path] = []
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        named = _named(path)
        if not named and path.is_dir():
            named = (f"no {BRIEF_FILE} in this folder or under it", NO_BRIEF_HINT)
        if isinstance(named, tuple):
            shown = given if isinstance(given, str) else display_path(path)
            problems.append(diagnostic(NO_BRIEF, named[0], shown, hint=named[1]))
        else:
            found.extend(named)
    return _unique(found), problems


_MISSING = "no such file or folder"


def _named(path: Path) -> list[Path] | tuple[str, str]:
    """The brief files `path` names, or why it names none (what is wrong, and the hint)."""
    if path.is_dir():
        return _walk(path)
    if not path.is_file():
        return (_MISSING, NO_BRIEF_HINT)
    if path.name == BRIEF_FILE:
        return [path]
    owner = brief_for(path)
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    if owner is not None and (not is_yaml or path.absolute().is_relative_to(owner.parent / "sources")):
        return [owner]
    if is_yaml:
        return [path]
    return ("not a brief: not a YAML file, and in no brief's folder", NO_BRIEF_HINT)


def _unique(found: list[Path]) -> list[Path]:
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


def from_repository_top(shown: str) -> str:
    """A path as `display_path` shows it (relative to the current folder), relative instead to the
    top of the git work tree holding it (the folder holding `.git`), as GitHub's annotations need
    it whatever folder the command ran in; outside any repository, as it was shown."""
    path = Path(os.path.abspath(shown))  # `..` resolved, as git names files
    for folder in path.parents:
        if (folder / ".git").exists():
            return path.relative_to(folder).as_posix()
    return shown
