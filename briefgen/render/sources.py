"""Archived sources as pages: every cited passage highlighted and anchored, and links that
take a browser to the same passage in the original (text fragments)."""

from __future__ import annotations

import pickle
import re
from collections import OrderedDict
from itertools import pairwise
from pathlib import Path
from typing import Any

from briefgen.check.context import BriefContext
from briefgen.render import views
from briefgen.render.fragments import text_fragment
from briefgen.render.kept import pickled
from briefgen.text.quotes import NormalisedText, Span


def source_page_name(source_id: str) -> str:
    """Where a source's page is, relative to the brief's page."""
    return f"sources/{source_id}.html"


def original_link(url: str | None, text: NormalisedText | None, quote: str) -> str | None:
    """The original's URL with a text fragment (`#:~:text=…`) that makes a browser scroll to and
    highlight the quoted passage; the plain URL if the passage is not found."""
    if url is None:
        return None
    fragment = text_fragment(text, quote) if text else None
    if fragment is None:
        return url
    return with_directives(url, fragment)


def with_directives(url: str, directives: str) -> str:
    """`url` with fragment directives (`text=…`) added: after its own fragment, and after the
    directives it already holds (joined by `&`: a fragment has one `:~:` delimiter)."""
    if "#" not in url:
        return f"{url}#:~:{directives}"
    if ":~:" not in url.partition("#")[2]:
        return f"{url}:~:{directives}"
    return f"{url}{'' if url.endswith((':~:', '&')) else '&'}{directives}"


def render_source_pages(ctx: BriefContext, brief: views.BriefView, templates: Path | None) -> dict[str, bytes]:
    """The page of each archived source the brief cites (UTF-8), by its name (`source_page_name`).

    A page is rendered again only when what it is made of has changed: its source's view, its
    archived text, the parts of the brief's view its templates read (`uses`: its title, stamp
    and marking, not its judgments) and the templates themselves. A process that renders a brief
    again after each save (`serve`) reuses the others from the render before, encoded."""
    from briefgen.render.html import environment, render_source_page
    from briefgen.render.uses import analyse

    env = environment(templates)
    page = analyse(env, "source.html.j2")
    read = page.parts("brief")
    styles = analyse(env, "style.css.j2").templates + analyse(env, "fonts.css.j2").templates
    made: dict[str, bytes] = {}
    for source in brief["sources"]:
        text = ctx.text(source["id"])
        key: tuple[Any, ...] | None = None
        if read is not None and text is not None:
            parts = sorted((part, brief.get(part)) for part in read | {"marking"})
            key = (templates, page.templates + styles, pickle.dumps(parts), pickled(source), text.text)
        found = _PAGES.get(key) if key is not None else None
        if found is None:
            found = render_source_page(build_source_page(ctx, brief, source), templates)
            if key is not None:
                _PAGES[key] = found
                while len(_PAGES) > _PAGES_KEPT:
                    _PAGES.popitem(last=False)
        elif key is not None:
            _PAGES.move_to_end(key)
        made[source["page"]] = found
    return made


# The source pages rendered last (a few briefs' worth), by what each is made of.
_PAGES: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_PAGES_KEPT = 48


def build_source_page(ctx: BriefContext, brief: views.BriefView, source: views.Source) -> views.SourcePage:
    """The page of one archived source, its text cut into plain and highlighted segments."""
    text = ctx.text(source["id"])
    if text is None:  # validation refuses a brief whose archive cannot be read
        raise ValueError(f"archive of source {source['id']} was not read")
    spans = {c["number"]: text.spans(c["verbatim"]) or [] for c in source["passages"]}
    return views.SourcePage(brief=brief, source=source, segments=segments(text.text, source["passages"], spans))


# Markdown link residue of a saved page (`[fuel](#)`): a reader sees its text. Neither its text
# nor its target holds a "[": a search from each "[" of a run of them would read the rest of it.
_LINK_RESIDUE = re.compile(r"\[([^\[\]\n]*)\]\(([^)\[\s]*)\)")
# A paragraph cut by a page break: a blank line between a line that ends mid-sentence and one
# that goes on in lower case.
_BROKEN_PARAGRAPH = re.compile(r"(?<=[\w,;–—-])[ \t]*\n(?:[ \t]*\n)+[ \t]*(?=[a-z])")


def shown(text: str) -> list[str]:
    """What a reader sees of each character of an archived text: itself, or "" where it is link
    markup, or a space for the gap that splits a paragraph. The offsets of the text stay those
    the quotes were matched in, so that highlights fall on the same words."""
    display = list(text)
    for match in _LINK_RESIDUE.finditer(text):
        display[match.start()] = ""
        for position in range(match.end(1), match.end()):
            display[position] = ""
    for match in _BROKEN_PARAGRAPH.finditer(text):
        display[match.start()] = " "
        for position in range(match.start() + 1, match.end()):
            display[position] = ""
    return display


def segments(text: str, passages: list[views.Citation], spans: dict[int, list[Span]]) -> list[views.Segment]:
    """Cut `text` at every edge of every cited span; passages may overlap or repeat. Each
    segment's text is what the reader sees of it (see `shown`)."""
    display = shown(text)
    cuts = sorted(
        {0, len(text)} | {edge for found in spans.values() for span in found for edge in (span.start, span.end)}
    )
    by_number = {c["number"]: c for c in passages}
    result: list[views.Segment] = []
    for start, end in pairwise(cuts):
        covering = [n for n, found in spans.items() if any(s.start <= start and end <= s.end for s in found)]
        result.append(
            views.Segment(
                text="".join(display[start:end]),
                quoted_by=list(dict.fromkeys(by_number[n]["owner"]["label"] for n in covering)),
                starts=[n for n, found in spans.items() if found and found[0].start == start],
                ends=[by_number[n] for n, found in spans.items() if found and found[-1].end == end],
            )
        )
    return result
