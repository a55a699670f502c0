"""Archived sources: only regular UTF-8 text files inside the brief's folder are ever read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.load.archives import MAX_ARCHIVE_BYTES, ArchiveProblem, archive_path, read_archive
from briefgen.text.quotes import NormalisedText

SECRET = "the secret text outside the brief's folder"


@pytest.fixture
def brief_dir(tmp_path: Path) -> Path:
    """A brief's folder with one archived text, beside a secret file it must never read."""
    folder = tmp_path / "brief"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "s1.txt").write_text("Patrols \u2014 near Qamishli.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def problem(brief_dir: Path, archive: str) -> tuple[str, str]:
    found = read_archive(brief_dir, archive)
    assert isinstance(found, ArchiveProblem), found
    assert found.hint
    return found.code, found.message


@pytest.mark.parametrize("archive", ["sources/s1.txt", "./sources/s1.txt", "sources/./s1.txt", "sources//s1.txt"])
def test_a_text_inside_the_folder_is_read(brief_dir: Path, archive: str) -> None:
    found = read_archive(brief_dir, archive)
    assert isinstance(found, NormalisedText)
    assert found.text == "Patrols \u2014 near Qamishli.\n"
    assert archive_path(brief_dir, archive) == (brief_dir / "sources" / "s1.txt").resolve()


def test_a_utf8_byte_order_mark_is_dropped(brief_dir: Path) -> None:
    (brief_dir / "sources" / "bom.txt").write_bytes(b"\xef\xbb\xbfText.")
    assert read_archive(brief_dir, "sources/bom.txt").text == "Text."


@pytest.mark.parametrize(
    "archive, message",
    [
        ("/etc/passwd", "archive path '/etc/passwd' is absolute"),
        ("C:\\Windows\\win.ini", r"archive path 'C:\Windows\win.ini' is absolute"),
        ("c:secret.txt", "archive path 'c:secret.txt' is absolute"),
        ("\\\\server\\share\\x.txt", r"archive path '\\server\share\x.txt' is absolute"),
        ("~/secret.txt", "archive path '~/secret.txt' starts at a home folder ('~')"),
        ("../secret.txt", "archive path '../secret.txt' climbs out of the brief's folder with '..'"),
        (
            "sources/../../secret.txt",
            "archive path 'sources/../../secret.txt' climbs out of the brief's folder with '..'",
        ),
        (
            "sources\\..\\..\\secret.txt",
            r"archive path 'sources\..\..\secret.txt' climbs out of the brief's folder with '..'",
        ),
        (
            "sources/../sources/s1.txt",
            "archive path 'sources/../sources/s1.txt' climbs out of the brief's folder with '..'",
        ),
    ],
)
def test_a_path_that_leads_out_is_refused_before_the_file_system_is_asked(
    brief_dir: Path, archive: str, message: str
) -> None:
    assert problem(brief_dir, archive) == ("BG310", message)


def test_a_symlink_that_leads_out_is_refused(brief_dir: Path) -> None:
    (brief_dir / "sources" / "link.txt").symlink_to("../../secret.txt")
    assert problem(brief_dir, "sources/link.txt") == (
        "BG310",
        "archive path 'sources/link.txt' is a link that leads outside the brief's folder",
    )


def test_a_symlinked_folder_that_leads_out_is_refused(brief_dir: Path, tmp_path: Path) -> None:
    (brief_dir / "elsewhere").symlink_to(tmp_path)
    assert problem(brief_dir, "elsewhere/secret.txt")[0] == "BG310"


def test_a_symlink_to_a_device_is_refused(brief_dir: Path) -> None:
    (brief_dir / "sources" / "zero.txt").symlink_to("/dev/zero")
    assert problem(brief_dir, "sources/zero.txt")[0] == "BG310"


def test_a_symlink_that_stays_inside_is_followed(brief_dir: Path) -> None:
    (brief_dir / "sources" / "latest.txt").symlink_to("s1.txt")
    assert isinstance(read_archive(brief_dir, "sources/latest.txt"), NormalisedText)


def test_a_loop_of_symlinks_is_a_problem_not_a_crash(brief_dir: Path) -> None:
    (brief_dir / "sources" / "a.txt").symlink_to("b.txt")
    (brief_dir / "sources" / "b.txt").symlink_to("a.txt")
    code, message = problem(brief_dir, "sources/a.txt")
    # Python 3.13 reports the loop as an OSError (ELOOP), earlier versions as a RuntimeError.
    assert (code, message) in (
        ("BG311", "archive path 'sources/a.txt' is a loop of links"),
        ("BG311", "archive path 'sources/a.txt' cannot be followed: Too many levels of symbolic links"),
    )


@pytest.mark.parametrize(
    "archive, message",
    [
        ("sources/s9.txt", "archive 'sources/s9.txt' does not exist"),
        ("sources", "archive 'sources' is a folder"),
        ("sources/s1.txt\n", "archive 'sources/s1.txt\\n' does not exist"),
        ("sources/\x00.txt", "archive path 'sources/\\x00.txt' contains a NUL character"),
    ],
)
def test_a_path_that_names_no_readable_file(brief_dir: Path, archive: str, message: str) -> None:
    assert problem(brief_dir, archive) == ("BG311", message)


@pytest.mark.parametrize("archive", ["a/" * 3000 + "x.txt", "sources/" + "a" * 300 + ".txt"])
def test_a_path_too_long_for_the_file_system(brief_dir: Path, archive: str) -> None:
    code, message = problem(brief_dir, archive)
    assert code == "BG311" and message.endswith("File name too long")


def test_a_fifo_is_refused_without_blocking(brief_dir: Path) -> None:
    os.mkfifo(brief_dir / "sources" / "pipe.txt")
    assert problem(brief_dir, "sources/pipe.txt") == ("BG311", "archive 'sources/pipe.txt' is not a regular file")


def test_a_binary_file_is_not_text(brief_dir: Path) -> None:
    (brief_dir / "sources" / "s1.pdf").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    assert problem(brief_dir, "sources/s1.pdf") == ("BG312", "archive 'sources/s1.pdf' is binary, not text")


def test_a_latin1_file_is_not_utf8(brief_dir: Path) -> None:
    (brief_dir / "sources" / "latin.txt").write_bytes("Un r\u00e9sum\u00e9".encode("latin-1"))
    assert problem(brief_dir, "sources/latin.txt") == (
        "BG312",
        "archive 'sources/latin.txt' is not UTF-8 text (byte 0xe9 at offset 4 is not valid UTF-8); it is most "
        "likely WINDOWS-1252 (or WINDOWS-1251, CP866, WINDOWS-1253)",
    )


def test_a_non_utf8_archive_gets_the_command_that_converts_it(brief_dir: Path) -> None:
    text = "Le café de la place est fermé depuis l’été. Les habitants regrettent ce lieu où l’on se retrouvait "
    text += "après le marché, et la mairie envisage une réouverture à la rentrée.\n"
    (brief_dir / "sources" / "café notes.txt").write_bytes(text.encode("cp1252"))
    found = read_archive(brief_dir, "sources/café notes.txt")
    assert isinstance(found, ArchiveProblem)
    assert found.message.endswith("; it is most likely WINDOWS-1252")
    assert found.hint == (
        "convert it, in the brief's folder: `iconv -f WINDOWS-1252 -t UTF-8 'sources/café notes.txt' -o "
        "'sources/café notes.utf8.txt' && mv 'sources/café notes.utf8.txt' 'sources/café notes.txt'`"
    )


def test_utf16_text_is_named_as_such_not_as_binary(brief_dir: Path) -> None:
    (brief_dir / "sources" / "wide.txt").write_bytes("\ufeffShips wait.\n".encode("utf-16-le"))
    found = read_archive(brief_dir, "sources/wide.txt")
    assert isinstance(found, ArchiveProblem)
    assert found.message == "archive 'sources/wide.txt' is not UTF-8 text (it has NUL bytes); it is UTF-16 text"


def test_a_file_above_the_limit_is_refused_from_its_size(brief_dir: Path) -> None:
    with (brief_dir / "sources" / "huge.txt").open("wb") as stream:
        stream.truncate(MAX_ARCHIVE_BYTES + 1)
    assert problem(brief_dir, "sources/huge.txt") == (
        "BG313",
        f"archive 'sources/huge.txt' is {MAX_ARCHIVE_BYTES + 1:,} bytes; the limit is {MAX_ARCHIVE_BYTES:,}",
    )


def test_a_file_at_the_limit_is_read(brief_dir: Path) -> None:
    (brief_dir / "sources" / "big.txt").write_bytes(b"x" * MAX_ARCHIVE_BYTES)
    assert len(read_archive(brief_dir, "sources/big.txt").text) == MAX_ARCHIVE_BYTES


def test_messages_never_carry_the_secret(brief_dir: Path) -> None:
    (brief_dir / "sources" / "link.txt").symlink_to("../../secret.txt")
    for archive in ("../secret.txt", "sources/link.txt", str(brief_dir.parent / "secret.txt")):
        found = read_archive(brief_dir, archive)
        assert isinstance(found, ArchiveProblem)
        assert SECRET not in found.message + found.hint
