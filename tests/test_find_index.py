"""`briefgen find` through the archive index: the same hits as reading the whole archive (on the
reference brief's sources and on generated texts), and an index that is missing, stale, corrupt,
foreign, or kept where others may write, is never used and never shows: the archive is read
whole, the same hits printed, and the index made again."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.load import cache as search_cache
from briefgen.load import search_index
from briefgen.load.files import open_file
from briefgen.text import search as search_module
from briefgen.text.normal import REPLACE, plain_folded
from briefgen.text.quotes import NormalisedText, word_places
from briefgen.text.search import search, search_indexed
from support import FIXTURES, REFERENCE_BRIEF
from test_find import find


def indexed(path: Path, cache: Path) -> search_index.ArchiveIndex | search_index.NotIndexed | None:
    """Index the archive at `path` in `cache` and open its index (the caller closes it)."""
    path = path.resolve()
    raw = path.read_bytes()
    search_index.store(path, os.stat(path), raw, cache)
    opened = open_file(path, 1 << 30)
    assert isinstance(opened, tuple)
    fd, status = opened
    return search_index.lookup(path, fd, status, cache)


def both(raw: bytes, index: search_index.ArchiveIndex, query: str, limit: int, fuzzy: bool) -> tuple[object, object]:
    return search("S1", raw, query, limit, fuzzy), search_indexed("S1", index, query, limit, fuzzy)


@pytest.mark.parametrize("archive", sorted((REFERENCE_BRIEF / "sources").glob("*.txt")), ids=lambda p: p.name)
def test_the_reference_sources_give_the_same_hits_through_their_index(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "_FEW_WINDOWS", 0)  # every window asked of the index
    index = indexed(archive, tmp_path)
    assert isinstance(index, search_index.ArchiveIndex)
    raw = archive.read_bytes()
    words = raw.decode("utf-8").split()
    for at in range(0, len(words) - 5, 11):
        for size in (1, 2, 4):
            query = " ".join(words[at : at + size])
            for fuzzy in (False, True):
                unindexed, through_index = both(raw, index, query, 5, fuzzy)
                assert through_index == unindexed, (query, fuzzy)
    index.close()


# Texts built to hold what normalising changes, and what chunks and paragraphs part at.
_PIECES = [
    "port",
    "transport",
    "Tartus",
    "TARTUS",
    "sur-\ncharge",
    "sur-\n charge",
    "ﬁrst",
    "Gatún",
    "Gatun",
    "Russia’s",
    "“security partnership”",
    "beta — gamma",
    "beta--gamma",
    "[fuel](#port)",
    "[fuel port](#x)",
    "…",
    "co\u00adoperation",
    "a\u00a0b",
    "x_y",
    "Straße",
    "STRASSE",
    "\x1c",
    "said",
    "the",
    "of",
    "a",
    "42",
    ".",
    ",",
]
_SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\n \n", "\n\n\n  ", "\t", "\u2028"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60))
    separators = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    lead = draw(st.sampled_from(["", "\n\n", "  "]))
    return lead + "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))


_WORDS = [*_PIECES, "zz", "surcharge", "first", "security", "cooperation", "strasse"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=texts(),
    query=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3),
    ascii_only=st.booleans(),
    limit=st.sampled_from([1, 3, 5]),
    small=st.booleans(),
)
@example(
    text="Straße a sur-\ncharge of\n\nthe sur-\ncharge", query=["surcharge"], ascii_only=False, limit=5, small=False
)
@example(text="port\n\ntransport TARTUS port " * 3, query=["port"], ascii_only=True, limit=5, small=True)
@example(text="“a” said\n\n\n  of Gatún the\u2028said a", query=["said", "the"], ascii_only=False, limit=3, small=True)
def test_generated_texts_give_the_same_hits_through_their_index(
    tmp_path: Path, text: str, query: list[str], ascii_only: bool, limit: int, small: bool
) -> None:
    if ascii_only:
        text = text.encode("ascii", "ignore").decode("ascii")
    archive = tmp_path / "archive.txt"
    archive.write_bytes(text.encode("utf-8"))
    phrase = " ".join(query)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "_FEW_WINDOWS", 0)  # every window asked of the index
        if small:  # chunks cut at white space, and words looked for chunk by chunk
            patch.setattr(search_index, "_CHUNK", 8)
            patch.setattr(search_index, "_MOST_TERMS", 1)
        index = indexed(archive, tmp_path / "cache")
        if isinstance(index, search_index.NotIndexed):
            assert "](" in text  # only link residue across a blank line keeps a text from an index
            return
        assert isinstance(index, search_index.ArchiveIndex)
        for fuzzy in (False, True):
            unindexed, through_index = both(archive.read_bytes(), index, phrase, limit, fuzzy)
            assert through_index == unindexed
        index.close()


@pytest.mark.parametrize("hyphen", ["", "-\n"])
def test_a_window_is_ruled_out_only_as_a_whole_and_never_across_a_hyphen_at_a_line_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hyphen: str
) -> None:
    # Two places of "alpha" whose windows merge: only the merged window holds "omega", and the
    # hit starts at the first place, whose own window does not; and, with a hyphen at a line
    # break, a word the index has in no chunk ("zeta") that matching may still find there.
    filler = " ".join(["lorem"] * 70)
    text = f"alpha {filler} alpha {filler[:200]} omega ze{hyphen}ta\n\n" + f"{filler}\n\n" * 3
    archive = tmp_path / "archive.txt"
    archive.write_text(text, encoding="ascii")
    monkeypatch.setattr(search_index, "_CHUNK", 8)
    monkeypatch.setattr(search_index, "_FEW_WINDOWS", 0)
    index = indexed(archive, tmp_path / "cache")
    assert isinstance(index, search_index.ArchiveIndex)
    for query in ("alpha ... omega", "alpha ... omega zeta", "lorem"):
        unindexed, through_index = both(archive.read_bytes(), index, query, 5, False)
        assert through_index == unindexed, query
    assert both(archive.read_bytes(), index, "alpha ... omega", 5, False)[1][0].start == 0  # type: ignore[index]
    index.close()


def test_a_text_with_link_residue_across_a_blank_line_is_not_indexed(tmp_path: Path) -> None:
    archive = tmp_path / "archive.txt"
    archive.write_text("Fuel “prices” [rose\n\nsharply](#port) at the port.", encoding="utf-8")
    assert indexed(archive, tmp_path / "cache") is search_index.NOT_INDEXED


# Through the command line, on a brief with an archive big enough to be indexed.


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """The minimal brief, its S2 archive grown past the size from which archives are indexed."""
    folder = tmp_path / "briefs" / "minimal"
    shutil.copytree(FIXTURES / "minimal", folder)
    archive = folder / "sources" / "s2.txt"
    filler = "\n\n".join(f"Paragraph {n} of the filler: the convoy code is c{n}q." for n in range(25_000))
    archive.write_text(archive.read_text(encoding="utf-8") + "\n\n" + filler + "\n", encoding="utf-8")
    assert archive.stat().st_size > search_index.INDEXED_FROM
    return folder


def index_files(cache: Path) -> list[Path]:
    return sorted((cache / "index").glob("*.sqlite"))


QUERY = ("convoy code is c24117q", "--format", "json")


def test_the_first_find_indexes_a_big_archive_in_the_cache_and_the_next_uses_it(big: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    unindexed = find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": ""})
    assert unindexed.returncode == 0 and '"paragraph": 24119' in unindexed.stdout
    assert not cache.exists()
    first = find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(cache)})
    [file] = index_files(cache)
    assert oct((cache / "index").stat().st_mode & 0o777) == "0o700"
    with sqlite3.connect(file) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (search_index._APPLICATION_ID,)
    made = file.stat().st_mtime_ns
    second = find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(cache)})
    assert file.stat().st_mtime_ns == made  # used, not made again
    assert first.stdout == second.stdout == unindexed.stdout
    assert first.stderr == second.stderr == ""


def test_by_default_the_index_is_in_the_user_s_cache_not_the_brief_s_folder(big: Path, tmp_path: Path) -> None:
    before = sorted(big.rglob("*"))
    outside = {name: value for name, value in os.environ.items() if name not in ("BRIEFGEN_CACHE", "XDG_CACHE_HOME")}
    for env, cache in [
        ({"HOME": str(tmp_path / "home")}, tmp_path / "home" / ".cache" / "briefgen"),
        ({"XDG_CACHE_HOME": str(tmp_path / "xdg")}, tmp_path / "xdg" / "briefgen"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "briefgen", "find", *QUERY],
            cwd=big,
            capture_output=True,
            text=True,
            check=False,
            env={**outside, **env},
        )
        assert done.returncode == 0, done.stderr
        assert len(index_files(cache)) == 1
    assert sorted(big.rglob("*")) == before


def _garbage(file: Path) -> None:
    file.write_bytes(b"\x00garbage, not SQLite\xff" * 100)


def _truncated(file: Path) -> None:
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 3])


def _foreign(file: Path) -> None:
    file.unlink()
    with sqlite3.connect(file) as db:
        db.execute("CREATE TABLE about (key TEXT PRIMARY KEY, value)")


def _other_format(file: Path) -> None:
    with sqlite3.connect(file) as db:
        db.execute(f"PRAGMA user_version = {search_index.FORMAT + 1}")


def _wrong_offsets(file: Path) -> None:
    with sqlite3.connect(file) as db:
        db.execute("UPDATE about SET value = x'0000000000000000' WHERE key = 'bytes'")


def _no_vocabulary(file: Path) -> None:
    with sqlite3.connect(file) as db:
        db.execute("UPDATE about SET value = 7 WHERE key = 'vocabulary'")


@pytest.mark.parametrize("spoil", [_garbage, _truncated, _foreign, _other_format, _wrong_offsets, _no_vocabulary])
def test_a_spoilt_index_is_not_used_and_is_made_again(big: Path, tmp_path: Path, spoil: object) -> None:
    cache = tmp_path / "cache"
    env = {"BRIEFGEN_CACHE": str(cache)}
    expected = find(*QUERY, cwd=big, env=env).stdout
    [file] = index_files(cache)
    assert callable(spoil)
    spoil(file)
    done = find(*QUERY, cwd=big, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    with sqlite3.connect(file) as db:  # made again, whole
        assert db.execute("PRAGMA user_version").fetchone() == (search_index.FORMAT,)
    assert find(*QUERY, cwd=big, env=env).stdout == expected


def test_an_archive_changed_since_it_was_indexed_is_searched_as_it_is_now(big: Path, tmp_path: Path) -> None:
    env = {"BRIEFGEN_CACHE": str(tmp_path / "cache")}
    assert '"passage": "convoy code is c24117q"' in find(*QUERY, cwd=big, env=env).stdout
    archive = big / "sources" / "s2.txt"
    archive.write_text(archive.read_text(encoding="utf-8").replace("is c24117q.", "is now c24117q."), encoding="utf-8")
    done = find("convoy code is now c24117q", "--format", "json", cwd=big, env=env)
    assert '"passage": "convoy code is now c24117q"' in done.stdout
    assert done.stdout == find(*done.args[4:], cwd=big, env={"BRIEFGEN_CACHE": ""}).stdout


def test_a_cache_folder_that_cannot_be_written_leaves_find_as_it_was(big: Path, tmp_path: Path) -> None:
    # Under a file, not a folder: no one can make it, root included (CI runs as root).
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cache = tmp_path / "file" / "cache"
    done = find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(cache)})
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": ""}).stdout
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder"


def test_a_cache_folder_others_may_write_to_is_not_used(big: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "index").mkdir(parents=True)
    (cache / "index").chmod(0o777)
    done = find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(cache)})
    assert (done.returncode, done.stderr) == (0, "")
    assert index_files(cache) == []


def test_an_index_file_that_is_a_link_is_not_followed(big: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"BRIEFGEN_CACHE": str(cache)}
    expected = find(*QUERY, cwd=big, env=env).stdout
    [file] = index_files(cache)
    elsewhere = tmp_path / "elsewhere.sqlite"
    file.rename(elsewhere)
    file.symlink_to(elsewhere)
    archive = (big / "sources" / "s2.txt").resolve()
    assert search_index.lookup(archive, 0, os.stat(archive), cache) is None
    assert find(*QUERY, cwd=big, env=env).stdout == expected


LEAN = (
    "import sys\n"
    "from briefgen.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = ('yaml', 'pydantic', 'jinja2', 'rapidfuzz', 'weasyprint', 'markdown', 'briefgen.load.document')\n"
    "print(' '.join(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def test_a_query_imports_no_yaml_once_the_brief_was_read_and_no_more_than_it_needs(big: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BRIEFGEN_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", LEAN, "find", *QUERY, "--limit", "1"],
            cwd=big,
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        for _ in range(3)
    ]
    assert [run.returncode for run in runs] == [0, 0, 0]
    # The first run reads the brief (YAML) and indexes the archive; the next ones need neither
    # (and an exact hit, enough for --limit 1, needs no fuzzy matching).
    assert runs[0].stderr.split() == ["yaml", "briefgen.load.document"]
    assert runs[1].stderr == runs[2].stderr == "\n"
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout


def test_a_brief_changed_since_it_was_read_is_read_again(big: Path, tmp_path: Path) -> None:
    env = {"BRIEFGEN_CACHE": str(tmp_path / "cache")}
    assert find(*QUERY, "--source", "S2", cwd=big, env=env).returncode == 0
    brief = big / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("id: S2", "id: S7"), encoding="utf-8")
    gone = find(*QUERY, "--source", "S2", cwd=big, env=env)
    assert (gone.returncode, gone.stderr.splitlines()[0]) == (2, "briefgen: error: no source S2 in brief.yaml")
    assert '"source": "S7"' in find(*QUERY, "--source", "S7", cwd=big, env=env).stdout


@pytest.mark.parametrize("kept", [b"not json", b'{"key": 1}', b"[]", b'{"key": "x", "sources": [[1, 2]]}'])
def test_sources_kept_in_a_spoilt_file_are_read_from_the_brief_again(big: Path, tmp_path: Path, kept: bytes) -> None:
    env = {"BRIEFGEN_CACHE": str(tmp_path / "cache")}
    expected = find(*QUERY, cwd=big, env=env).stdout
    [file] = (tmp_path / "cache" / "index").glob("*.sources.json")
    file.write_bytes(kept)
    done = find(*QUERY, cwd=big, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def _aged(path: Path, days: float) -> None:
    """Make `path` look last written `days` days ago."""
    when = path.stat().st_mtime - days * 86_400
    os.utime(path, (when, when))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="temporary files are left a day where there are no locks")
def test_a_run_that_writes_to_the_cache_removes_the_temporary_files_of_killed_runs_only(
    big: Path, tmp_path: Path
) -> None:
    import fcntl

    folder = tmp_path / "cache" / "index"
    folder.mkdir(parents=True, mode=0o700)
    killed, running, fresh = (folder / f".{name}.tmp" for name in ("killed", "running", "fresh"))
    for file in (killed, running, fresh):
        file.write_bytes(b"half an index")
    for file in (killed, running):
        _aged(file, 1)
    with open(running, "rb") as writer:  # as a running briefgen holds what it writes
        fcntl.flock(writer, fcntl.LOCK_EX)
        assert find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(tmp_path / "cache")}).returncode == 0
        assert sorted(path.name for path in folder.glob(".*.tmp")) == [".fresh.tmp", ".running.tmp"]
    assert len(index_files(tmp_path / "cache")) == 1


def test_what_the_cache_keeps_is_removed_once_unused_for_a_month_and_using_it_marks_it_used(
    big: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = {"BRIEFGEN_CACHE": str(cache)}
    assert find(*QUERY, "--source", "S2", cwd=big, env=env).returncode == 0
    [index] = index_files(cache)
    [sources] = (cache / "index").glob("*.sources.json")
    _aged(index, 2)
    _aged(sources, 2)
    made = index.stat().st_mtime_ns
    assert find(*QUERY, "--source", "S2", cwd=big, env=env).returncode == 0
    assert index.stat().st_mtime_ns > made and sources.stat().st_mtime > time.time() - 3600  # used
    # Gone for a month: an index and sources of archives and briefs no longer there, and a file
    # of another name, which is not briefgen's to remove.
    for name in ("0123456789abcdef.sqlite", "0123456789abcdef.sources.json", "notes.txt"):
        (cache / "index" / name).write_bytes(b"old")
        _aged(cache / "index" / name, search_cache.UNUSED_DAYS + 1)
    (big / "sources" / "s2.txt").write_text("Changed: indexed again.\n" * 60_000, encoding="utf-8")
    assert find("indexed again", "--source", "S2", cwd=big, env=env).returncode == 0
    assert sorted(path.name for path in (cache / "index").iterdir()) == sorted([index.name, sources.name, "notes.txt"])


def test_two_queries_at_once_index_the_archive_once_each_and_agree(big: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BRIEFGEN_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "briefgen", "find", *QUERY]
    running = [
        subprocess.Popen(command, cwd=big, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    done = [process.communicate() for process in running]
    assert [process.returncode for process in running] == [0, 0, 0]
    assert len({out for out, _ in done}) == 1 and all(err == "" for _, err in done)
    [file] = index_files(tmp_path / "cache")  # one whole index, no temporary file left
    assert [path for path in (tmp_path / "cache" / "index").iterdir() if path.name.startswith(".")] == []
    assert find(*QUERY, cwd=big, env={"BRIEFGEN_CACHE": str(tmp_path / "cache")}).stdout == done[0][0]
    assert index_files(tmp_path / "cache") == [file]


def test_an_archive_cut_short_under_an_open_index_is_stale_not_a_crash(tmp_path: Path) -> None:
    archive = tmp_path / "archive.txt"
    archive.write_text("\n\n".join(f"the convoy code is c{n}q" for n in range(2_000)), encoding="utf-8")
    index = indexed(archive, tmp_path / "cache")
    assert isinstance(index, search_index.ArchiveIndex)
    with open(archive, "r+b") as stream:
        stream.truncate(1_000)
    with pytest.raises(search_index.IndexStale):
        search_indexed("S1", index, "code is c1999q", 5, False)
    index.close()


def test_source_add_indexes_a_big_archive_so_that_the_first_find_uses_it(tmp_path: Path) -> None:
    folder = tmp_path / "briefs" / "minimal"
    shutil.copytree(FIXTURES / "minimal", folder)
    text = tmp_path / "report.txt"
    text.write_text("\n\n".join(f"Paragraph {n}: the convoy code is c{n}q." for n in range(40_000)), encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"BRIEFGEN_CACHE": str(cache)}
    added = subprocess.run(
        [sys.executable, "-m", "briefgen", "source", "add", ".", str(text), "--title", "Report"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    assert added.returncode == 0, added.stderr
    [file] = index_files(cache)
    made = file.stat().st_mtime_ns
    done = find("convoy code is c39017q", "--format", "json", cwd=folder, env=env)
    assert '"passage": "convoy code is c39017q"' in done.stdout
    assert file.stat().st_mtime_ns == made  # used as source add made it
    assert (
        done.stdout == find("convoy code is c39017q", "--format", "json", cwd=folder, env={"BRIEFGEN_CACHE": ""}).stdout
    )


# What the shortcuts of typographic text rely on (`plain_folded`): texts of the pieces above, and
# of what may move, join or make words (spaces and dashes together, JOIN and invisible characters
# inside a word, the one character that folds to a letter).
_TYPOGRAPHIC = [
    *_PIECES,
    "“a”",
    "‘b’",
    "x — y",
    "x—y",
    "x–\ny",
    "• item",
    "a\u2009\u2009b",
    "x -",
    "- x",
    "\x1e",
    "sur\x1echarge",
    "fu\u200bel",
    "a…b",
    "a\u0345b",
    " ".join(["lorem", "x", "ipsum"] * 40),  # (places a window apart)
    "Σίσυφος",
    "ǅ",
]


@st.composite
def typographic_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_TYPOGRAPHIC), min_size=1, max_size=30))
    separators = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))


@settings(max_examples=500, deadline=None)
@given(text=typographic_texts())
@example(text="“a” said.”\n\n")
@example(text="x -\n\n")
@example(text="a\u0345b")
@example(text="sur\x1echarge ")
@example(text="fu\u200bel a…b")
def test_a_text_normalising_leaves_in_place_is_searched_as_its_normal_form(text: str) -> None:
    whole = NormalisedText(text)
    plain = plain_folded(text)
    if plain is not None:  # every word of the normalised text (and joined) stands in it, in place
        assert len(plain) == len(text)
        assert all(word in plain for word in re.findall(r"\w+", whole.normal + " " + whole.joined))
        for word in set(re.findall(r"\w+", whole.normal)):
            expected = [whole.origin(at) for at in whole.places_as_written(word, 10_000)]
            assert word_places(plain, word, 10_000) == expected, word
            assert [whole.origin(at) for at in whole.places_joined(word, 10_000)] == expected


def test_only_ypogegrammeni_folds_from_no_word_character_to_one() -> None:
    word = re.compile(r"\w")
    kinds = [
        chr(n)
        for n in range(sys.maxunicode + 1)
        if len(chr(n).casefold()) == 1 and bool(word.match(chr(n))) != bool(word.match(chr(n).casefold()))
    ]
    assert kinds == ["\u0345"]
    assert not any(word.match(char) or word.match(replacement) for char, replacement in REPLACE.items())


def _shortcuts_change_nothing(tmp_path: Path, archive: Path, queries: list[str], limit: int) -> None:
    """Each query's places and hits, through the index and not, are those found with every chunk
    normalised and every window matched."""
    raw = archive.read_bytes()

    def found() -> list[object]:
        index = indexed(archive, tmp_path / "cache")
        if not isinstance(index, search_index.ArchiveIndex):
            return []
        results: list[object] = []
        for query in queries:
            results += [index.places(word, search_module.PLACES) for word in search_module.words(query)]
            results += [both(raw, index, query, limit, fuzzy) for fuzzy in (False, True)]
        index.close()
        return results

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "_FEW_WINDOWS", 0)
        fast = found()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_module, "_may_hold", lambda window, words: True)
        patch.setattr(search_index, "plain_folded_utf8", lambda raw: None)
        patch.setattr(search_index.ArchiveIndex, "holding", lambda self, windows, words: windows)
        slow = found()
    assert fast == slow


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=typographic_texts(),
    query=st.lists(st.sampled_from([*_WORDS, "x", "y", "b", "item", "σίσυφος"]), min_size=1, max_size=3),
    limit=st.sampled_from([1, 3, 5]),
)
def test_the_shortcuts_of_typographic_text_change_no_hit(
    tmp_path: Path, text: str, query: list[str], limit: int
) -> None:
    archive = tmp_path / "archive.txt"
    archive.write_bytes(text.encode("utf-8"))
    _shortcuts_change_nothing(tmp_path, archive, [" ".join(query)], limit)


def test_the_shortcuts_change_no_hit_in_the_reference_sources_in_typographic_form(tmp_path: Path) -> None:
    for number, source in enumerate(sorted((REFERENCE_BRIEF / "sources").glob("*.txt"))):
        text = source.read_text(encoding="utf-8")
        # As real archives are: quotes, apostrophes and dashes typographic, each paragraph quoted.
        text = text.replace("'", "’").replace(" - ", " — ").replace("--", "–")
        text = "\n\n".join(f"“{paragraph}”" for paragraph in text.split("\n\n"))
        archive = tmp_path / f"s{number}.txt"
        archive.write_text(text, encoding="utf-8")
        words = text.split()
        queries = [" ".join(words[at : at + size]) for at in range(0, len(words) - 5, 37) for size in (1, 2, 4)]
        _shortcuts_change_nothing(tmp_path, archive, queries, 5)
