"""Read a source's archived text, refusing any path that leads outside the brief's folder."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import NamedTuple

from briefgen.load.files import FileProblem, read_file
from briefgen.text.quotes import NormalisedText

MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_ARCHIVES_BYTES = 100 * 1024 * 1024
# A relative path of plain ASCII names: no drive, root, '~', backslash, NUL or empty part, so
# POSIX and Windows read it alike and only a '.' or '..' part needs the full checks.
_PLAIN_ARCHIVE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
_SAVE_HINT = "save the source's text at that path, relative to the brief's folder"


class ArchiveProblem(NamedTuple):
    """Why an archive cannot be read: a diagnostic code, a message and a hint."""

    code: str
    message: str
    hint: str


def _shown(value: object) -> str:
    """`briefgen.diagnostics.show`, imported only to tell of a problem: reading an archive (as
    `briefgen find` does) imports no diagnostics."""
    from briefgen.diagnostics import show

    return show(value)


def archive_path(
    brief_dir: Path,
    archive: str,
    root: Path | None = None,
    folders: dict[str, bool] | None = None,
) -> Path | ArchiveProblem:
    """The archive's real path, if it stays inside `brief_dir` (symlinks resolved); `root` is
    `brief_dir` resolved, when the caller has it already, and `folders` remembers which folders
    under it were found real (not links) for the caller's next archive."""
    if root is not None and _PLAIN_ARCHIVE.fullmatch(archive):
        parts = tuple(archive.split("/"))
        if "." not in parts and ".." not in parts:
            plain = _plain_path(root, parts, {} if folders is None else folders)
            if plain is not None:
                return plain
    posix, windows = PurePosixPath(archive), PureWindowsPath(archive)
    if archive.startswith("~"):
        return ArchiveProblem(
            "BG310",
            f"archive path {_shown(archive)} starts at a home folder ('~')",
            "give the path relative to the brief's folder, e.g. sources/s1.txt",
        )
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        return ArchiveProblem(
            "BG310",
            f"archive path {_shown(archive)} is absolute",
            "give the path relative to the brief's folder, e.g. sources/s1.txt",
        )
    if ".." in posix.parts or ".." in windows.parts:
        return ArchiveProblem(
            "BG310",
            f"archive path {_shown(archive)} climbs out of the brief's folder with '..'",
            "archive the text inside the brief's folder, e.g. sources/s1.txt",
        )
    if "\0" in archive:
        return ArchiveProblem(
            "BG311",
            f"archive path {_shown(archive)} contains a NUL character",
            "give the path of a file inside the brief's folder, e.g. sources/s1.txt",
        )
    try:
        root = brief_dir.resolve() if root is None else root
        target = (brief_dir / posix).resolve()
    except RuntimeError:  # Python 3.11 and 3.12 report a loop of links so
        return ArchiveProblem(
            "BG311",
            f"archive path {_shown(archive)} is a loop of links",
            "give the path of a file inside the brief's folder, e.g. sources/s1.txt",
        )
    except OSError as error:
        return ArchiveProblem(
            "BG311",
            f"archive path {_shown(archive)} cannot be followed: {error.strerror}",
            "give the path of a file inside the brief's folder, e.g. sources/s1.txt",
        )
    if not target.is_relative_to(root):
        return ArchiveProblem(
            "BG310",
            f"archive path {_shown(archive)} is a link that leads outside the brief's folder",
            "replace the link by a copy of the text inside the brief's folder",
        )
    return target


def _plain_path(root: Path, parts: tuple[str, ...], folders: dict[str, bool]) -> Path | None:
    """`root` (already resolved) joined to `parts`, when no part is a link and every part but the
    last is a folder: then the joined path is its own real path, found with one `lstat` per part
    (folders remembered in `folders`) instead of resolving every part from `/`. None otherwise, for
    `Path.resolve` to settle (a link, a missing part, an unreadable folder)."""
    path = str(root)
    for depth, part in enumerate(parts, 1):
        path = os.path.join(path, part)
        last = depth == len(parts)
        if not last and path in folders:
            if not folders[path]:
                return None
            continue
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            mode = 0
        plain = stat.S_ISDIR(mode) or (last and mode != 0 and not stat.S_ISLNK(mode))
        if last:
            return Path(path) if plain else None
        folders[path] = plain
        if not plain:
            return None
    return None


def read_archive(
    brief_dir: Path, archive: str, claimed: frozenset[str] = frozenset()
) -> NormalisedText | ArchiveProblem:
    """The archived text, normalised for quote matching, or the problem that prevents it; a missing
    file's hint names the closest file beside it that is not one of the `claimed` archive paths."""
    found = _read_archive(brief_dir, archive, claimed, None, {})
    return found if isinstance(found, ArchiveProblem) else found[0]


def _read_archive(
    brief_dir: Path,
    archive: str,
    claimed: Collection[str],
    root: Path | None,
    folders: dict[str, bool],
) -> tuple[NormalisedText, int] | ArchiveProblem:
    """`read_archive`, with the size of the text in UTF-8 (its file's size, less a byte-order mark);
    `claimed` holds the archive paths as written, normalised only when a file is missing."""
    target = archive_path(brief_dir, archive, root, folders)
    if isinstance(target, ArchiveProblem):
        return target
    raw = read_file(target, MAX_ARCHIVE_BYTES)
    if isinstance(raw, FileProblem):
        if raw.kind == "too-large":
            return ArchiveProblem(
                "BG313",
                f"archive {_shown(archive)} is {raw.detail} bytes; the limit is {MAX_ARCHIVE_BYTES:,}",
                "archive only the relevant part of the document",
            )
        if raw.kind == "hard-link":
            return ArchiveProblem(
                "BG310",
                f"archive {_shown(archive)} is a hard link with {raw.detail} names: the others may lie outside the brief's folder",
                "replace the link by a copy of the text inside the brief's folder",
            )
        if raw.kind == "unreadable":
            return ArchiveProblem(
                "BG311",
                f"archive {_shown(archive)} cannot be read: {raw.detail}",
                "check the path and the file's permissions",
            )
        what = {"missing": "does not exist", "folder": "is a folder"}.get(raw.kind, "is not a regular file")
        nearest = None
        if raw.kind == "missing":
            taken = frozenset(PurePosixPath(path).as_posix() for path in claimed)
            nearest = _nearest_file(target, PurePosixPath(archive), taken)
        hint = f"did you mean {_shown(nearest)}?" if nearest else _SAVE_HINT
        return ArchiveProblem("BG311", f"archive {_shown(archive)} {what}", hint)
    from briefgen.load.document import decode_utf8  # the YAML loader's: only when an archive is checked

    text, problem = decode_utf8(raw, archive) if b"\x00" not in raw else ("", None)
    if problem or b"\x00" in raw:
        return _not_utf8(archive, raw, problem.message if problem else None)
    return NormalisedText(text), len(raw) - (3 if raw.startswith(b"\xef\xbb\xbf") else 0)


def _not_utf8(archive: str, raw: bytes, problem: str | None) -> ArchiveProblem:
    """BG312 for an archive that is not UTF-8: what it most likely is, and the command that converts it."""
    from briefgen.text.encoding import guess_encoding

    guess = guess_encoding(raw)
    if guess is None or (problem is None and not guess.encoding.startswith("utf_")):
        return ArchiveProblem(
            "BG312",
            f"archive {_shown(archive)} is binary, not text",
            "archive the document's text as a UTF-8 .txt or .md file (`briefgen source add` extracts it "
            "from a saved web page or a PDF)",
        )
    import shlex

    what = f"it is most likely {guess.described}" if problem else f"it is {guess.name} text"
    quoted = shlex.quote(archive)
    converted = shlex.quote(str(PurePosixPath(archive).with_suffix(".utf8" + PurePosixPath(archive).suffix)))
    return ArchiveProblem(
        "BG312",
        f"archive {_shown(archive)} is not UTF-8 text ({problem or 'it has NUL bytes'}); {what}",
        f"convert it, in the brief's folder: `iconv -f {guess.name} -t UTF-8 {quoted} -o {converted} && "
        f"mv {converted} {quoted}`",
    )


def _nearest_file(target: Path, archive: PurePosixPath, claimed: frozenset[str]) -> str | None:
    """The archive path of the file beside `target` closest in name (the same but for case first),
    leaving out the files other sources archive (`s2.txt` is no answer for a missing `s9.txt`)."""
    import difflib

    try:
        names = [entry.name for entry in target.parent.iterdir() if entry.is_file()]
    except OSError:
        return None
    names = [name for name in names if archive.with_name(name).as_posix() not in claimed]
    same = [name for name in names if name.casefold() == target.name.casefold()]
    close = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
    nearest = (same or close)[:1]
    return archive.with_name(nearest[0]).as_posix() if nearest else None


def read_archives(brief_dir: Path, archives: dict[str, str]) -> dict[str, NormalisedText | ArchiveProblem]:
    """Each source's archived text by source id; once the texts together pass MAX_ARCHIVES_BYTES,
    the remaining ones are refused (a thousand sources could each name a 20 MB file)."""
    found: dict[str, NormalisedText | ArchiveProblem] = {}
    total = 0
    claimed = list(archives.values())
    folders: dict[str, bool] = {}
    try:
        root: Path | None = brief_dir.resolve()
    except (RuntimeError, OSError):  # each archive's path reports it
        root = None
    for source_id, archive in archives.items():
        read = _read_archive(brief_dir, archive, claimed, root, folders)
        text: NormalisedText | ArchiveProblem = read if isinstance(read, ArchiveProblem) else read[0]
        if not isinstance(read, ArchiveProblem):
            total += read[1]
            if total > MAX_ARCHIVES_BYTES:
                text = ArchiveProblem(
                    "BG314",
                    f"archive {_shown(archive)} takes the brief's archived texts past "
                    f"{MAX_ARCHIVES_BYTES:,} bytes together",
                    "archive only the relevant part of each document",
                )
        found[source_id] = text
    return found
