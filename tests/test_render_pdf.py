"""The built PDF checked by structure, as a reader's viewer sees it: pages, text, bookmarks,
links into the annex, metadata, fonts, and the marking on every page in its colours."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from render_support import RICH_ID, rich_build


def amber_on_black(pixel: tuple[int, int, int]) -> bool:
    """#FFC000 text on black, anti-aliased: any shade with amber's hue."""
    red, green, blue = pixel
    return red > 30 and blue < 40 and 0.6 < green / red < 0.9


SECTIONS = [
    "Key judgments",
    "Scope note",
    "Discussion of the key judgments",
    "Scenarios",
    "Indicators",
    "Indicators and scenarios",
    "Implications",
    "Key assumptions",
    "Intelligence gaps",
    "Annex A: Sourcing",
    "Appendix: estimative language and analytic standards",
]
# Present when the brief has an earlier version in git (see briefgen.render.timeline).
CHANGES = "What changed since the previous version"


@pytest.fixture(scope="module")
def pdf_path() -> Path:
    return rich_build().out / RICH_ID / f"{RICH_ID}.pdf"


@pytest.fixture(scope="module")
def reader(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_page_count_is_reported_and_every_page_says_n_of_m(reader: PdfReader, texts: list[str]) -> None:
    count = len(reader.pages)
    assert 5 <= count <= 12
    assert f"({'html, pdf'}, {count} pages," in rich_build().done.stdout
    for number, text in enumerate(texts, 1):
        assert f"page {number} of {count}" in text


def test_marking_is_in_the_header_and_footer_of_every_page(texts: list[str]) -> None:
    for number, text in enumerate(texts, 1):
        assert text.count("TLP:AMBER") >= 2, f"page {number}"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (Debian's poppler-utils)")
def test_marking_is_drawn_in_amber_on_black_at_the_top_and_bottom_of_every_page(
    pdf_path: Path, reader: PdfReader, tmp_path: Path
) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(pdf_path), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(reader.pages)
    for image_path in images:
        image = Image.open(image_path).convert("RGB")
        width, height = image.size
        for band in ((0, height // 8), (height - height // 8, height)):
            colours = image.crop((0, band[0], width, band[1])).getcolors(width * height) or []
            amber = sum(count for count, colour in colours if amber_on_black(colour))
            black = sum(count for count, colour in colours if max(colour) < 30)
            assert amber >= 20 and black >= 300, f"{image_path.name} band {band}: {amber} amber, {black} black"


def test_text_holds_the_cover_and_every_judgment_indicator_and_source(texts: list[str]) -> None:
    cover = texts[0]
    for expected in (
        "Kostara’s technical presence in Veland",
        "What the radar deal means",
        "20 March 2026",
        "15 March 2026",
        "Northern Desk, A. Analyst",
        "CONTENTS",
        "version 2.1",
    ):
        assert expected in cover
    everything = " ".join(texts)
    for expected in (
        "Kostara will keep technicians at the northern radar chain for at least a year.",
        "Veland will present any agreement as technical cooperation, not a base.",
        "IND1",
        "IND4",
        "Combat vessels at Port Arlen",
        "NOT OBSERVED",
        "RECEDING",
        "[4] [Conversation with two fishermen at Halvik harbour]",
        "roughly even chance",
        "Completely reliable",
    ):
        assert expected in everything


def test_contents_show_page_numbers(texts: list[str], reader: PdfReader) -> None:
    for title in SECTIONS:
        match = re.search(re.escape(title) + r"[ .]*?(\d+)", texts[0])
        assert match, title
        assert 2 <= int(match.group(1)) <= len(reader.pages)


def outline_titles(reader: PdfReader) -> tuple[list[str], list[str]]:
    top, nested = [], []
    for entry in reader.outline:
        if isinstance(entry, list):
            nested.extend(child.title for child in entry if not isinstance(child, list))
        else:
            top.append(entry.title)
    return top, nested


def test_every_section_has_a_bookmark(reader: PdfReader, pdf_path: Path) -> None:
    top, nested = outline_titles(reader)
    html = (pdf_path.parent / "index.html").read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]
    assert top == headings
    assert [title for title in top if title != CHANGES and not title.startswith("Annex B: ")] == SECTIONS
    for expected in (
        "SC1 Limited technical presence",
        "Shipping companies",
        "Source summary",
        "[1] Veland harbour authority confirms Kostaran survey ship in Port Arlen",
        "Confidence",
    ):
        assert expected in nested


def link_destinations(reader: PdfReader) -> list[tuple[int, str]]:
    found = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                found.append((number, str(annotation["/Dest"])))
    return found


def test_citations_are_links_into_the_annex_where_the_passage_is_printed(reader: PdfReader, texts: list[str]) -> None:
    destinations = {name for _, name in link_destinations(reader)}
    named = reader.named_destinations
    quotes = {
        1: "allow Kostaran technicians to stay",
        5: "Any agreement reached will be submitted",
        8: "they are building something",
    }
    for number in range(1, 10):
        assert f"cite-{number}" in destinations, f"no link to citation {number}"
    for number, words in quotes.items():
        page = reader.get_destination_page_number(named[f"cite-{number}"])
        assert words in texts[page]
        assert "Annex A: Sourcing" in " ".join(texts[: page + 1])


def test_contents_and_references_link_inside_the_document(reader: PdfReader) -> None:
    links = link_destinations(reader)
    on_cover = {name for page, name in links if page == 0}
    assert {"summary", "scenarios", "indicators", "matrix", "annex", "scale"} <= on_cover
    assert {"item-S1", "item-S2", "item-S3", "item-S4", "item-KJ1", "item-SC2"} <= {name for _, name in links}
    named = set(reader.named_destinations)
    assert {name for _, name in links} <= named


def test_metadata_names_title_authors_subject_keywords_and_language(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Kostara’s technical presence in Veland"
    assert meta.author == "Northern Desk, A. Analyst"
    assert meta.subject == "What the radar deal means for access to the Northern Sea"
    assert meta["/Keywords"].startswith(f"TLP:AMBER, {RICH_ID}, version 2.1")
    assert meta["/CreationDate"] == "D:20260320"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_only_the_packaged_fonts_are_embedded(reader: PdfReader) -> None:
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert fonts and all(name.startswith(("Source-Serif-Pro", "Source-Sans-Pro")) for name in fonts), fonts
