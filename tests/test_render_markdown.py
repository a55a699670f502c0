"""Markdown in briefs renders safely: no raw HTML, only safe links, no images, numbered citations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.render.markdown import Prose, SourceRef

ANCHORS = {"KJ1": "item-KJ1", "indicators": "indicators"}
SOURCES = {
    "S1": SourceRef(1, "A report <of note>", "#item-S1", "sources/S1.html", "https://example.org/a"),
    "S2": SourceRef(2, "Notes", "#item-S2", "sources/S2.html", None),
}


@pytest.fixture
def prose() -> Prose:
    return Prose(ANCHORS, SOURCES)


def test_raw_html_is_shown_as_text(prose: Prose) -> None:
    html = prose.html("<script>alert(1)</script>\n\n<b onclick=x>bold</b> <style>p{}</style>")
    assert "<script" not in html and "<b " not in html and "<style" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onclick=x&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "//evil.example/x",
        "relative/page.html",
        "ftp://example.org/x",
        "https:no-host",
        "#not-an-anchor",
    ],
)
def test_unsafe_or_unknown_links_stay_visible_as_text(prose: Prose, url: str) -> None:
    html = prose.html(f"see [the page]({url}) and <{url}>")
    assert "<a" not in html
    assert "[the page](" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://example.org", "mailto:desk@example.org"])
def test_http_https_and_mailto_links_survive(prose: Prose, url: str) -> None:
    html = prose.html(f"see [the page]({url})")
    assert f'<a href="{url}" rel="noopener noreferrer">the page</a>' in html


def test_links_to_the_briefs_own_items_and_sections_point_at_their_anchors(prose: Prose) -> None:
    html = prose.html("[KJ1](#KJ1) and [the indicators](#indicators)")
    assert '<a href="#item-KJ1">KJ1</a>' in html
    assert '<a href="#indicators">the indicators</a>' in html


def test_images_never_load_their_alt_text_is_shown(prose: Prose) -> None:
    html = prose.html("![a map of *the* port](https://example.org/map.png) ![x](data:image/png;base64,AAAA)")
    assert "<img" not in html and "map.png" not in html and "src=" not in html
    assert '<span class="image-alt">[image: a map of the port]</span>' in html
    assert "![x](data:image/png;base64,AAAA)" in html


def test_headings_in_prose_do_not_become_headings(prose: Prose) -> None:
    html = prose.html("# Not a heading\n\nText\n===")
    assert "<h1" not in html and "<h2" not in html
    assert "# Not a heading" in html


def test_inline_citations_become_numbered_references_with_their_three_links(prose: Prose) -> None:
    html = prose.html("Patrols resumed [@S1; @S2].")
    assert html.count('class="ref"') == 2
    assert (
        '<a class="ref" href="#item-S1" aria-label="1: A report &lt;of note&gt;, in the sourcing annex">1</a>' in html
    )
    assert '<a class="ref" href="#item-S2" aria-label="2: Notes, in the sourcing annex">2</a>' in html
    assert '<a class="via" href="sources/S2.html" aria-label="archived copy of [2] Notes">archive</a>' in html
    assert 'href="sources/S1.html"' in html and 'href="sources/S2.html"' in html
    assert 'href="https://example.org/a"' in html
    assert html.count("original</a>") == 1  # S2 has no URL


def test_a_source_named_by_its_id_in_prose_is_cited_as_the_reader_sees_sources(prose: Prose) -> None:
    html = prose.html("As S1 reports, S2’s view (S2) differs; `S1`, [S2 notes](https://x.org), S12, S1-x and xS1 stay.")
    text = re.sub(
        r"<[^>]+>", "", re.sub(r'<span class="via-links screen-only">(\s*<a [^>]*>\w+</a>)*</span>', "", html)
    )
    assert text == ("As [1] reports, [2]’s view [2] differs; S1, S2 notes, S12, S1-x and xS1 stay.\n")
    assert html.count('class="ref"') == 3
    assert prose.reader("As S1 reports [@S2].") == "As [1] reports [2]."
    assert prose.plain("As S1 reports [@S2].") == "As [1] reports."
    assert (
        prose.cited("Agrees with S1 and S2 (S1); S1s and S3 stay.") == "Agrees with [1] and [2] [1]; S1s and S3 stay."
    )
    words = Prose(ANCHORS, {"Reuters": SOURCES["S1"]})  # an id without a digit may be a word: left alone
    assert words.cited("Reuters reported") == "Reuters reported"


def test_a_citation_of_an_unknown_source_is_shown_as_written(prose: Prose) -> None:
    assert "[@S9]" in prose.html("Text [@S9].")


def test_plain_text_drops_markup_and_citations(prose: Prose) -> None:
    assert prose.plain("Russia is **back** [@S1].\nNext `line`.\n\nSecond [para](https://x.org).") == (
        "Russia is back. Next line. Second para."
    )


_HREF = re.compile(r'href="([^"]*)"')
_TAG = re.compile(r"<([a-zA-Z]+)")
_ALLOWED_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "s",
}
_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "[",
        "]",
        "(",
        ")",
        "!",
        "*",
        "`",
        "\n",
        " ",
        "javascript:",
        "data:",
        "file:",
        "http://x.org",
        "#KJ1",
        "#bad",
        "@S1",
        "@S9",
        "<img src=x>",
        "<a href='javascript:x'>",
        "&",
        '"',
        "'",
        "script",
        ":",
        "|",
        "- ",
        "1. ",
        "> ",
        "    ",
        "mailto:a@b.c",
        "%0a",
        "\\",
        "www.example.org",
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_text_renders_only_safe_tags_and_links(text: str) -> None:
    html = Prose(ANCHORS, SOURCES).html(text)
    assert set(_TAG.findall(html)) <= _ALLOWED_TAGS
    for href in _HREF.findall(html):
        assert href.startswith(("https://", "http://", "mailto:", "#item-", "#indicators", "sources/")), href
