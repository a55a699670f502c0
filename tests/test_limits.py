"""Limits on what a brief holds: items per list, citations per brief, archived text per brief."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from briefgen.load import archives
from briefgen.load.archives import ArchiveProblem, read_archives
from briefgen.load.document import load_text
from briefgen.load.limits import MAX_CITATIONS, MAX_ITEMS, check_limits
from support import FIXTURES


def limits(text: str) -> list[tuple[str, str, int | None, int | None]]:
    loaded = load_text(text.encode("utf-8"), "brief.yaml")
    assert loaded.data is not None, loaded.diagnostics
    return [(d.code, d.message, d.line, d.column) for d in check_limits(loaded.data, loaded.lines, "brief.yaml")]


def test_a_list_at_the_limit_is_fine() -> None:
    assert limits("authors:\n" + "  - a\n" * MAX_ITEMS) == []


def test_a_list_above_the_limit_is_reported_at_its_first_item_too_many() -> None:
    assert limits("title: x\nauthors:\n" + "  - a\n" * (MAX_ITEMS + 5)) == [
        ("BG112", f"authors has {MAX_ITEMS + 5:,} items; a list holds at most {MAX_ITEMS:,}", MAX_ITEMS + 3, 5)
    ]


def test_nested_lists_are_limited_too() -> None:
    text = "key_judgments:\n  - id: KJ1\n    evidence:\n" + "      - {source: S1, quote: q}\n" * (MAX_ITEMS + 1)
    [(code, message, line, _)] = limits(text)
    assert (code, message, line) == (
        "BG112",
        f"key_judgments[0].evidence has {MAX_ITEMS + 1:,} items; a list holds at most {MAX_ITEMS:,}",
        MAX_ITEMS + 4,
    )


def test_citations_above_the_limit_over_the_whole_brief() -> None:
    per_item = MAX_ITEMS - 1
    items = MAX_CITATIONS // per_item + 1
    text = "key_judgments:\n" + "".join(
        f"  - id: KJ{n}\n    evidence:\n" + "      - {source: S1, quote: q}\n" * per_item for n in range(items)
    )
    [(code, message, line, column)] = limits(text)
    total = items * per_item
    # The first citation too many is the (MAX_CITATIONS + 1)th in the file.
    skipped_headers = 1 + 2 * (MAX_CITATIONS // per_item + 1)
    assert (code, message, column) == (
        "BG113",
        f"the brief cites {total:,} pieces of evidence; the limit is {MAX_CITATIONS:,}",
        9,
    )
    assert line == MAX_CITATIONS + skipped_headers + 1


def test_validate_stops_at_the_limits_before_shape(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("schema_version: 1\nauthors:\n" + "  - a\n" * (MAX_ITEMS + 1), encoding="utf-8")
    result = validate_brief(path)
    assert [d.code for d in result.diagnostics] == ["BG112"] and result.context is None


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "brief"
    (folder / "sources").mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / "sources" / f"{name}.txt").write_text(name * 400, encoding="utf-8")
    return folder


def test_archived_texts_past_the_total_limit_are_refused(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_ARCHIVES_BYTES", 1_000)
    found = read_archives(
        sources, {"S1": "sources/a.txt", "S2": "sources/b.txt", "S3": "sources/c.txt", "S4": "sources/a.txt"}
    )
    assert [found["S1"].text[:1], found["S2"].text[:1]] == ["a", "b"]
    assert [found["S3"], found["S4"]] == [
        ArchiveProblem(
            "BG314",
            f"archive 'sources/{name}.txt' takes the brief's archived texts past 1,000 bytes together",
            "archive only the relevant part of each document",
        )
        for name in ("c", "a")
    ]


def test_archives_under_the_total_limit_are_all_read(sources: Path) -> None:
    found = read_archives(sources, {"S1": "sources/a.txt", "S2": "sources/b.txt"})
    assert [len(text.text) for text in found.values()] == [400, 400]


def test_the_total_limit_is_reported_at_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path / "base")
    monkeypatch.setattr(archives, "MAX_ARCHIVES_BYTES", 200)  # s1.txt has 163 bytes, s2.txt 77
    result = validate_brief(tmp_path / "base" / "brief.yaml")
    assert [(d.code, d.message) for d in result.diagnostics if d.code.startswith("BG31")] == [
        ("BG314", "archive 'sources/s2.txt' takes the brief's archived texts past 200 bytes together")
    ]
