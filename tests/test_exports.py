"""Exports beyond HTML and PDF, through the real command line: the Word document of `build --format
docx`, the STIX 2.1 bundle and the MISP event of `briefgen export`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from briefgen.export.docx import Node, hidden_in_print, parse_page
from support import FIXTURES, REFERENCE_BRIEF, run_cli

RICH = FIXTURES / "rich"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference brief built to .docx (twice, into two folders: the first is returned)."""
    out = tmp_path_factory.mktemp("docx")
    for folder in ("a", "b"):
        done = run_cli(["build", str(REFERENCE_BRIEF), "--format", "docx", "--out", str(out / folder)], cwd=out)
        assert done.returncode == 0, done.stdout + done.stderr
    return out / "a" / "russia-syria-security" / "russia-syria-security.docx"


def test_the_docx_is_byte_identical_from_one_build_to_the_next(word: Path) -> None:
    second = word.parents[2] / "b" / "russia-syria-security" / "russia-syria-security.docx"
    assert word.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(word) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_docx_has_word_headings_in_the_pdfs_order(word: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(word))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Russia’s return as a security actor in Syria")
    assert {style for style, _ in headings} <= {"Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"}
    # The sections of the page the PDF is laid out from, in its order, are the Word headings.
    done = run_cli(["build", str(REFERENCE_BRIEF), "--format", "html", "--out", str(tmp_path)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = parse_page((tmp_path / "russia-syria-security" / "index.html").read_text(encoding="utf-8"))
    assert [text for style, text in headings if style == "Heading 1"] == _headings(page, "h2")
    assert [text for style, text in headings if style == "Heading 2"] == _headings(page, "h3")


def _headings(node: Node, tag: str) -> list[str]:
    """The text of each `tag` heading the print page shows, in order."""
    found: list[str] = []
    for child in node.children:
        if child.tag is None or hidden_in_print(child):
            continue
        found += [" ".join(child.plain().split())] if child.tag == tag else _headings(child, tag)
    return found


def test_tables_repeat_their_header_rows_and_rows_do_not_split(word: Path, tmp_path: Path) -> None:
    from xml.etree import ElementTree

    with zipfile.ZipFile(word) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    tables = root.findall(f".//{W}tbl")
    headed = [table for table in tables if table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]
    # As many tables as the printed page has, and a repeated header row wherever it has one.
    run_cli(["build", str(REFERENCE_BRIEF), "--format", "html", "--out", str(tmp_path)], cwd=tmp_path)
    page = parse_page((tmp_path / "russia-syria-security" / "index.html").read_text(encoding="utf-8"))
    printed = [table for table in page.all("table") if not hidden_in_print(table)]
    assert len(tables) == len(printed) >= 5
    assert len(headed) == len([table for table in printed if _has_header_row(table)]) >= 5
    for table in headed:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for table in tables for row in table.findall(f"{W}tr"))


def _has_header_row(table: Node) -> bool:
    if table.find("thead"):
        return True
    first = table.find("tr")
    cells = [cell for cell in first.children if cell.tag in ("td", "th")] if first else []
    return bool(cells) and all(cell.tag == "th" for cell in cells)


def test_every_internal_link_leads_to_a_bookmark(word: Path) -> None:
    from xml.etree import ElementTree

    with zipfile.ZipFile(word) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    marks = {mark.get(f"{W}name") for mark in root.iter(f"{W}bookmarkStart")}
    anchors = [link.get(f"{W}anchor") for link in root.iter(f"{W}hyperlink") if link.get(f"{W}anchor")]
    assert len(anchors) > 50  # citations lead to the sourcing annex, ids to their items
    assert set(anchors) <= marks
    texts = {"".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")}
    assert not texts & {"passage", "original", "archive"}  # screen-only links are left out
    # The space after a link stays: an item's id and the text that follows it are two words.
    assert [text for text in texts if re.search(r"\b(KJ|SC|IND|A|G)\d+[A-Za-z]", text)] == []


def test_the_marking_stands_in_every_header_and_footer_in_its_colours(word: Path) -> None:
    import docx

    document = docx.Document(str(word))
    section = document.sections[0]
    for part in (section.header, section.footer):
        (run, *_) = [run for run in part.paragraphs[0].runs if "TLP:CLEAR" in run.text]
        assert str(run.font.color.rgb) == "FFFFFF" and run.bold
        shading = run._r.rPr.find(f"{W}shd")
        assert shading is not None and shading.get(f"{W}fill") == "000000"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_the_build_stamp_and_metadata_are_in_the_document_properties(word: Path) -> None:
    import datetime as dt

    import docx

    core = docx.Document(str(word)).core_properties
    assert core.title == "Russia’s return as a security actor in Syria"
    assert core.author == "briefgen reference team"
    assert core.created == dt.datetime(2026, 2, 9, tzinfo=dt.timezone.utc)
    assert core.comments.startswith("Built by briefgen ") and "version 1.1" in core.comments
    assert core.content_status == "TLP:CLEAR"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (Debian: libreoffice-writer-nogui)")
def test_libreoffice_opens_the_docx(word: Path, tmp_path: Path) -> None:
    copy = tmp_path / "brief.docx"
    shutil.copy(word, copy)
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(copy)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert (tmp_path / "brief.pdf").is_file(), done.stdout + done.stderr
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "brief.pdf")
    assert len(reader.pages) > 10
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Russia’s return as a security actor in Syria" in first and "Skip to" not in first


# STIX -------------------------------------------------------------------------------------------


def _export(kind: str, brief: Path, cwd: Path) -> dict:  # type: ignore[type-arg]
    done = run_cli(["export", kind, str(brief)], cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_the_stix_bundle_is_valid_and_says_what_the_brief_says(tmp_path: Path) -> None:
    from stix2validator import ValidationOptions, validate_string

    bundle = _export("stix", REFERENCE_BRIEF, tmp_path)
    # UUIDv5 ids are deterministic, as the exports must be; the validator's uuid-check is a SHOULD
    # (UUIDv4) and the only rule left out of its strict mode.
    result = validate_string(json.dumps(bundle), ValidationOptions(strict=True, disabled=["uuid-check"]))
    assert result.is_valid, [str(error) for error in result.errors]
    objects = {obj["id"]: obj for obj in bundle["objects"]}
    (report,) = [obj for obj in objects.values() if obj["type"] == "report"]
    assert report["name"] == "Russia's return as a security actor in Syria"
    assert report["published"] == "2026-02-09T00:00:00Z"
    assert report["description"].startswith("Russia is back as a security interlocutor of Damascus")
    assert report["object_marking_refs"] == ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]
    assert set(report["object_refs"]) <= set(objects)
    notes = [obj for obj in objects.values() if obj["type"] == "note"]
    assert len(notes) == 7 + 3  # seven judgments, three scenarios
    kj1 = next(note for note in notes if "KJ1" in note["labels"])
    assert kj1["confidence"] == 50  # moderate, on STIX's High/Medium/Low scale
    (extension,) = [obj for obj in objects.values() if obj["type"] == "extension-definition"]
    assert kj1["extensions"][extension["id"]] == {
        "extension_type": "property-extension",
        "likelihood": "very likely",
        "likelihood_scale": "ICD-203",
        "probability_low": 80,
        "probability_high": 95,
        "estimative_rung": "very-likely",
    }
    assert not [key for obj in objects.values() for key in obj if key.startswith("x_")]
    references = {ref["external_id"]: ref for ref in report["external_references"]}
    assert sorted(references) == ["S1", "S2", "S3", "S4", "S5"]
    archive = REFERENCE_BRIEF / "sources" / "s2-insight-2077-poroskoun.txt"
    assert references["S2"]["hashes"]["SHA-256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    # The grade written as the brief, diff and history write it (scales.grade_label).
    assert references["S2"]["description"].startswith("Admiralty reliability B — usually reliable: ")
    identities = [obj for obj in objects.values() if obj["type"] == "identity"]
    assert [obj["name"] for obj in identities] == ["briefgen reference team"]
    assert all(uuid.UUID(obj["id"].split("--")[1]).version == 5 for obj in notes + identities + [report])


def test_a_new_version_updates_the_same_stix_objects(tmp_path: Path) -> None:
    brief = tmp_path / "briefs" / "rich"
    shutil.copytree(RICH, brief)
    first = _export("stix", brief, tmp_path)
    assert _export("stix", brief, tmp_path) == first  # the same brief, the same bundle
    git = ["git", "-c", "user.name=A", "-c", "user.email=a@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qm", "version 2.1"], check=True)
    text = (brief / "brief.yaml").read_text(encoding="utf-8")
    date = next(line for line in text.splitlines() if line.startswith("date: "))
    (brief / "brief.yaml").write_text(text.replace(date, "date: 2026-03-30", 1), encoding="utf-8")
    second = _export("stix", brief, tmp_path)
    before = {obj["id"]: obj for obj in first["objects"]}
    after = {obj["id"]: obj for obj in second["objects"]}
    assert set(before) == set(after)
    report = next(obj for obj in after.values() if obj["type"] == "report")
    assert report["modified"] == "2026-03-30T00:00:00.000Z"
    assert report["created"] == before[report["id"]]["created"] == "2026-03-20T00:00:00.000Z"


# MISP -------------------------------------------------------------------------------------------


def test_the_misp_event_loads_in_pymisp_with_its_taxonomies(tmp_path: Path) -> None:
    from pymisp import MISPEvent

    data = _export("misp", REFERENCE_BRIEF, tmp_path)
    assert _export("misp", REFERENCE_BRIEF, tmp_path) == data
    event = MISPEvent()
    event.load(json.dumps(data))
    assert event.info == "Russia's return as a security actor in Syria"
    assert str(event.date) == "2026-02-09"
    assert [tag.name for tag in event.tags] == ["tlp:clear"]
    assert int(event.distribution) == 3
    kj1 = next(a for a in event.attributes if a.comment.startswith("Key judgment KJ1:"))
    assert [tag.name for tag in kj1.tags] == [
        'estimative-language:likelihood-probability="very-likely"',
        'estimative-language:confidence-in-analytic-judgment="moderate"',
    ]
    sources = [a for a in event.attributes if a.comment.startswith("Source ")]
    assert len(sources) == 5
    assert all(tag.name.startswith('admiralty-scale:source-reliability="') for a in sources for tag in a.tags)
    (report,) = event.event_reports
    assert report.content.startswith("# Russia's return as a security actor in Syria\n")
    assert "## Key judgments" in report.content and "[@" not in report.content
    # The grades written as the brief, diff and history write them (scales.grade_label).
    assert ". Reliability B — usually reliable: " in report.content and "(usually reliable)" not in report.content
    assert re.search(r", credibility [1-6] — [a-z ]+\n", report.content)


def test_an_invalid_brief_is_reported_as_validate_reports_it(tmp_path: Path) -> None:
    brief = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", brief)
    (brief / "sources" / "s1.txt").unlink()
    for kind in ("stix", "misp"):
        done = run_cli(["export", kind, str(brief)], cwd=tmp_path)
        assert done.returncode == 1
        assert "error BG311 archive-missing: archive 'sources/s1.txt' does not exist" in done.stdout
        assert done.stdout.splitlines()[-1] == "1 brief checked: 1 error, 0 warnings"
        assert done.stderr == "not exported: fix the errors first\n"


@pytest.mark.parametrize(("kind", "module", "extra"), [("stix", "stix2", "stix"), ("misp", "pymisp", "misp")])
def test_a_missing_library_names_its_extra(kind: str, module: str, extra: str, tmp_path: Path) -> None:
    script = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from briefgen.cli import main\n"
        f"sys.exit(main(['export', {kind!r}, {str(REFERENCE_BRIEF)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert f"install briefgen's '{extra}' extra: pip install 'briefgen[{extra}]'" in done.stderr


def test_export_from_a_briefs_folder_and_not_of_a_draft(tmp_path: Path) -> None:
    brief = tmp_path / "rich"
    shutil.copytree(RICH, brief)
    assert _export("misp", Path("."), brief / "sources") == _export("misp", brief, tmp_path)
    assert run_cli(["new", "draft"], cwd=tmp_path).returncode == 0
    done = run_cli(["export", "stix", "briefs/draft"], cwd=tmp_path)
    assert done.returncode == 1 and "warning BG901 placeholder" in done.stdout
    assert done.stderr == "not exported: an export is a finished product, and this brief still has placeholders\n"


def test_a_review_build_marks_the_docx_as_a_draft(tmp_path: Path) -> None:
    import docx

    done = run_cli(["build", str(RICH), "--format", "docx", "--review", "--out", str(tmp_path)], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    (word,) = tmp_path.glob("*/*.docx")
    document = docx.Document(str(word))
    assert "Draft for coordination" in document.sections[0].header.paragraphs[0].text
    assert document.core_properties.content_status.startswith("Draft for coordination, TLP:")
