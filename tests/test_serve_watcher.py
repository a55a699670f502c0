"""serve's file watch: on Linux, inotify read by the event loop (`_Inotify`); it reports the same
changes as watchfiles' watch, the plain one every platform has, and follows folders that appear."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("watchfiles", reason="needs the serve extra (pip install -e '.[serve]')")

from briefgen.serve.watcher import _follow_everywhere, _Inotify, watch  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

FILES = ("b/brief.yaml", "b/sources/S1.txt", "b/notes.md", "c/brief.yaml")
OPS = ("write", "replace", "delete", "touch", "hidden", "settings", "beside-settings")


class Seen:
    """What a watch reported: the paths of every batch, and whether any batch moved a file."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.moved = False

    async def changed(self, paths: set[Path], moved: bool) -> None:
        self.paths |= paths
        self.moved |= moved


def _tree(top: Path) -> tuple[Path, Path]:
    root = top / "repo" / "briefs"
    for name in FILES[:2]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("first\n", encoding="utf-8")
    (root / "b" / ".git").mkdir()
    (root / "c").mkdir()
    (root / "marker.txt").write_text("", encoding="utf-8")
    return root, root.parent


def _do(root: Path, above: Path, op: str, name: str) -> None:
    path = root / name
    if op == "write":
        path.write_text(f"written {name}\n", encoding="utf-8")
    elif op == "replace":  # as an editor saves: a temporary file renamed over the file
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(f"replaced {name}\n", encoding="utf-8")
        os.replace(temporary, path)
    elif op == "delete" and path.exists():
        path.unlink()
    elif op == "touch" and path.exists():
        os.utime(path, (1, 1))
    elif op == "hidden":
        (root / "b" / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    elif op == "settings":
        (above / "briefgen.toml").write_text("[briefgen]\n", encoding="utf-8")
    elif op == "beside-settings":
        (above / "notes.txt").write_text("not a setting\n", encoding="utf-8")


async def _until(seen: list[Seen], path: Path, poke: Callable[[], None] | None = None) -> None:
    """Wait until every watch has reported `path` (poking it again meanwhile, when `poke`)."""
    for _ in range(500):
        if all(path in one.paths for one in seen):
            return
        if poke is not None:
            await asyncio.to_thread(poke)
        await asyncio.sleep(0.02)
    raise AssertionError(f"{path} was not reported by every watch: {[sorted(one.paths) for one in seen]}")


def _both(top: Path, ops: list[tuple[str, str]]) -> tuple[Seen, Seen]:
    """The changes the inotify watch and watchfiles' report for the same operations."""
    root, above = _tree(top)
    marker = root / "marker.txt"

    async def run() -> tuple[Seen, Seen]:
        fast, plain = Seen(), Seen()
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(watch([root], [above], stop, fast.changed)),
            asyncio.create_task(_follow_everywhere([root], [above], stop, plain.changed)),
        ]
        await _until([fast, plain], marker, lambda: marker.write_text("ready\n", encoding="utf-8"))
        await asyncio.sleep(0.01)  # the batch of the last poke closed in both
        for one in (fast, plain):
            one.paths, one.moved = set(), False
        for op, name in ops:
            await asyncio.to_thread(_do, root, above, op, name)
        await asyncio.to_thread(marker.write_text, "done\n", encoding="utf-8")
        await _until([fast, plain], marker)
        stop.set()
        await asyncio.gather(*tasks)
        return fast, plain

    return asyncio.run(run())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.sampled_from(FILES)), min_size=1, max_size=6))
def test_the_inotify_watch_reports_what_watchfiles_does(tmp_path_factory: pytest.TempPathFactory, ops) -> None:
    fast, plain = _both(tmp_path_factory.mktemp("watch"), ops)
    assert fast.paths == plain.paths
    assert fast.moved == plain.moved


def test_a_save_in_place_is_no_move_and_hidden_folders_and_other_files_above_are_not_reported(
    tmp_path: Path,
) -> None:
    fast, plain = _both(tmp_path, [("write", "b/brief.yaml"), ("hidden", ""), ("beside-settings", "")])
    root = tmp_path / "repo" / "briefs"
    assert fast.paths == plain.paths == {root / "b" / "brief.yaml", root / "marker.txt"}
    assert not fast.moved and not plain.moved


def test_a_folder_that_appears_is_watched_too(tmp_path: Path) -> None:
    root, above = _tree(tmp_path)

    async def run() -> Seen:
        seen = Seen()
        stop = asyncio.Event()
        task = asyncio.create_task(watch([root], [above], stop, seen.changed))
        marker = root / "marker.txt"
        await _until([seen], marker, lambda: marker.write_text("ready\n", encoding="utf-8"))
        await asyncio.to_thread((root / "new" / "deeper").mkdir, parents=True)
        await _until([seen], root / "new")
        await asyncio.sleep(0.01)
        brief = root / "new" / "deeper" / "brief.yaml"
        await _until([seen], brief, lambda: brief.write_text("title: x\n", encoding="utf-8"))
        stop.set()
        await task
        return seen

    seen = asyncio.run(run())
    assert seen.moved


def test_without_inotify_watches_left_the_plain_watch_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, above = _tree(tmp_path)
    opened = _Inotify.open([root], [above])
    assert opened is not None
    opened.close()
    # A folder that cannot be watched for want of watches (ENOSPC) makes the whole watch the plain one.
    monkeypatch.setattr(_Inotify, "_watch", lambda self, folder, recursive: False)
    assert _Inotify.open([root], [above]) is None
