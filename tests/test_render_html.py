"""The built HTML as a reader's browser sees it: links that resolve, highlights for every
citation, nothing that runs or loads, metadata from the brief."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
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
        r'<mark class="highlight" id="passage-2" title="Quoted by KJ1">The old radar station '
        r"on the ridge has lights again at night.</mark>",
        text,
    )
    assert (
        '<a class="backref" href="../index.html#discussion-KJ1" aria-label="KJ1 in the brief, which quotes this '
        'passage">KJ1</a><a class="backref-annex" href="../index.html#cite-2" aria-label="the passage of [4] quoted '
        'by KJ1, in the brief’s sourcing annex">[4]</a>'
    ) in text
    # an elided quote is highlighted in its two parts, anchored at the first
    assert len(re.findall(r'<mark class="highlight" (?:id="passage-8" )?title="Quoted by IND3">', text)) == 2


class Visible(HTMLParser):
    """The text a reader sees on a page (style and the skip link aside) and each link's words."""

    def __init__(self, text: str):
        super().__init__()
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []  # (class, words)
        self.labels: list[str] = []
        self._skip = False
        self._link: tuple[str, list[str]] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._skip = tag in ("style", "title")
        if found.get("aria-label"):
            self.labels.append(str(found["aria-label"]))
        if tag == "a":
            self._link = (str(found.get("class") or ""), [])

    def handle_endtag(self, tag: str) -> None:
        self._skip = False
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], "".join(self._link[1])))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._link is not None:
            self._link[1].append(data)


def test_source_pages_cite_passages_as_the_brief_does_by_reference_and_quoting_item(folder: Path) -> None:
    """One citation scheme: a passage is "[4]" (its source's reference) and the item that quotes
    it, as in the body and the annex; the passage numbers of the anchors are never shown or read."""
    brief = anchors(folder / "index.html")
    for path in sorted((folder / "sources").glob("*.html")):
        page = Visible(path.read_text(encoding="utf-8"))
        ref = re.search(r'<span class="ref-number">\[(\d+)\]</span>', path.read_text(encoding="utf-8"))
        assert ref is not None
        annex = [words for kind, words in page.links if kind == "backref-annex"]
        assert annex and set(annex) == {f"[{ref.group(1)}]"}, path.name
        quoting = [words for kind, words in page.links if kind == "backref"]
        assert quoting and all(f"item-{words}" in brief.ids for words in quoting), path.name
        shown = "".join(page.text)
        assert not re.search(r"#\d|\bpassages? \d", shown), path.name
        assert not [label for label in page.labels if re.search(r"passages? \d|#\d", label)], path.name
    s4 = Visible((folder / "sources" / "S4.html").read_text(encoding="utf-8"))
    assert "the passage of [4] quoted by KJ1, highlighted below" in s4.labels


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
