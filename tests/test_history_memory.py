"""`history` holds as much for many versions as for few: each version is read, followed into the
tracks and dropped (tests/linear.py's kind of test, for memory: no absolute figure asserted)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from briefgen.versions.history import history_of
from briefgen.versions.revisions import Repository
from versions_support import BASE, GitRepo, edit, isolated_git  # noqa: F401 (isolated_git is an autouse fixture)

TERMS = ("likely", "very likely", "roughly even chance", "unlikely")
# A long rationale (48,000 characters, under the limit) makes holding every version show.
PADDING = "One source says so. " * 2_400


def _repo(root: Path, versions: int) -> Repository:
    repo = GitRepo(root)
    repo.add_brief()
    for n in range(versions):
        text = edit(
            BASE,
            ('version: "1.0"', f'version: "1.{n}"'),
            ("    likelihood: likely\n    confidence", f"    likelihood: {TERMS[n % 4]}\n    confidence"),
            ("rationale: One source says so.", f"rationale: {PADDING}{n}"),
        )
        repo.write(text)
        repo.commit(f"Version 1.{n}", f"2026-02-01T10:{n:02d}:00+00:00")
    return Repository(root)


def _peak(repo: Repository) -> tuple[int, int]:
    tracemalloc.start()
    try:
        history = history_of(repo, "briefs/versioned/brief.yaml")
        return tracemalloc.get_traced_memory()[1], len(history.versions)
    finally:
        tracemalloc.stop()


def test_history_memory_does_not_grow_with_the_versions(tmp_path: Path) -> None:
    few, many = _repo(tmp_path / "few", 8), _repo(tmp_path / "many", 32)
    (few_peak, few_versions), (many_peak, many_versions) = _peak(few), _peak(many)
    assert (few_versions, many_versions) == (8, 32)
    # Holding every version would take 4 times as much: 32 versions may take a little more.
    assert many_peak < 1.5 * few_peak, f"8 versions: {few_peak:,} bytes at the peak; 32: {many_peak:,}"


def test_history_still_tracks_every_version(tmp_path: Path) -> None:
    history = history_of(_repo(tmp_path / "r", 5), "briefs/versioned/brief.yaml")
    assert [version.number for version in history.versions] == ["1.0", "1.1", "1.2", "1.3", "1.4"]
    (kj1,) = [track for track in history.tracks if track.id == "KJ1"]
    assert kj1.terms == ["likely", "very likely", "roughly even chance", "unlikely", "likely"]
