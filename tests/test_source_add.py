"""`briefgen source add`: from a saved web page, a PDF or a text file to an archived source and
its `sources:` entry, through the real command line; and the insertion that keeps every other byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.archiving.entry import NewSource, archive_name, insert_source, next_id
from briefgen.load.document import load_text
from support import FIXTURES, REFERENCE_BRIEF, audited, reads_outside, recording_server, run_cli

INTAKE = FIXTURES / "intake"


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    """A copy of the small valid `base` brief; returns its folder."""
    folder = tmp_path / "briefs" / "base"
    shutil.copytree(FIXTURES / "base", folder)
    return folder


def _added(brief: Path, old: str) -> str:
    """What `source add` inserted: brief.yaml must be the old text with one contiguous insertion."""
    new = (brief / "brief.yaml").read_text(encoding="utf-8")
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    assert new.endswith(old[prefix:]), "text after the insertion changed"
    return new[prefix : len(new) - (len(old) - prefix)]


def test_a_saved_web_page_becomes_an_archive_and_an_entry(brief: Path) -> None:
    old = (brief / "brief.yaml").read_text(encoding="utf-8")
    done = run_cli(["source", "add", "briefs/base", str(INTAKE / "saved-page.html")], cwd=brief.parent.parent)
    assert done.returncode == 0, done.stderr
    archive = brief / "sources" / "s3-carriers-weigh-surcharge-as-gatun-lake-falls.txt"
    assert done.stdout.splitlines() == [
        f"archived the web page {INTAKE / 'saved-page.html'} as "
        "briefs/base/sources/s3-carriers-weigh-surcharge-as-gatun-lake-falls.txt (4 paragraphs)",
        "added S3 to briefs/base/brief.yaml:",
        "  title:      Carriers weigh surcharge as Gatún Lake falls",
        "  author:     Ana Pérez",
        "  publisher:  Canal Weekly",
        "  published:  2026-03-04",
        "  url:        https://canalweekly.example/2026/03/carriers-surcharge",
        "next: choose its kind, its Admiralty reliability and the note on why (marked 'choose' or a placeholder),",
        '  then find the passages to quote: briefgen find briefs/base "a few words"',
    ]
    text = archive.read_text(encoding="utf-8")
    assert "Skip to main content" not in text and "Home" not in text and "All rights reserved" not in text
    assert text.split("\n\n")[2].startswith("“We are not announcing anything today,” one carrier said, “but")
    assert "a surcharge would be passed on" in text  # the soft hyphen of `sur&shy;charge` is gone
    added = _added(brief, old)
    assert added.splitlines()[:8] == [
        "  - id: S3",
        '    title: "Carriers weigh surcharge as Gatún Lake falls"',
        '    author: "Ana Pérez"',
        '    publisher: "Canal Weekly"',
        "    published: 2026-03-04",
        '    url: "https://canalweekly.example/2026/03/carriers-surcharge"',
        "    kind: other  # choose: news_report, analysis, official_statement, academic_paper, "
        "historical_analysis, dataset, social_media, interview, other",
        "    archive: sources/s3-carriers-weigh-surcharge-as-gatun-lake-falls.txt",
    ]
    checked = run_cli(["validate", "briefs/base"], cwd=brief.parent.parent)
    assert checked.returncode == 0, checked.stdout
    codes = [line.split()[2] for line in checked.stdout.splitlines() if ": warning " in line]
    assert codes == ["BG305", "BG524", "BG901"]  # not cited yet, dated after the cut-off, note to write
    assert "sources[2].reliability_note is still a placeholder" in checked.stdout


def test_a_pdf_gives_its_text_layer_with_paragraphs_whole(brief: Path) -> None:
    done = run_cli(["source", "add", str(brief), str(INTAKE / "report.pdf"), "--kind", "official_statement"], cwd=brief)
    assert done.returncode == 0, done.stderr
    text = (brief / "sources" / "s3-draft-limits-and-the-dry-season.txt").read_text(encoding="utf-8")
    assert text.split("\n\n")[1] == (
        "The authority will keep the maximum draft at 44 feet until the rains return, and will review "
        "the limit each week against the level of Gatún Lake."
    )
    entry = (brief / "brief.yaml").read_text(encoding="utf-8")
    assert '    author: "Canal Authority, Water Desk"\n' in entry
    assert "    kind: official_statement\n" in entry


def test_overrides_replace_what_the_file_says(brief: Path) -> None:
    done = run_cli(
        [
            "source",
            "add",
            str(brief),
            str(INTAKE / "saved-page.html"),
            "--id",
            "CW1",
            "--title",
            "Canal Weekly on rates",
            "--url",
            "https://example.org/cw",
            "--published",
            "2026-03",
        ],
        cwd=brief,
    )
    assert done.returncode == 0, done.stderr
    entry = (brief / "brief.yaml").read_text(encoding="utf-8")
    assert '  - id: CW1\n    title: "Canal Weekly on rates"\n' in entry
    assert '    published: 2026-03\n    url: "https://example.org/cw"\n' in entry
    assert (brief / "sources" / "cw1-canal-weekly-on-rates.txt").is_file()


def test_a_text_file_in_another_encoding_is_converted_when_sure(brief: Path) -> None:
    done = run_cli(["source", "add", str(brief), str(INTAKE / "windows-1252.txt"), "--title", "Café"], cwd=brief)
    assert done.returncode == 0, done.stderr
    assert "(2 paragraphs; read as WINDOWS-1252 and written as UTF-8)" in done.stdout
    text = (brief / "sources" / "s3-cafe.txt").read_text(encoding="utf-8")
    assert text.startswith("Le café de la place est fermé depuis l’été.")


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        (
            "ambiguous.txt",
            "ambiguous.txt is not UTF-8, and its encoding cannot be told with confidence: most likely "
            "WINDOWS-1252 (or WINDOWS-1250, WINDOWS-1257, CP775)",
            "convert it to UTF-8 with the right encoding",
        ),
        ("scan.pdf", "scan.pdf has no text layer: its page is an image of text", "it needs OCR first"),
    ],
)
def test_bad_input_is_exit_2_and_changes_nothing(brief: Path, name: str, message: str, hint: str) -> None:
    before = {p: p.read_bytes() for p in brief.rglob("*") if p.is_file()}
    done = run_cli(["source", "add", str(brief), str(INTAKE / name)], cwd=brief)
    assert done.returncode == 2
    assert done.stdout == ""
    first, second = done.stderr.splitlines()[:2]
    assert first == f"briefgen: error: {INTAKE / message}"
    assert second.startswith(f"  hint: {hint}")
    assert {p: p.read_bytes() for p in brief.rglob("*") if p.is_file()} == before


def test_other_refusals(brief: Path, tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    (tmp_path / "big.txt").write_bytes(b"a" * (20 * 1024 * 1024 + 1))
    page = INTAKE / "saved-page.html"
    cases = [
        (["--id", "S1"], page, "id S1 is already used in this brief"),
        ([], tmp_path / "photo.png", f"{tmp_path / 'photo.png'} is none of the kinds of file briefgen archives"),
        ([], tmp_path / "big.txt", f"{tmp_path / 'big.txt'} is 20,971,521 bytes; the limit is 20,971,520"),
        ([], tmp_path / "missing.html", f"no such file: {tmp_path / 'missing.html'}"),
        (["--published", "March 2026"], page, "--published 'March 2026' is not a date"),
    ]
    before = (brief / "brief.yaml").read_bytes()
    for extra, file, message in cases:
        done = run_cli(["source", "add", str(brief), str(file), *extra], cwd=brief)
        assert (done.returncode, done.stderr.splitlines()[0]) == (2, f"briefgen: error: {message}")
    assert (brief / "brief.yaml").read_bytes() == before
    assert sorted(p.name for p in (brief / "sources").iterdir()) == ["s1.txt", "s2.txt"]


def test_a_text_already_archived_is_named(brief: Path) -> None:
    (brief / "copy.txt").write_bytes((brief / "sources" / "s2.txt").read_bytes())
    done = run_cli(["source", "add", str(brief), str(brief / "copy.txt")], cwd=brief)
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[0]
        == "briefgen: error: this text is already archived for this brief, as S2 (sources/s2.txt)"
    )


def test_a_file_already_in_the_briefs_sources_folder_is_not_archived_again(brief: Path) -> None:
    shutil.copy(INTAKE / "saved-page.html", brief / "sources" / "page.html")
    before = {p: p.read_bytes() for p in brief.rglob("*") if p.is_file()}
    cases = [
        (
            brief,
            "sources/s2.txt",
            "sources/s2.txt is already the archive of source S2",
            "cite S2; to archive the document again, delete S2's entry first, then add the document from outside "
            "the brief's folder",
        ),
        (
            brief / "sources",
            "page.html",
            "page.html is already in the brief's sources/ folder: source add would archive a second copy of it",
            "move it out of the brief's folder and add it from there (source add writes its text into sources/)",
        ),
    ]
    for cwd, file, message, hint in cases:
        done = run_cli(["source", "add", str(brief), file], cwd=cwd)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"briefgen: error: {message}\n  hint: {hint}\n")
    assert {p: p.read_bytes() for p in brief.rglob("*") if p.is_file()} == before


def test_the_hint_for_a_source_s_own_archive_is_a_step_that_works(brief: Path, tmp_path: Path) -> None:
    """Following the hint (delete S2's entry, then add the document from outside the brief's
    folder) archives it again; adding a copy while the entry stands is refused as a duplicate."""
    outside = tmp_path / "s2-copy.txt"
    shutil.copy(brief / "sources" / "s2.txt", outside)
    assert run_cli(["source", "add", str(brief), str(outside)], cwd=brief).returncode == 2
    yaml = brief / "brief.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text[: text.index("  - id: S2\n")], encoding="utf-8")
    done = run_cli(["source", "add", str(brief), str(outside)], cwd=brief)
    assert done.returncode == 0, done.stderr
    assert "added S2 to " in done.stdout


def test_it_touches_no_network_and_reads_only_the_brief_and_the_file(brief: Path, tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    with recording_server() as (base, requests):
        page = (INTAKE / "saved-page.html").read_text(encoding="utf-8")
        page = page.replace("</head>", f'<link rel="stylesheet" href="{base}/style.css"></head>')
        page = page.replace("</article>", f'<img src="{base}/photo.png"><iframe src="{base}/frame"></iframe></article>')
        (tmp_path / "page.html").write_text(page, encoding="utf-8")
        done = run_cli(
            ["source", "add", str(brief), str(tmp_path / "page.html"), "--url", f"{base}/article"],
            cwd=brief,
            env=audited(log),
        )
    assert done.returncode == 0, done.stderr
    assert requests == []
    assert reads_outside(log, [brief, tmp_path / "page.html"]) == []


def test_ids_and_archive_names() -> None:
    assert next_id(set()) == "S1"
    assert next_id({"S1", "S2", "KJ1", "S9"}) == "S10"
    assert archive_name("S3", "Les « cafés » de Gatún: 2026!", set()) == "sources/s3-les-cafes-de-gatun-2026.txt"
    assert archive_name("S3", None, {"sources/s3.txt"}) == "sources/s3-2.txt"


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    title=_TEXT,
    author=st.none() | _TEXT,
    url=st.none() | st.from_regex(r"https://[a-z]{1,8}\.example/[!-~]{0,20}", fullmatch=True),
)
def test_insertion_keeps_every_other_byte_of_the_reference_brief(
    title: str, author: str | None, url: str | None
) -> None:
    old = (REFERENCE_BRIEF / "brief.yaml").read_text(encoding="utf-8")
    source = NewSource("S6", title or None, author or None, None, "2026-02", url, None, "sources/s6.txt")
    new = insert_source(old, source)
    assert new.startswith(old)  # the sources list ends the file: the entry follows it
    loaded = load_text(new.encode("utf-8"), "brief.yaml")
    assert loaded.data is not None and loaded.data["sources"][:-1] == load_text(old.encode(), "b").data["sources"]  # type: ignore[index]
    entry = loaded.data["sources"][-1]
    kept = "".join(c for c in title if c.isprintable() or c in " \u00a0") if title else None
    assert entry["id"] == "S6" and entry["archive"] == "sources/s6.txt" and entry["url"] == url
    if kept is not None and kept == title:
        assert entry["title"] == title


@pytest.mark.parametrize(
    "layout",
    [
        "title: x\nsources:\n- id: S1\n  title: t\n# the next section\nother: 1\n",
        "title: x\nsources: []  # none yet\nother: 1\n",
        "title: x\nsources:\nother: 1\n",
        "title: x\n",
        "title: x\nsources:\n    -   id: S1\n        title: t\n\n    -   id: S2\n        title: u\n\n\nother: 1\n",
    ],
)
def test_insertion_follows_the_lists_own_layout(layout: str) -> None:
    source = NewSource("S9", "T", None, None, None, None, "interview", "sources/s9.txt")
    new = insert_source(layout, source)
    data = load_text(new.encode(), "b").data
    assert data is not None and data["sources"][-1]["id"] == "S9" and data.get("other", 1) == 1
    if "# the next section" in layout:
        assert new.index("- id: S9") < new.index("# the next section")
    if "    -   id: S1" in layout:
        assert '\n\n    -   id: S9\n        title: "T"\n' in new
    if "# none yet" in layout:
        assert "sources:  # none yet\n  - id: S9\n" in new


def test_the_first_source_takes_the_place_of_the_scaffolds_placeholder(tmp_path: Path) -> None:
    assert run_cli(["new", "canal-drought"], cwd=tmp_path).returncode == 0
    brief = tmp_path / "briefs" / "canal-drought" / "brief.yaml"
    old = brief.read_text(encoding="utf-8")
    first = run_cli(["source", "add", "briefs/canal-drought", str(INTAKE / "saved-page.html")], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[1] == (
        "wrote S1 to briefs/canal-drought/brief.yaml in place of the placeholder source:"
    )
    new = brief.read_text(encoding="utf-8")
    head = old[: old.index("\nsources:\n") + len("\nsources:\n")]
    assert new.startswith(head + '  - id: S1\n    title: "Carriers weigh surcharge as Gatún Lake falls"\n')
    assert "<The title as in the document>" not in new and new.endswith(
        '    reliability_note: "<One line on why the source gets that grade>"\n'
    )
    second = run_cli(["source", "add", "briefs/canal-drought", str(INTAKE / "report.pdf")], cwd=tmp_path)
    assert second.stdout.splitlines()[1] == "added S2 to briefs/canal-drought/brief.yaml:"
    checked = run_cli(["validate", "briefs/canal-drought"], cwd=tmp_path)
    assert checked.returncode == 0
    assert checked.stdout.splitlines()[-1].startswith("1 brief checked: 0 errors, ")


def test_a_year_alone_and_a_host_that_is_no_publisher(brief: Path, tmp_path: Path) -> None:
    page = (INTAKE / "saved-page.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:site_name" content="Canal Weekly">\n', "")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    done = run_cli(["source", "add", str(brief), str(tmp_path / "page.html"), "--published", "2026"], cwd=brief)
    assert done.returncode == 0, done.stderr
    entry = (brief / "brief.yaml").read_text(encoding="utf-8")
    assert "    publisher: null\n    published: 2026\n" in entry  # the host's name is not a publisher
    assert run_cli(["validate", str(brief)], cwd=brief).returncode == 0
