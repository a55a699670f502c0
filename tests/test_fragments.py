"""Text fragments: each directive's first match, as a browser finds it (whole words, within one
block, first in the document), is the cited passage; on the real texts where an audit found
links that highlighted the wrong place, Markdown residue, elided text and cut blocks."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.render.fragments import first_match, text_fragment
from briefgen.render.sources import with_directives
from briefgen.text.quotes import NormalisedText, normalise
from support import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
REAL = FIXTURES / "real-text" / "sources"
NEWS, POROSKOUN = REAL / "000_1ff08ac97fc86ded.txt", REAL / "001_8640fe2c1a6133e5.txt"


@cache
def source(path: Path) -> NormalisedText:
    return NormalisedText(path.read_text(encoding="utf-8"))


def page(text: NormalisedText) -> tuple[str, int]:
    """The page as a browser searches it: its blocks (lines) normalised, one per line; and how far
    the normalised text's positions are ahead of the page's."""
    blocks = "\n".join(line for line in (normalise(raw).strip() for raw in text.text.split("\n")) if line)
    lead = len(text.normal) - len(text.normal.lstrip(" "))
    assert blocks.replace("\n", " ") == text.normal.strip(" ")
    return blocks, lead


def _term(term: str, bounded_start: bool = True, bounded_end: bool = True) -> str:
    """A regular expression for a term as whole words; its spaces never match a block's edge."""
    before = r"(?<!\w)" if bounded_start and re.match(r"\w", term) else ""
    after = r"(?!\w)" if bounded_end and re.search(r"\w$", term) else ""
    return before + re.escape(term) + after


def browser_match(blocks: str, directive: str) -> tuple[int, int] | None:
    """Where a browser highlights one `text=` directive, written independently of the code under
    test after the spec's "find a range from a text directive"."""
    terms = [normalise(unquote(term)) for term in directive.removeprefix("text=").split(",")]
    prefix = terms.pop(0)[:-1] if terms[0].endswith("-") else None
    suffix = terms.pop()[1:] if terms[-1].startswith("-") else None
    start, end = terms[0], terms[1] if len(terms) > 1 else None
    lead = _term(prefix, bounded_end=False) + r"\s*" if prefix else ""
    found = re.search(
        lead
        + "("
        + _term(start, bool(not prefix))
        + ")"
        + (r"\s*" + _term(suffix, False) if suffix and end is None else ""),
        blocks,
    )
    if found is None:
        return None
    if end is None:
        return found.start(1), found.end(1)
    closing = re.compile("(" + _term(end) + ")" + (r"\s*" + _term(suffix, False) if suffix else ""))
    finish = closing.search(blocks, found.end(1))
    return (found.start(1), finish.end(1)) if finish else None


def cited(text: NormalisedText, quote: str) -> list[tuple[int, int]]:
    """The normalised positions of the quote's parts, widened to whole words."""
    found = text.find(quote)
    assert found is not None, quote
    return [(text.word_at(start).start, text.word_at(end).end) for start, end in found]


def assert_highlights_the_cited_passage(text: NormalisedText, quote: str) -> str:
    fragment = text_fragment(text, quote)
    assert fragment is not None
    blocks, lead = page(text)
    directives = fragment.split("&")
    parts = cited(text, quote)
    assert len(directives) == len(parts)
    for directive, (start, end) in zip(directives, parts, strict=True):
        assert browser_match(blocks, directive) == (start - lead, end - lead), (quote, directive)
    return fragment


# 1. The start is lengthened until its first match is the cited one.
def test_a_start_that_first_appears_earlier_is_lengthened() -> None:
    quote = (
        "the return of Russian military police patrols alongside Syria's Internal Security Forces "
        "in coastal areas is intended to secure those zones"
    )
    text = source(NEWS)
    assert text.normal.find("the return of russian military police patrols") < text.find(quote)[0][0]
    assert assert_highlights_the_cited_passage(text, quote) == (
        "text=the%20return%20of%20Russian%20military%20police%20patrols%20alongside,to%20secure%20those%20zones"
    )


def test_a_short_quote_that_first_appears_earlier_is_lengthened_or_given_a_prefix() -> None:
    text = source(POROSKOUN)
    assert (
        assert_highlights_the_cited_passage(
            text, "Israel's freedom of action could be curtailed-though not to the levels seen during the Assad era"
        )
        == "text=Israel%27s%20freedom%20of%20action%20could,during%20the%20Assad%20era"
    )
    # Its third occurrence, after an elision: a short part cannot grow, so it gets a prefix.
    assert assert_highlights_the_cited_passage(
        text, "the political trend has shifted ... Israel's freedom of action"
    ) == ("text=the%20political%20trend%20has%20shifted&text=ground%2C-,Israel%27s%20freedom%20of%20action")


# 2. The words are the page's: no `](#)` residue of the archived Markdown.
def test_link_residue_stays_out_of_the_fragment() -> None:
    text = source(POROSKOUN)
    assert (
        assert_highlights_the_cited_passage(text, "existing agreements between the two countries would be honored")
        == "text=existing%20agreements%20between%20the,countries%20would%20be%20honored"
    )
    assert assert_highlights_the_cited_passage(text, "carried out a demonstrative, daylight strike") == (
        "text=carried%20out%20a%20demonstrative%2C%20daylight%20strike"
    )


# 3. An elided quote: one directive per part, each found where it is cited.
def test_each_part_of_an_elided_quote_is_a_directive_of_its_own() -> None:
    text = source(POROSKOUN)
    assert (
        assert_highlights_the_cited_passage(
            text, "During the meeting, the Syrian president stated ... would be honored"
        )
        == "text=During%20the%20meeting%2C%20the%20Syrian%20president%20stated&text=would%20be%20honored"
    )
    # A one-word part gets the context that makes it this "the", not the first "the" of the page.
    assert assert_highlights_the_cited_passage(text, "the Syrian president stated that ... the") == (
        "text=the%20Syrian%20president%20stated%20that&text=agreements%20between-,the"
    )


# 4. A quote that cuts a word is refused by BG402; its link would name the whole word.
def test_a_link_names_whole_words() -> None:
    assert text_fragment(source(POROSKOUN), "xisting agreements between") == "text=existing%20agreements%20between"


# 5. A short quote across a paragraph break is a range, from the words before it to those after.
def test_a_quote_across_a_paragraph_break_is_cut_there() -> None:
    text = source(POROSKOUN)
    assert assert_highlights_the_cited_passage(text, "occurred only from the summer months onward") == (
        "text=occurred%20only%20from%20the,summer%20months%20onward"
    )
    assert assert_highlights_the_cited_passage(text, "security dialogue, and was followed by continued contacts") == (
        "text=security%20dialogue%2C%20and,followed%20by%20continued%20contacts"
    )


def test_first_match_is_whole_words_only() -> None:
    assert first_match("theory of the case", "the") == 10
    assert first_match("the other", "the o") == -1
    assert first_match("x (moscow)", "(moscow") == 2


def test_context_stops_at_a_block_edge_and_the_best_effort_is_kept() -> None:
    # The second "same words" is a block of its own, the same as the first: nothing can tell them apart.
    text = NormalisedText("same words\n\nnext\n\nsame words")
    assert text_fragment(text, "next ... same words") == "text=next&text=same%20words"


BRIEFS = [ROOT / "briefs" / "russia-syria-security", FIXTURES / "real-text", FIXTURES / "rich"]


@pytest.mark.parametrize("folder", BRIEFS, ids=lambda folder: folder.name)
def test_every_quote_of_a_brief_highlights_its_cited_passage(folder: Path) -> None:
    validated = validate_brief(folder / "brief.yaml")
    assert validated.context is not None and not validated.errors
    ctx = validated.context
    for use in ctx.index.citations:
        text = ctx.text(use.citation.source)
        assert text is not None
        assert_highlights_the_cited_passage(text, use.citation.quote)


# Blocks of a few words from a small vocabulary, so terms repeat; each block opens with its own
# marker word, so every passage can be told apart within its block.
WORDS = st.lists(
    st.sampled_from(["the", "port", "of", "Tartus", "ships", "fuel", "the,", "(of", "Port."]), min_size=1, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=5), st.data())
def test_any_quote_of_whole_words_highlights_its_cited_passage(blocks: list[list[str]], data: st.DataObject) -> None:
    lines = [[f"m{number}", *block] for number, block in enumerate(blocks)]
    words = [word for line in lines for word in line]
    text = NormalisedText("\n\n".join(" ".join(line) for line in lines))
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first + 1, len(words)))
    quote = " ".join(words[first:last])
    if data.draw(st.booleans()) and last + 1 < len(words):
        second = data.draw(st.integers(last + 1, len(words) - 1))
        quote += " ... " + " ".join(words[second : data.draw(st.integers(second + 1, len(words)))])
    found = text.find(quote)
    if found is None or text.cut_word(found) is not None:
        return
    assert_highlights_the_cited_passage(text, quote)


@given(
    base=st.sampled_from(["https://example.org/a", "https://example.org/a?q=1"]),
    fragment=st.none() | st.text(alphabet="ab:~=&#", max_size=12),
)
def test_directives_join_whatever_fragment_the_url_already_has(base: str, fragment: str | None) -> None:
    """A URL with no fragment, a fragment, or directives of its own (`#:~:text=foo`) gets the
    new directives after them: one `#`, one `:~:` delimiter, the directives joined by `&`."""
    url = base if fragment is None else f"{base}#{fragment}"
    linked = with_directives(url, "text=quoted&text=part")
    assert linked.startswith(url)
    own = linked.partition("#")[2]
    head, delimiter, directives = own.partition(":~:")
    assert delimiter == ":~:"
    assert directives.endswith("text=quoted&text=part")
    added = linked[len(url) :]
    assert added in (
        "#:~:text=quoted&text=part",
        ":~:text=quoted&text=part",
        "&text=quoted&text=part",
        "text=quoted&text=part",
    )
    if added.startswith("&") or not added.startswith((":", "#")):
        assert ":~:" in (fragment or "")


def test_a_url_with_a_text_fragment_gets_another_directive() -> None:
    assert with_directives("https://x.org/#:~:text=foo", "text=bar") == "https://x.org/#:~:text=foo&text=bar"
    assert with_directives("https://x.org/#top", "text=bar") == "https://x.org/#top:~:text=bar"
    assert with_directives("https://x.org/", "text=bar") == "https://x.org/#:~:text=bar"
