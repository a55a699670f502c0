"""The validation pipeline: find brief files → load → shape → index → checks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.archives import read_archive
from briefgen.checks import run_checks
from briefgen.config import Config
from briefgen.context import BriefContext
from briefgen.diagnostics import Diagnostic
from briefgen.errors import UsageError
from briefgen.index import build_index
from briefgen.loader import load_brief
from briefgen.shape import check_shape

BRIEF_FILE = "brief.yaml"
_SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build"}


@dataclass
class Validated:
    """The outcome for one brief file: its diagnostics and, if its shape is valid, its context."""

    path: Path
    file: str
    diagnostics: list[Diagnostic]
    context: BriefContext | None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def find_briefs(paths: list[Path]) -> list[Path]:
    """Brief files named by `paths`: files as given, folders searched for `brief.yaml`."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(_walk(path))
        else:
            raise UsageError(f"no such file or folder: {path}", "give a brief file or a folder of briefs")
    return list(dict.fromkeys(found))


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        if BRIEF_FILE in files:
            found.append(Path(root) / BRIEF_FILE)
    return found


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working folder when inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_brief(path: Path, config: Config | None = None) -> Validated:
    """Run every layer of validation on one brief file, collecting every problem."""
    config = config or Config()
    file = display_path(path)
    loaded = load_brief(path, file)
    if loaded.data is None:
        return Validated(path, file, loaded.diagnostics, None)
    brief, problems = check_shape(loaded.data, loaded.lines, file)
    if brief is None:
        return Validated(path, file, problems, None)
    directory = path.parent
    archives = {source.id: read_archive(directory, source.archive) for source in brief.sources}
    context = BriefContext(file, directory, brief, build_index(brief), loaded.lines, archives, config)
    found = apply_settings(run_checks(context), config)
    return Validated(path, file, sorted(found, key=Diagnostic.sort_key), context)


def apply_settings(found: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Apply the repository's per-code severities (`off` drops a diagnostic)."""
    result = []
    for item in found:
        setting = config.severities.get(item.code)
        if setting == "off":
            continue
        result.append(item.with_severity(setting) if setting else item)
    return result
