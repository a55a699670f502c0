"""File changes, as the briefs they concern: every input of a brief (its YAML, its archives, the
settings file that governs it, the templates) is watched, and a burst of saves (an editor that
writes a temporary file and renames it, format-on-save) comes as one batch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from briefgen.check.settings import CONFIG_FILE, PYPROJECT
from briefgen.load.paths import skipped

# A batch closes this long after its last change (ms): an editor's write-and-rename takes far less,
# and a save that comes later still is rendered after (see Previews.run: the last save wins). A
# save waits one to two steps for its batch; each step wakes the watcher (1 ms: about 3% of a
# core while idle, against 1.5% at 2 ms, for a save seen some 2 ms sooner).
STEP = 1
_SETTINGS = (CONFIG_FILE, PYPROJECT)


def settings_folders(root: Path) -> list[Path]:
    """The folders above `root` where a settings file that governs its briefs can be (or appear):
    up to the top of its repository, as `check.settings.find_config` looks."""
    folders = []
    for folder in root.absolute().parents:
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


class _Inputs(DefaultFilter):
    """Changes under the folders watched, less those in folders briefgen never reads briefs from."""

    def __init__(self, roots: list[Path]):
        super().__init__()
        self._roots = [root.absolute() for root in roots]

    def __call__(self, change: object, path: str) -> bool:
        if not super().__call__(change, path):  # type: ignore[arg-type]
            return False
        found = Path(path)
        for root in self._roots:
            if found.is_relative_to(root):
                return not any(skipped(part) for part in found.relative_to(root).parts[:-1])
        return True


async def watch(
    roots: list[Path],
    above: list[Path],
    stop: asyncio.Event,
    changed: Callable[[set[Path], bool], Awaitable[None]],
) -> None:
    """Call `changed` with each batch of changed paths under `roots` (recursively) and of
    settings files in the folders `above` (those alone, not what is under them), and whether any
    path in it was added or deleted (renamed too: from one name, to another), not only written."""

    async def follow(paths: list[Path], recursive: bool, only_settings: bool) -> None:
        existing = [path for path in paths if path.exists()]
        if not existing:
            return
        watch_filter = (lambda change, path: Path(path).name in _SETTINGS) if only_settings else _Inputs(existing)
        async for batch in awatch(
            *existing,
            watch_filter=watch_filter,
            step=STEP,
            stop_event=stop,
            recursive=recursive,
            ignore_permission_denied=True,
        ):
            await changed({Path(path) for _, path in batch}, any(change != Change.modified for change, _ in batch))

    await asyncio.gather(follow(roots, True, False), follow(above, False, True))
