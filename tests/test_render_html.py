"""The built HTML as a reader's browser sees it: links that resolve, highlights for every
citation, nothing that runs or loads, metadata from the brief."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from render_support import RICH_ID, Anchors, anchors, rich_build


@pytest.fixture(scope="module")
def folder() -> Path:
    return rich_build().out / RICH_ID


def pages(folder: Path) -> list[Path]:
    return [folder / "index.html", *sorted((folder / "sources").glob("*.html"))]


def test_every_internal_link_resolves_in_the_page_and_the_source_pages(folder: Path) -> None:
    parsed = {path: anchors(path) for path in pages(folder)}
    checked = 0
    for path, page in parsed.items():
        for href in page.hrefs:
            if href.startswith(("https://", "http://", "mailto:")):
                continue
            target, _, fragment = href.partition("#")
            target_path = (path.parent / target).resolve() if target else path
            assert target_path in parsed, f"{path.name}: {href} leads to a page that was not built"
            if fragment:
                assert fragment in parsed[target_path].ids, f"{path.name}: {href} names no id"
            checked += 1
    assert checked > 100


def test_each_citation_links_to_the_annex_the_highlighted_passage_and_the_original(folder: Path) -> None:
    page = anchors(folder / "index.html")
    numbers = sorted(int(i.removeprefix("cite-")) for i in page.ids if i.startswith("cite-"))
    assert numbers == list(range(1, 10))
    for number in numbers:
        assert f"#cite-{number}" in page.hrefs
        archive = [h for h in page.hrefs if h.endswith(f".html#passage-{number}")]
        assert archive, f"citation {number} has no link to its highlighted passage"
        source = anchors(folder / archive[0].split("#")[0])
        assert f"passage-{number}" in source.ids
    originals = [h for h in page.hrefs if "#:~:text=" in h]
    assert (
        "https://news.example.org/2026/03/12/kostaran-survey-ship?ref=rss#:~:text=two%20trucks%20carrying"
        "%20crated,toward%20the%20Halvik%20plateau" in originals
    )


def test_highlights_mark_the_quoted_words_and_link_back_to_the_citing_items(folder: Path) -> None:
    text = (folder / "sources" / "S4.html").read_text(encoding="utf-8")
    assert re.search(
        r'<mark class="highlight" id="passage-2" title="Cited passage 2">The old radar station '
        r"on the ridge has lights again at night.</mark>",
        text,
    )
    assert (
        '<a class="backref" href="../index.html#discussion-KJ1" aria-label="KJ1 in the brief, which quotes passage 2">KJ1</a>'
        in text
    )
    assert '<a class="backref-annex" href="../index.html#cite-2"' in text
    # an elided quote is highlighted in its two parts, anchored at the first
    assert text.count('title="Cited passage 8"') == 2


def test_nothing_runs_or_loads_and_the_policy_allows_exactly_the_inline_styles(folder: Path) -> None:
    for path in [*pages(folder), folder.parent / "index.html"]:
        page = anchors(path)
        assert not page.tags & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}, path
        assert " src=" not in path.read_text(encoding="utf-8")
        policy = page.metas["Content-Security-Policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-")
        assert "unsafe" not in policy
        for css in page.styles:
            digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in policy


def test_the_page_carries_its_metadata_and_stamp(folder: Path) -> None:
    text = (folder / "index.html").read_text(encoding="utf-8")
    page = Anchors(text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Kostara’s technical presence in Veland</title>" in text
    assert page.metas["description"] == "What the radar deal means for access to the Northern Sea"
    assert page.metas["dcterms.created"] == "2026-03-20"
    assert page.metas["briefgen-stamp"].startswith("version 2.1")
    assert re.search(r'<meta name="author" content="Northern Desk">\s*<meta name="author" content="A. Analyst">', text)


def test_likelihood_and_confidence_are_shown_apart_for_each_judgment(folder: Path) -> None:
    text = (folder / "index.html").read_text(encoding="utf-8")
    judgment = text[text.index('id="item-KJ1"') : text.index('id="item-KJ2"')]
    assert '<span class="likelihood-term">likely</span>' in judgment
    assert "55–80% · 70%" in judgment
    assert '<span class="confidence-label">Moderate confidence</span>' in judgment


def test_the_listing_names_every_brief_built(folder: Path) -> None:
    text = (folder.parent / "index.html").read_text(encoding="utf-8")
    assert f'<a class="listing-title" href="{RICH_ID}/index.html">Kostara’s technical presence in Veland</a>' in text
    assert (
        f'<a class="listing-pdf" href="{RICH_ID}/{RICH_ID}.pdf" aria-label="PDF of Kostara’s technical presence in '
        'Veland">PDF</a>' in text
    )
    assert '<time datetime="2026-03-20">20 March 2026</time>' in text and "<td>2.1</td>" in text
    assert '<span class="tlp tlp-amber">TLP:AMBER</span>' in text


def test_what_a_source_leaves_unknown_is_said_to_be_unknown(folder: Path) -> None:
    page = (folder / "index.html").read_text(encoding="utf-8")
    fishermen = page[page.index('id="item-S4"') : page.index("</article>", page.index('id="item-S4"'))]
    facts = re.findall(r'<dt>([^<]+)</dt><dd( class="unknown")?>([^<]+)</dd>', fishermen)
    assert facts == [
        ("Author", ' class="unknown"', "not named"),
        ("Publisher", ' class="unknown"', "not named"),
        ("Published", ' class="unknown"', "date unknown"),
        ("Accessed", "", "14 March 2026"),
        ("Kind", "", "Interview"),
    ]


def test_the_brief_page_embeds_its_fonts_as_data_and_the_policy_allows_only_that(folder: Path) -> None:
    page = anchors(folder / "index.html")
    policy = page.metas["Content-Security-Policy"]
    assert "font-src data:;" in policy and "img-src 'none'" in policy
    fonts = next(css for css in page.styles if "@font-face" in css)
    assert fonts.count("@font-face") == 10 and fonts.count('url("data:font/woff') == 10
    # A source page carries them too, cut to its own characters; the listing needs none.
    assert "font-src data:;" in anchors(folder / "sources" / "S1.html").metas["Content-Security-Policy"]
    assert "font-src 'none'" in anchors(folder.parent / "index.html").metas["Content-Security-Policy"]
