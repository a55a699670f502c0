"""Evidence checks: every quote is in its source's archived text, and quotes whole words."""

from __future__ import annotations

from collections.abc import Iterator

from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic, show
from briefgen.text.quotes import NormalisedText, Span, quote_parts


def check_quotes(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each citation's quote is found, in order of its `...` parts, in the archived source,
    and each part starts and ends between words of the source."""
    for use in ctx.index.citations:
        text = ctx.text(use.citation.source)
        if text is None:
            continue
        found = text.find(use.citation.quote)
        cut = text.cut_word(found) if found else None
        if found and not cut:
            continue
        source = ctx.index.get(use.citation.source, "sources")
        archive = source.model.archive if source else use.citation.source
        if found and cut:
            yield _cut_word(ctx, use.path, use.citation.source, archive, text, len(found), cut)
            continue
        parts = quote_parts(use.citation.quote)
        if len(parts) > 1 and all(text.contains(part) for part in parts):
            hint = f"each part between the `...` is in {archive}, but not in this order"
        elif closest := text.closest(use.citation.quote):
            passage, ratio, _ = closest
            shown = " ".join(passage.split())
            shown = shown if len(shown) <= 240 else shown[:237] + "…"
            hint = f'closest passage in {archive} ({ratio:.0%} alike): "{shown}"'
        else:
            hint = f"copy the passage verbatim from {archive}; mark omissions with ..."
        yield ctx.report(
            "BG401",
            f"quote not found in source {use.citation.source} ({archive})",
            use.path + ("quote",),
            hint,
        )


def _cut_word(
    ctx: BriefContext,
    path: tuple,
    source: str,
    archive: str,
    text: NormalisedText,
    parts: int,
    cut: tuple[int, bool, Span],
) -> Diagnostic:
    # A browser's text fragment matches whole words only, so a cut word also breaks the link
    # to the original; but the reason to refuse it is that it misquotes the source.
    number, starts, word = cut
    which = f"part {number + 1} of the quote" if parts > 1 else "the quote"
    whole = show(text.shown(word.start, word.end))
    return ctx.report(
        "BG402",
        f"{which} {'starts' if starts else 'ends'} in the middle of the word {whole} in source {source} ({archive})",
        path + ("quote",),
        f"quote whole words: {'start' if starts else 'end'} with {whole} as {archive} has it",
    )
