"""Where a command works when it is not told: the repository of briefs, found from any folder of
it the way git finds its own, so that `briefgen validate` in `briefs/my-brief/` works.

Inside a git repository, from the current folder upwards (to the repository's top at most):

- a command without PATH works on the brief whose folder the current folder is in (its
  `brief.yaml` beside it or above it: `briefs/my-brief/` or its `sources/`), and elsewhere on the
  `briefs/` of the nearest folder that holds one (the whole repository when none does);
- the top, where outputs that belong to the briefs go (`build/`, `schemas/`, a new brief's
  `briefs/<slug>/`), is that nearest folder holding `briefs/`; when there is none yet, the
  current folder, where a first brief starts its `briefs/`.

Outside any repository the current folder is the top, and the default is its `briefs/` (or the
brief in the current folder). Paths are given relative to the current folder, so messages name
files as the user sees them from there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BRIEFS = "briefs"
BRIEF_FILE = "brief.yaml"


@dataclass(frozen=True)
class Workspace:
    """The folder a command works from, and the briefs it works on without a PATH."""

    top: Path
    briefs: tuple[Path, ...]


def find_workspace(start: Path | None = None) -> Workspace:
    here = (start or Path.cwd()).absolute()
    folders = [here, *here.parents]
    root = next((folder for folder in folders if (folder / ".git").exists()), None)
    if root is None:
        default = here if (here / BRIEF_FILE).is_file() else here / BRIEFS
        return Workspace(_relative(here), (_relative(default),))
    searched = folders[: folders.index(root) + 1]
    home = next((folder for folder in searched if (folder / BRIEFS).is_dir()), None)
    own = next((folder for folder in searched if (folder / BRIEF_FILE).is_file()), None)
    top = home or here
    if own is not None and (home is None or home in own.parents):
        return Workspace(_relative(top), (_relative(own),))
    return Workspace(_relative(top), (_relative(home / BRIEFS if home else root),))


def _relative(path: Path) -> Path:
    """`path` as seen from the current folder (`.` for the current folder itself)."""
    return Path(os.path.relpath(path))
