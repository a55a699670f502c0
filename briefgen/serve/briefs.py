"""What the server knows of each brief under the folder it serves: its key (its folder, which
names its pages), its last good render (written into the preview folder), what it is now
(diagnostics, or why it could not be rendered), and whether it was removed."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from briefgen.build.pipeline import Failure
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.paths import display_path, find_briefs
from briefgen.render import views
from briefgen.serve.renders import Preview, Served, remove


@dataclass
class Brief:
    """One brief as the server has it."""

    key: str  # its folder, relative to the folder served ("russia-syria-security")
    path: Path  # its brief.yaml
    file: str  # as diagnostics name it
    generation: int = 0  # previews applied so far; 0: not rendered yet
    diagnostics: tuple[Diagnostic, ...] = ()
    problem: Failure | None = None
    listed: views.Listed | None = None  # its last good render's listing entry
    files: frozenset[str] = frozenset()  # the last good render's files, under key/
    versions: dict[str, bytes] = field(default_factory=dict)  # each of those files' version (Preview.versions)
    spares: dict[str, str] = field(default_factory=dict)  # Served.spares: file name → its spare
    removed: bool = False
    pdf: tuple[int, str] | None = None  # (generation, inputs hash) of the PDF made last
    pdf_failure: tuple[int, Failure] | None = None

    @property
    def href(self) -> str:
        return "/" + quote(self.key) + "/"

    @property
    def valid(self) -> bool:
        return self.problem is None and not any(d.severity == "error" for d in self.diagnostics)

    @property
    def folder(self) -> Path:
        return self.path.parent.absolute()


@dataclass
class Briefs:
    """Every brief under the folder served, and the preview folder their pages are written to."""

    root: Path
    preview: Path
    entries: dict[str, Brief] = field(default_factory=dict)
    missing: str | None = None  # why the folder served cannot be searched now

    def scan(self) -> tuple[list[Brief], list[Brief]]:
        """Find the briefs again: (the briefs added, or back, since the last scan; those removed)."""
        try:
            paths = find_briefs([self.root])
            self.missing = None
        except BriefgenError as error:
            paths, self.missing = [], error.message
        found = {self.key_of(path): path for path in paths}
        added: list[Brief] = []
        for key, path in sorted(found.items()):
            entry = self.entries.get(key)
            if entry is None or entry.removed or entry.path != path:
                entry = Brief(key, path, display_path(path))
                self.entries[key] = entry
                added.append(entry)
        removed = [entry for key, entry in self.entries.items() if key not in found and not entry.removed]
        for entry in removed:
            entry.removed = True
        return added, removed

    def key_of(self, path: Path) -> str:
        """The key of the brief at `path`: its folder inside the folder served."""
        if self.root.is_file() or path.name != "brief.yaml":
            return path.stem if path.name != "brief.yaml" else path.absolute().parent.name
        folder = path.absolute().parent
        relative = folder.relative_to(self.root.absolute()).as_posix()
        return folder.name if relative == "." else relative

    def owner(self, changed: Path) -> Brief | None:
        """The brief whose folder holds `changed` (the nearest, for briefs inside briefs)."""
        best: Brief | None = None
        for entry in self.entries.values():
            if entry.removed:
                continue
            if changed == entry.path or changed.is_relative_to(entry.folder):
                if best is None or len(entry.folder.parts) > len(best.folder.parts):
                    best = entry
        return best

    def listing(self) -> list[views.Listed]:
        """The listing entries of the briefs with a good render, in the order `build` lists them."""
        shown = [entry for entry in self.entries.values() if entry.listed and not entry.removed]
        listed = [
            views.Listed(
                **{**entry.listed, "href": entry.href, "pdf_href": "/_serve/pdf/" + quote(entry.key)}  # type: ignore[typeddict-item]
            )
            for entry in shown
        ]
        return sorted(listed, key=lambda item: (item["title"].casefold(), item["id"]))

    def served(self, entry: Brief) -> Served:
        """What the preview worker is told of a brief's files with a request."""
        return Served(self.preview / entry.key, dict(entry.versions), dict(entry.spares))

    def apply(self, entry: Brief, preview: Preview) -> list[str]:
        """Take a brief's new preview: put its files in place when it rendered, keep the last
        good ones when it did not. The files they replace, kept under another name (see `_put`),
        are the spares the worker writes its next files over; returns the spares no longer
        needed, for the caller to remove once the reload is announced."""
        entry.generation += 1
        entry.diagnostics, entry.problem = preview.diagnostics, preview.problem
        if entry.pdf_failure and entry.pdf_failure[0] != entry.generation:
            entry.pdf_failure = None
        if preview.rendered is None:
            return []
        folder = self.preview / entry.key
        # The files left out of the preview are those the entry has, with these very versions.
        assert all(
            entry.versions.get(name) == version
            for name, version in preview.versions.items()
            if name not in preview.staged
        )
        unused = {name: spare for name, spare in entry.spares.items() if preview.staged.get(name) != spare}
        replaced = {name: _put(staged, folder / name) for name, staged in sorted(preview.staged.items())}
        for name in entry.files - set(preview.versions):
            (folder / name).unlink(missing_ok=True)
        # Pages alone are written over: the app reads a page whole in one step of its event loop,
        # where it streams any other file, which could still be read from its old copy.
        spares = {name: old for name, old in replaced.items() if old is not None and name.endswith(".html")}
        kept = {name: spare for name, spare in unused.items() if name in preview.versions and name not in spares}
        entry.spares = kept | spares
        entry.files, entry.versions = frozenset(preview.versions), dict(preview.versions)
        entry.listed = preview.rendered.listed
        gone = [old for name, old in replaced.items() if old is not None and name not in spares]
        return gone + [spare for name, spare in unused.items() if name not in kept]

    def drop(self, entry: Brief, preview: Preview) -> None:
        """A preview that will not be shown (a later save came): its staged files go, but for
        the brief's spares (written over, they stay its spares)."""
        preview.discard(keep=set(entry.spares.values()))

    def forget(self, entry: Brief) -> None:
        """A brief removed: its pages go (the server answers for it that it was removed)."""
        shutil.rmtree(self.preview / entry.key, ignore_errors=True)
        remove(entry.spares.values())
        entry.files, entry.versions, entry.spares, entry.listed = frozenset(), {}, {}, None


def _put(staged: str, path: Path) -> str | None:
    """Rename a staged file over `path` (whole: a page served meanwhile is the old one or the
    new one). The old file is first linked under the staged file's name with ".old" added (or
    taken off, when the staged file was a spare of that name), which is returned: renamed over,
    its blocks would be freed in the rename, which on a disk mounted with `discard` costs a save
    some 0.5 ms (three times the rename itself)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = staged.removesuffix(".old") if staged.endswith(".old") else staged + ".old"
    try:
        os.link(path, aside)
    except OSError:  # no old file, or a file system without hard links
        aside = ""
    os.replace(staged, path)
    return aside or None
