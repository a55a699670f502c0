"""The PDF is tagged PDF/UA: checked with our own pikepdf checker (tests/pdf_conformance.py) on the
reference brief and the fixtures, for every variant `--pdf-variant` offers, and shown failing on
WeasyPrint's untouched output and on a template that drops a chart's alternative text."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pypdf
import pytest

import pdf_conformance
from render_support import RICH, RICH_ID, build_once, foreign_language_brief, rich_build
from support import FIXTURES, REFERENCE_BRIEF, REPOSITORY, run_cli

BUILTIN = REPOSITORY / "templates"


def pdf_of(out: Path, brief_id: str) -> Path:
    return out / brief_id / f"{brief_id}.pdf"


@pytest.fixture(scope="module")
def rich_pdf() -> Path:
    return pdf_of(rich_build().out, RICH_ID)


@pytest.fixture(scope="module")
def rich_report(rich_pdf: Path) -> pdf_conformance.Report:
    return pdf_conformance.check(rich_pdf)


@pytest.fixture(scope="module")
def reference_pdf() -> Path:
    if not (REFERENCE_BRIEF / "brief.yaml").is_file():
        pytest.skip("the reference brief is not in this checkout")
    built = build_once(str(REFERENCE_BRIEF))
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    return pdf_of(built.out, "russia-syria-security")


def test_the_reference_brief_and_the_rich_fixture_conform(
    reference_pdf: Path, rich_report: pdf_conformance.Report
) -> None:
    assert pdf_conformance.problems(reference_pdf) == []
    assert rich_report.problems == []


@pytest.mark.parametrize("fixture", ["minimal", "base", "real-text"])
def test_every_fixture_conforms(fixture: str) -> None:
    built = build_once(str(FIXTURES / fixture), "--format", "pdf")
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    (pdf,) = built.out.glob("*/*.pdf")
    assert pdf_conformance.problems(pdf) == []


def test_the_catalogue_says_tagged_pdf_ua_1_in_english_with_the_title_shown(rich_pdf: Path) -> None:
    with pikepdf.open(rich_pdf) as pdf:
        assert pdf.pdf_version == "1.7"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert (
            meta["dc:title"] == str(pdf.docinfo["/Title"]) == "Kostara’s technical presence in Veland"
        )  # typographic, as the cover
        assert meta["dc:creator"] == ["Northern Desk", "A. Analyst"]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(rich_pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_headings_are_nested_without_skips_and_follow_the_sections(rich_report: pdf_conformance.Report) -> None:
    headings = rich_report.headings
    assert headings[0] == (1, "Kostara’s technical presence in Veland")
    levels = [level for level, _ in headings]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))
    assert (2, "Annex A: Sourcing") in headings and (3, "SC2 Creeping return to basing") in headings


def test_running_heads_marking_and_page_numbers_are_artefacts_and_the_marking_is_stated_once(rich_pdf: Path) -> None:
    with pikepdf.open(rich_pdf) as pdf:
        tagged = " ".join(pdf_conformance._texts_by_mcid(pdf).values())
        texts = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(rich_pdf).pages]
    assert all(f"page {number} of {len(texts)}" in text for number, text in enumerate(texts, 1))
    assert not re.search(r"page \d+ of \d+", tagged)
    # The cover states the marking with what it allows; the header and footer of each page are artefacts.
    assert tagged.count("TLP:AMBER") == 2  # the cover's chip and its "Marking" line
    assert "TLP:AMBER: Recipients’ organisation and its clients" in tagged


def test_every_table_header_has_its_scope(rich_report: pdf_conformance.Report) -> None:
    scopes = {str(cell.attributes["/Scope"]) for cell in rich_report.elements("/TH")}
    assert scopes == {"/Row", "/Column"}
    assert len(rich_report.elements("/Table")) >= 7


def test_links_describe_their_target(rich_pdf: Path) -> None:
    with pikepdf.open(rich_pdf) as pdf:
        contents = {str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", [])}
    # the HTML link's aria-label
    assert (
        "the passage of [1] quoted by KJ1 (Veland harbour authority confirms Kostaran survey ship in Port Arlen), "
        "in the sourcing annex"
    ) in contents
    assert "Creeping return to basing" in contents  # a scenario link's title
    assert not any(re.fullmatch(r"(cite|item)-\S+", text) for text in contents), contents


def test_weasyprint_alone_leaves_margin_boxes_untagged_headers_without_scope_and_nested_headings(
    rich_pdf: Path, tmp_path: Path
) -> None:
    """The checker can fail: WeasyPrint 70's own PDF/UA-1 output of the same page, without
    briefgen's completion of its tags, has the problems briefgen.render.tagging fixes."""
    from weasyprint import CSS, HTML

    from briefgen.render.fetcher import AssetFetcher
    from briefgen.render.html import render_fonts_css

    fetcher = AssetFetcher()
    html = (rich_pdf.parent / "index.html").read_text(encoding="utf-8")
    data = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=render_fonts_css(None), url_fetcher=fetcher)], pdf_variant="pdf/ua-1"
    )
    raw = tmp_path / "raw.pdf"
    raw.write_bytes(data)
    found = {re.sub(r"MCID \d+", "MCID n", problem.split(": ", 1)[1]) for problem in pdf_conformance.problems(raw)}
    assert found == {
        "marked content /Span MCID n belongs to no structure element in the tree",
        "table header cell (TH) without /Scope",
        "Figure without alternative text (/Alt)",
        "heading /H3 holds another heading",
    }


def test_a_template_that_drops_a_charts_alternative_text_fails_the_check(tmp_path: Path) -> None:
    """A --templates override of the scenarios partial whose chart has no text alternative: the
    checker reports exactly that, once for the chart, and nothing else."""
    overrides = tmp_path / "templates"
    overrides.mkdir()
    original = (BUILTIN / "_scenarios.html.j2").read_text(encoding="utf-8")
    broken = re.sub(r'\s(aria-label|aria-labelledby)="[^"]*"', "", original)
    broken = re.sub(r"<title\b[^>]*>.*?</title>", "", broken, flags=re.S)
    assert broken != original
    (overrides / "_scenarios.html.j2").write_text(broken, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(
        ["build", str(RICH), "--format", "pdf", "--templates", str(overrides), "--out", str(out)],
        cwd=REPOSITORY,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    found = pdf_conformance.problems(pdf_of(out, RICH_ID))
    assert [problem.split(": ", 1)[1] for problem in found] == ["Figure without alternative text (/Alt)"]


@pytest.mark.parametrize(
    ("variant", "version", "identifier"),
    [
        ("pdf/ua-2", "2.0", {"pdfuaid:part": "2"}),
        ("pdf/a-3a", "1.7", {"pdfaid:part": "3", "pdfaid:conformance": "A"}),
        ("pdf/a-2a", "1.7", {"pdfaid:part": "2", "pdfaid:conformance": "A"}),
    ],
)
def test_each_variant_is_tagged_and_says_what_it_is(variant: str, version: str, identifier: dict[str, str]) -> None:
    built = build_once(str(FIXTURES / "minimal"), "--format", "pdf", "--pdf-variant", variant)
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    (path,) = built.out.glob("*/*.pdf")
    part = int(identifier["pdfuaid:part"]) if "pdfuaid:part" in identifier else None
    assert pdf_conformance.problems(path, ua_part=part) == []
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == version
        meta = pdf.open_metadata()
        assert {key: meta.get(key) for key in identifier} == identifier


def test_an_unknown_variant_is_a_usage_error() -> None:
    done = run_cli(["build", str(FIXTURES / "minimal"), "--pdf-variant", "pdf/x-4"], cwd=REPOSITORY)
    assert done.returncode == 2
    assert "argument --pdf-variant: invalid choice: 'pdf/x-4'" in done.stderr
    assert all(variant in done.stderr for variant in ("pdf/ua-1", "pdf/ua-2", "pdf/a-2a", "pdf/a-3a"))


def test_a_passage_quoted_from_a_source_in_another_language_is_marked_with_it() -> None:
    built = build_once(str(foreign_language_brief()))
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    folder = built.out / "foreign-language"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<blockquote class="quote" lang="fr">La police militaire russe a repris ses patrouilles</blockquote>' in page
    assert page.count('lang="fr"') == 2  # the evidence under KJ1 and its excerpt in the annex
    assert '<div class="archive-text" lang="fr">' in (folder / "sources" / "S2.html").read_text(encoding="utf-8")
    assert 'lang="' not in (folder / "sources" / "S1.html").read_text(encoding="utf-8").split("<body", 1)[1]
    report = pdf_conformance.check(folder / "foreign-language.pdf")
    assert report.problems == []
    assert [(e.kind, e.lang) for e in report.elements() if e.lang] == [("/BlockQuote", "fr"), ("/P", "fr")]


def test_the_charts_are_figures_whose_alternative_text_says_what_they_show(rich_report: pdf_conformance.Report) -> None:
    # Only the charts are figures: the bars and the likelihood gauges, which repeat the text
    # beside them, are artefacts.
    alts = [figure.alt or "" for figure in rich_report.elements("/Figure")]
    assert alts == [
        "Scenario likelihoods on the ICD-203 scale: SC1 Limited technical presence, likely (55–80%, point "
        "estimate 60%); SC2 Creeping return to basing, unlikely (20–45%); SC3 Agreement collapses, very "
        "unlikely (5–20%)."
    ]


def test_key_judgments_are_headings_and_bookmarks(rich_pdf: Path, rich_report: pdf_conformance.Report) -> None:
    statements = [text for level, text in rich_report.headings if level == 3 and text.startswith("KJ")]
    # Stated in the key judgments and again heading their discussion.
    assert statements[0] == "KJ1 Kostara will keep technicians at the northern radar chain for at least a year."
    assert statements == statements[:3] * 2
    outline = pypdf.PdfReader(rich_pdf).outline
    titles = [entry.title if not isinstance(entry, list) else None for entry in outline]
    under = outline[titles.index("Key judgments") + 1]  # pypdf lists an entry's children after it
    assert [entry.title for entry in under] == statements[:3]


def test_the_text_a_reader_extracts_holds_every_word_the_page_shows(rich_pdf: Path, reference_pdf: Path) -> None:
    """Every word of the page that print shows is in the text poppler extracts from the PDF (read
    through the fonts' /ToUnicode maps) at least as often: nothing garbled, lost or drawn as
    shapes. (Reading order is the structure tree's, checked above.)"""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (Debian's poppler-utils)")
    for pdf in (rich_pdf, reference_pdf):
        shown = Counter(PrintedWords((pdf.parent / "index.html").read_text(encoding="utf-8")).words)
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # A word hyphenated at a line's end is read joined; a hyphen that is the text's stays.
        extracted = Counter(tokens(re.sub(r"(\w)-\n(\w)", r"\1\2", text))) | Counter(tokens(text))
        assert shown - extracted == Counter(), pdf.name


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class PrintedWords(HTMLParser):
    """The words of an HTML page that print shows: not the head, the SVG drawings (aria-hidden
    charts) or what print.css hides (screen-only links, the marking banners, the skip link)."""

    HIDDEN = {"screen-only", "marking-banner", "skip-link"}
    VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}

    def __init__(self, text: str):
        super().__init__()
        self.hidden: list[bool] = []
        self.words: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = bool(self.hidden and self.hidden[-1])
        self.hidden.append(inside or tag in ("head", "svg") or bool(classes & self.HIDDEN))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if self.hidden and not self.hidden[-1]:
            self.words.extend(tokens(data))


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda pdf: pdf.Root.MarkInfo.__setattr__("Marked", False), "catalogue: /MarkInfo /Marked is not true"),
        (lambda pdf: pdf.Root.__setattr__("Lang", pikepdf.String("")), "catalogue: /Lang is '', not a language tag"),
        (
            lambda pdf: pdf.Root.__delattr__("ViewerPreferences"),
            "catalogue: /ViewerPreferences /DisplayDocTitle is not true (viewers show the file name)",
        ),
        (
            lambda pdf: pdf.docinfo.__setitem__("/Title", pikepdf.String("Another title")),
            "XMP: dc:title is 'Kostara’s technical presence in Veland' but the document information's /Title is "
            "'Another title'",
        ),
        (
            lambda pdf: pdf.docinfo.__setitem__("/CreationDate", pikepdf.String("D:20260321")),
            "XMP: xmp:CreateDate is '2026-03-20' but the document information's /CreationDate is 'D:20260321'",
        ),
    ],
)
def test_the_checker_reports_a_spoilt_catalogue_or_metadata(
    rich_pdf: Path, tmp_path: Path, spoil, expected: str
) -> None:
    spoilt = tmp_path / "spoilt.pdf"
    with pikepdf.open(rich_pdf) as pdf:
        spoil(pdf)
        pdf.save(spoilt)
    assert pdf_conformance.problems(spoilt) == [expected]
