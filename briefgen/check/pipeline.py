"""The validation pipeline: find brief files → load → shape → index → checks."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.brief.index import build_index
from briefgen.check.context import BriefContext
from briefgen.check.rules import run_checks
from briefgen.check.settings import Config, load_config
from briefgen.check.waivers import Waived, apply_waivers
from briefgen.diagnostics import Diagnostic
from briefgen.errors import UsageError
from briefgen.load.archives import read_archives
from briefgen.load.document import load_brief
from briefgen.load.limits import check_limits
from briefgen.load.shape import check_shape

BRIEF_FILE = "brief.yaml"
_SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "build"}


@dataclass
class Validated:
    """The outcome for one brief file: its diagnostics and, if its shape is valid, its context."""

    path: Path
    file: str
    diagnostics: list[Diagnostic]
    context: BriefContext | None
    waived: list[Waived] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


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


def validate_brief(path: Path, config: Config | None = None) -> Validated:
    """Run every layer of validation on one brief file, collecting every problem.

    `config` defaults to the settings of the brief's repository (`config.load_config`).
    """
    config = load_config(path.parent) if config is None else config
    file = display_path(path)
    loaded = load_brief(path, file)
    if loaded.data is None:
        return Validated(path, file, loaded.diagnostics, None)
    too_big = check_limits(loaded.data, loaded.lines, file, loaded.sizes)
    if too_big:
        return Validated(path, file, too_big, None)
    brief, problems = check_shape(loaded.data, loaded.lines, file)
    if brief is None:
        return Validated(path, file, problems, None)
    directory = path.parent
    archives = read_archives(directory, {source.id: source.archive for source in brief.sources})
    context = BriefContext(file, directory, brief, build_index(brief), loaded.lines, archives, config)
    kept, waived = apply_waivers(context, run_checks(context))
    found = apply_settings(kept, config)
    waived = [replace(w, diagnostic=shown[0]) for w in waived if (shown := apply_settings([w.diagnostic], config))]
    return Validated(path, file, sorted(found, key=Diagnostic.sort_key), context, waived)


def stopped_early(diagnostics: list[Diagnostic]) -> bool:
    """Whether validation of a brief stopped before its references: only loading, the limits and
    the shape report BG1xx and BG2xx, and each of them ends the run when it finds a problem."""
    return any(d.code.startswith(("BG1", "BG2")) for d in diagnostics)


def apply_settings(found: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Apply the repository's per-code severities (`off` drops a diagnostic)."""
    result = []
    for item in found:
        setting = config.severities.get(item.code)
        if setting == "off":
            continue
        result.append(item.with_severity(setting) if setting else item)
    return result
