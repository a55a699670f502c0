"""Evidence checks: every quote is in its source's archived text."""

from __future__ import annotations

from typing import Iterator

from briefgen.context import BriefContext
from briefgen.diagnostics import Diagnostic
from briefgen.quotes import quote_parts


def check_quotes(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each citation's quote is found, in order of its `...` parts, in the archived source."""
    for use in ctx.index.citations:
        text = ctx.text(use.citation.source)
        if text is None or text.contains(use.citation.quote):
            continue
        source = ctx.index.get(use.citation.source, "sources")
        archive = source.model.archive if source else use.citation.source
        parts = quote_parts(use.citation.quote)
        if len(parts) > 1 and all(text.contains(part) for part in parts):
            hint = f"each part between the `...` is in {archive}, but not in this order"
        elif closest := text.closest(use.citation.quote):
            passage, ratio, _ = closest
            shown = " ".join(passage.split())
            shown = shown if len(shown) <= 240 else shown[:237] + "…"
            hint = f"closest passage in {archive} ({ratio:.0%} alike): \"{shown}\""
        else:
            hint = f"copy the passage verbatim from {archive}; mark omissions with ..."
        yield ctx.report(
            "BG401", f"quote not found in source {use.citation.source} ({archive})",
            use.path + ("quote",), hint,
        )
