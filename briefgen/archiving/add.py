"""`briefgen source add`: archive a source's text beside the brief and add its `sources:` entry.

Everything is read and checked first; only then is the archive written, then brief.yaml. A
failure at any point leaves both as they were (a written archive is removed again).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.archiving.entry import NewSource, archive_name, check_id, check_published, insert_source, next_id
from briefgen.archiving.extract import Extracted, extract
from briefgen.build.atomic import write_atomic
from briefgen.errors import BriefgenError, UsageError
from briefgen.load.archives import MAX_ARCHIVE_BYTES, read_archive
from briefgen.load.document import MAX_BYTES, FileProblem, load_text, read_file
from briefgen.text.quotes import NormalisedText


@dataclass(frozen=True)
class Overrides:
    """What the command line says instead of what the file says."""

    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Added:
    """What was written: the new source and where its text went."""

    source: NewSource
    archive: Path
    extracted: Extracted
    filled_placeholder: bool = False  # it took the place of the scaffold's placeholder source


def add_source(brief_file: Path, file: Path, overrides: Overrides) -> Added:
    """Archive `file`'s text in the brief's sources/ folder and add its entry to `brief_file`."""
    folder = brief_file.parent
    old = _read(brief_file, MAX_BYTES, "the brief")
    loaded = load_text(old, str(brief_file))
    if loaded.data is None:
        first = loaded.diagnostics[0]
        raise BriefgenError(
            f"{brief_file} does not load ({first.message}), so no source can be added to it",
            f"fix it first: `briefgen validate {folder}`",
        )
    data = loaded.data
    sources = [item for item in data.get("sources") or [] if isinstance(item, dict)]
    # The scaffold's source, every text of it still a placeholder, is the one the first source fills.
    blank = next((number for number, item in enumerate(sources) if _scaffolded(item)), None)
    taken_ids = set(_ids(data)) - ({sources[blank].get("id")} if blank is not None else set())
    source_id = overrides.id or (str(sources[blank]["id"]) if blank is not None else next_id(taken_ids))
    check_id(source_id, taken_ids)
    published = check_published(overrides.published) if overrides.published else None
    if overrides.url is not None and not overrides.url.startswith(("http://", "https://")):
        raise UsageError(f"--url {overrides.url!r} is not an http or https address", "give the page's address")

    _refuse_own_file(folder, sources, file)
    raw = _read(file, MAX_ARCHIVE_BYTES, "the file")
    extracted = extract(file, raw)
    text = extracted.text + "\n"
    if len(text.encode("utf-8")) > MAX_ARCHIVE_BYTES:
        raise BriefgenError(
            f"the text of {file} is {len(text.encode('utf-8')):,} bytes; an archive is limited to "
            f"{MAX_ARCHIVE_BYTES:,} bytes",
            "archive only the part of the document the brief needs",
        )
    _refuse_duplicate(folder, sources, NormalisedText(text))

    title = overrides.title or extracted.title
    taken_files = {str(item.get("archive")) for item in sources} | _files(folder / "sources")
    source = NewSource(
        id=source_id,
        title=title,
        author=extracted.author,
        publisher=extracted.publisher,
        published=published or extracted.published,
        url=overrides.url or extracted.url,
        kind=overrides.kind,
        archive=archive_name(source_id, title, taken_files),
    )
    new = insert_source(old.decode("utf-8-sig"), source, blank)
    target = folder / source.archive
    write_atomic(target, text.encode("utf-8"))
    try:
        mode = os.stat(brief_file).st_mode & 0o7777
        write_atomic(brief_file, (b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b"") + new.encode("utf-8"))
        os.chmod(brief_file, mode)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    _index(target, text.encode("utf-8"))
    return Added(source, target, extracted, blank is not None)


def _index(archive: Path, raw: bytes) -> None:
    """Index a big archive for `briefgen find` now, so that its first query need not (when the
    cache cannot be written, nothing changes: find indexes it then)."""
    from briefgen.load import search_index
    from briefgen.load.cache import cache_folder

    cache = cache_folder()
    if cache is None or len(raw) < search_index.INDEXED_FROM:
        return
    path = archive.resolve()  # as `find` finds it (`archive_path`: the real path)
    search_index.store(path, os.stat(path), raw, cache)


def _read(path: Path, limit: int, what: str) -> bytes:
    raw = read_file(path, limit, own_name=False)
    if not isinstance(raw, FileProblem):
        return raw
    if raw.kind == "missing":
        raise UsageError(f"no such file: {path}", f"give the path of {what}")
    if raw.kind == "too-large":
        raise BriefgenError(
            f"{path} is {raw.detail} bytes; the limit is {limit:,}",
            "archive only the part of the document the brief needs" if what == "the file" else None,
        )
    if raw.kind == "link":
        raise BriefgenError(f"{path} is a symbolic link", "give the file it points to")
    detail = f": {raw.detail}" if raw.detail else ""
    raise BriefgenError(f"{path} cannot be read ({raw.kind}{detail})", f"give a regular file: {what}")


def _refuse_own_file(folder: Path, sources: list[dict[str, Any]], file: Path) -> None:
    """A source's archive, or any file in the brief's sources/ folder, is not archived again
    beside itself as a second copy: the source is named by its id, the file by its path."""
    if not file.exists():
        return  # reading it says so
    where = file.resolve()
    for item in sources:
        archive = item.get("archive")
        if isinstance(archive, str) and (folder / archive).resolve() == where:
            raise UsageError(
                f"{file} is already the archive of source {item.get('id')}",
                f"cite {item.get('id')}; to archive the document again, delete {item.get('id')}'s entry first, "
                "then add the document from outside the brief's folder",
            )
    if where.is_relative_to((folder / "sources").resolve()):
        raise UsageError(
            f"{file} is already in the brief's sources/ folder: source add would archive a second copy of it",
            "move it out of the brief's folder and add it from there (source add writes its text into sources/)",
        )


def _refuse_duplicate(folder: Path, sources: list[dict[str, Any]], text: NormalisedText) -> None:
    """A text already archived for this brief (the same once normalised as quotes are) is refused."""
    for item in sources:
        archive = item.get("archive")
        if not isinstance(archive, str):
            continue
        found = read_archive(folder, archive)
        if isinstance(found, NormalisedText) and found.normal.strip() == text.normal.strip():
            raise BriefgenError(
                f"this text is already archived for this brief, as {item.get('id')} ({archive})",
                "cite that source; to archive it again, delete its entry first",
            )


def _scaffolded(item: dict[str, Any]) -> bool:
    """A source as `briefgen new` writes it: its title and archive still placeholders."""
    from briefgen.check.rules.placeholders import is_placeholder

    return isinstance(item.get("id"), str) and is_placeholder(item.get("title")) and is_placeholder(item.get("archive"))


def _ids(value: Any) -> list[str]:
    """Every `id` in the brief, at any depth (ids are unique across the brief)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                found.append(item["id"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _files(folder: Path) -> set[str]:
    try:
        return {f"sources/{entry.name}" for entry in folder.iterdir()}
    except OSError:
        return set()
