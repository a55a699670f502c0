"""Quotes that YAML did not keep whole: an unquoted `quote:` with ` #` in it ends there, since YAML
reads the rest of the line as a comment. The shortened quote is usually still found in its
source, so without this check the brief would validate and publish half a quotation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic, show

QUOTE_CUT = "BG403"

# A line `quote: <plain value> #…`: the value does not open with a quote, a block indicator or
# another YAML sign, and ` #` follows on the same line. One scan of the file, linear: the lazy
# run stops at the first ` #` or the line's end.
_CUT = re.compile(r"^[ \t]*(?:-[ \t]+)?quote:[ \t]+(?![\"'|>&*!\[{#])[^\n#]*?[ \t]#", re.M)


def check_quote_comments(ctx: BriefContext) -> Iterator[Diagnostic]:
    """A warning on each quote that a ` #` cut short, with the whole line as a quoted value."""
    text = ctx.lines.source
    # "#" first: one look for a character, where a look for two steps through a long text.
    if text is None or "#" not in text or " #" not in text and "\t#" not in text:
        return
    rows = {text.count("\n", 0, found.start()) + 1 for found in _CUT.finditer(text)}
    if not rows:
        return
    lines = text.splitlines()
    for use in ctx.index.citations:
        path = (*use.path, "quote")
        line, column = ctx.lines.value(path)
        if line not in rows:
            continue
        written = lines[line - 1][column - 1 :].rstrip()
        whole = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
        yield ctx.report(
            QUOTE_CUT,
            f"the quote is cut at ' #': YAML reads what follows as a comment, so the quote is only "
            f"{show(use.citation.quote)}",
            path,
            f"a quote must be verbatim: put it in quotes, `quote: {whole}`",
        )
