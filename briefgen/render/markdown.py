"""Markdown prose to safe HTML: raw HTML off, only safe links, no images, inline citations numbered.

Brief text may come from an unreviewed pull request, so the output may hold nothing a
reader's browser or WeasyPrint would act on: links survive only to `http`, `https`,
`mailto` and anchors of the brief itself (anything else stays visible as text), images
never load (their alt text is shown), and headings become paragraphs so prose cannot
add entries to the outline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, overload
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import Markup, escape

from briefgen.brief.sections import CITED_ID, INLINE_CITATION
from briefgen.render.typography import dashes

_SCHEMES = ("http", "https", "mailto")
_SPACE_BEFORE_STOP = re.compile(r" ([.,;:!?])")


@dataclass(frozen=True)
class SourceRef:
    """How an inline `[@id]` citation of one source renders: its number and where it links."""

    number: int
    title: str
    annex_href: str
    archive_href: str
    original_href: str | None


# The renderers and the rendered Markdown by the links they could resolve (the brief's anchors
# and sources): a brief rendered again after a save (serve) renders the same texts with the same
# links, all but the one edited. The output is a function of the text and those links alone.
@dataclass
class _Kept:
    md: MarkdownIt
    named_ids: re.Pattern[str] | None
    rendered: dict[tuple[str, str], Markup] = field(default_factory=dict)
    cited: dict[tuple[str, str], str] = field(default_factory=dict)


_KEPT: dict[tuple[Any, ...], _Kept] = {}
_KEPT_SETS = 4
_RENDERED_TEXTS = 4096


def _kept_for(anchors: Mapping[str, str], sources: Mapping[str, SourceRef]) -> _Kept:
    links = (tuple(sorted(anchors.items())), tuple(sorted(sources.items())))
    found = _KEPT.pop(links, None)
    if found is None:
        found = _Kept(_renderer(dict(anchors)), _named_ids(sources))
    elif len(found.rendered) + len(found.cited) > _RENDERED_TEXTS:
        found.rendered.clear()
        found.cited.clear()
    _KEPT[links] = found  # the newest last
    while len(_KEPT) > _KEPT_SETS:
        del _KEPT[next(iter(_KEPT))]
    return found


def _renderer(anchors: Mapping[str, str]) -> MarkdownIt:
    """The Markdown renderer for prose whose `#id` links may lead to `anchors`."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    # Smart quotes, but not markdown-it's other replacements, which change the text itself
    # ("(c)" would become "©", "+-" "±"); dashes are made by a rule of briefgen's own.
    md.enable(["smartquotes", "table", "strikethrough"])
    md.disable(["replacements"])
    md.core.ruler.after("smartquotes", "dashes", _dashes_rule)
    md.core.ruler.after("dashes", "source_ids", _source_ids_rule)
    md.disable(["heading", "lheading"])
    md.validateLink = lambda url: _allowed(anchors, url)  # type: ignore[method-assign]  # markdown-it's documented hook
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


@lru_cache(maxsize=1)
def _reader() -> MarkdownIt:
    """The reader of text without markup: any link is read as its text, whatever its target."""
    reader = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    reader.enable(["smartquotes", "strikethrough"]).disable(["replacements"])
    reader.validateLink = lambda url: True  # type: ignore[method-assign]  # as above
    reader.inline.ruler.before("link", "citation", _citation_rule)
    reader.core.ruler.after("smartquotes", "dashes", _dashes_rule)
    reader.core.ruler.after("dashes", "source_ids", _source_ids_rule)
    return reader


def _named_ids(sources: Mapping[str, SourceRef]) -> re.Pattern[str] | None:
    """A source named by its id in prose ("as S1 reports") is cited as the reader sees it ("as
    [1] reports"): one scheme. Only ids with a digit: "Reuters" may be a word."""
    named = sorted((i for i in sources if any(c.isdigit() for c in i)), key=len, reverse=True)
    ids = "|".join(map(re.escape, named))
    # "(S1)" is "[1]", not "([1])"
    return re.compile(rf"\(({ids})\)|(?<![\w@#/.:-])({ids})(?![\w-]|\.\w)") if named else None


class Prose:
    """Render the Markdown of one brief, resolving `#id` links and `[@id]` citations."""

    def __init__(self, anchors: Mapping[str, str], sources: Mapping[str, SourceRef]):
        self.anchors = anchors
        self.sources = sources
        kept = _kept_for(anchors, sources)
        self._md = kept.md
        self._reader = _reader()
        self._env = {"prose": self}
        self._rendered = kept.rendered
        self._cited = kept.cited
        self.named_ids = kept.named_ids

    @overload
    def html(self, text: str) -> Markup: ...
    @overload
    def html(self, text: None) -> None: ...
    @overload
    def html(self, text: str | None) -> Markup | None: ...
    def html(self, text: str | None) -> Markup | None:
        """Block HTML for a Markdown field (None stays None)."""
        if text is None:
            return None
        key = ("block", text)
        if key not in self._rendered:
            self._rendered[key] = Markup(self._md.render(text, self._env))
        return self._rendered[key]

    def inline(self, text: str) -> Markup:
        """Inline HTML, without the surrounding paragraph, for one-line fields."""
        key = ("inline", text)
        if key not in self._rendered:
            self._rendered[key] = Markup(self._md.renderInline(text, self._env))
        return self._rendered[key]

    def cited(self, text: str) -> str:
        """A plain field with each source it names by id written as the reader sees it: `[1]`."""
        if self.named_ids is None:
            return text
        key = ("cited", text)
        found = self._cited.get(key) if type(text) is str else None
        if found is None:
            found = self.named_ids.sub(lambda found: f"[{self.sources[found.group(1) or found.group(2)].number}]", text)
            if type(text) is str:
                self._cited[key] = found
        return found

    def plain(self, text: str) -> str:
        """The text a reader sees, without markup or citations (a source named by its id is
        its reference, `[1]`, as the sentence needs it): for PDF metadata."""
        words: list[str] = []
        for block in self._md.parse(text, self._env):
            for child in block.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type == "citation" and child.meta.get("named"):
                    words.append(f"[{self.sources[child.meta['ids'][0]].number}]")
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
            if block.type == "paragraph_close":
                words.append(" ")
        return _SPACE_BEFORE_STOP.sub(r"\1", " ".join("".join(words).split()))

    def reader(self, text: str) -> str:
        """The text a reader sees, as one line: citations as their reference numbers (`[1; 3]`),
        links as their text, images as their alt text, no Markdown."""
        words: list[str] = []
        for block in self._reader.parse(text, self._env):
            for child in block.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
                elif child.type == "image":
                    words.append(f"[image: {child.content}]")
                elif child.type == "citation":
                    numbers = [str(self.sources[i].number) if i in self.sources else f"@{i}" for i in child.meta["ids"]]
                    words.append(f"[{'; '.join(numbers)}]")
            if block.type in ("paragraph_close", "list_item_close"):
                words.append(" ")
        return " ".join("".join(words).split())

    def citation(self, source_ids: list[str]) -> str:
        """`[1; 3]`: each number links to the source's annex entry, then (on screen) its archived
        copy and original."""
        refs = []
        for source_id in source_ids:
            ref = self.sources.get(source_id)
            if ref is None:
                refs.append(str(escape(f"@{source_id}")))
                continue
            # Each link's name says where it leads: there are many "archive" links, one per source.
            title = escape(ref.title)
            via = [
                f' <a class="via" href="{escape(ref.archive_href)}" aria-label="archived copy of [{ref.number}] '
                f'{title}">archive</a>'
            ]
            if ref.original_href:
                via.append(
                    f' <a class="via" href="{escape(ref.original_href)}" rel="noopener noreferrer" '
                    f'aria-label="original of [{ref.number}] {title}, on its site">original</a>'
                )
            refs.append(
                f'<a class="ref" href="{escape(ref.annex_href)}" aria-label="{ref.number}: {title}, in the sourcing '
                f'annex">{ref.number}</a>'
                f'<span class="via-links screen-only">{"".join(via)}</span>'
            )
        return f'<span class="cite">[{"; ".join(refs)}]</span>'


def _allowed(anchors: Mapping[str, str], url: str) -> bool:
    if url.startswith("#"):
        return url[1:] in anchors
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        return False
    return bool(parts.path) if parts.scheme.lower() == "mailto" else bool(parts.netloc)


def _render_link_open(renderer: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith("#"):
        token.attrSet("href", "#" + env["prose"].anchors[href[1:]])
    else:
        token.attrSet("rel", "noopener noreferrer")
    rendered: str = renderer.renderToken(tokens, idx, options, env)
    return rendered


def _render_citation(renderer: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    cited: str = env["prose"].citation(tokens[idx].meta["ids"])
    return cited


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: `[@S1]` or `[@S1; @S2]` becomes one citation token."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = INLINE_CITATION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": CITED_ID.findall(match.group(1))}
    state.pos = match.end()
    return True


def _dashes_rule(state: Any) -> None:
    for token in state.tokens:
        for child in token.children or []:
            if child.type == "text":
                child.content = dashes(child.content)


def _source_ids_rule(state: Any) -> None:
    """A source named by its id in running text (not in code or a link's words) becomes a citation."""
    prose = state.env.get("prose") if isinstance(state.env, dict) else None
    if prose is None or prose.named_ids is None:
        return
    for token in state.tokens:
        if not token.children:
            continue
        children, in_link = [], 0
        for child in token.children:
            in_link += child.type == "link_open"
            in_link -= child.type == "link_close"
            if child.type != "text" or in_link or not prose.named_ids.search(child.content):
                children.append(child)
                continue
            position = 0
            for found in prose.named_ids.finditer(child.content):
                children.append(_text_token(state, child.content[position : found.start()]))
                citation = Token("citation", "", 0)
                citation.meta = {"ids": [found.group(1) or found.group(2)], "named": True}
                children.append(citation)
                position = found.end()
            children.append(_text_token(state, child.content[position:]))
        token.children = [c for c in children if c.type != "text" or c.content]


def _text_token(state: Any, content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _render_image(renderer: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any) -> str:
    alt = renderer.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="image-alt">[image: {escape(alt)}]</span>'
