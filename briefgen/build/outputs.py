"""Where `briefgen build` may write: an output folder of its own, apart from the briefs, where
it replaces or removes only files it wrote itself.

A build may run on briefs from an unreviewed pull request, and `--out` may be mistyped: the
output folder must neither lie in a brief's folder nor hold one, and a file that briefgen did
not write (the manifest, `.briefgen-manifest.json`, does not list it) is never overwritten or
removed. Other files in the output folder (say, setuptools' `build/lib`) are left alone.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.build.manifest import Manifest
from briefgen.errors import BriefgenError

_ELSEWHERE = "give an output folder of its own with --out, e.g. build/"


def check_output_folder(out: Path, briefs: list[Path]) -> None:
    """Refuse an output folder that is in a brief's folder or holds one (`--out briefs`,
    `--out briefs/x`, `--out .`), or that is a file."""
    target = out.resolve()
    for brief in briefs:
        folder = brief.parent.resolve()
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            raise BriefgenError(
                f"refusing to write into {out}: the briefs and their sources would be mixed with "
                f"the outputs (the brief {brief} is there)",
                _ELSEWHERE,
            )
    if target.exists() and not target.is_dir():
        raise BriefgenError(f"cannot write to {out}: it is a file, not a folder", _ELSEWHERE)


def check_replace(manifest: Manifest, name: str) -> None:
    """Refuse to write, replace or remove the file `name` (relative to the output folder) if it
    exists and briefgen did not write it, or if a link would take it out of the output folder."""
    path = manifest.out / name
    if not path.parent.resolve().is_relative_to(manifest.out.resolve()):
        raise BriefgenError(f"refusing to write {path}: a link leads it out of the output folder", _ELSEWHERE)
    if (path.exists() or path.is_symlink()) and name not in manifest.files:
        raise BriefgenError(f"refusing to replace {path}: briefgen did not write it", f"move it away, or {_ELSEWHERE}")
