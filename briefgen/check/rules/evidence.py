"""Evidence checks: every quote is in its source's archived text, and quotes whole words."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from briefgen.check.context import BriefContext
from briefgen.diagnostics import Completion, Diagnostic, show
from briefgen.text.normal import fold_accents
from briefgen.text.quotes import MAX_INSERTION_WORDS, Found, NormalisedText, Quote, Span, locate, parse_quote

if TYPE_CHECKING:
    from briefgen.text.closest import Closest, NotSearched

_WORD = re.compile(r"\w+")


def check_quotes(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each citation's quote is found, in order of its `...` parts, in the archived source,
    and each part starts and ends between words of the source. The closest passages of the
    quotes not found are looked for only for the diagnostics shown (past the cap of each code,
    none is), source by source, together (`_closest_reports`)."""
    pending: dict[tuple[Any, ...] | None, _Pending] = {}  # by the path of its diagnostic
    found_diagnostics: list[tuple[int, Diagnostic]] = []
    unfound: dict[int, int] = {}  # quotes not found so far, by text
    absent: dict[int, set[str]] = {}  # by text: the pieces of its quotes that it does not hold
    unaccented = _Unaccented(cited := _cited(ctx))
    pieces: dict[int, list[str]] = {}  # by text: the pieces of its quotes (`expect`, `absent`)
    expected: set[int] = set()  # the long texts told the pieces of their quotes (`expect`)

    def closest(shown: list[Diagnostic]) -> list[Diagnostic]:
        return _closest_reports(pending, shown)

    def pieces_of(text: NormalisedText) -> list[str]:
        if id(text) not in pieces:
            pieces[id(text)] = _pieces(_quotes_of(cited, text))
        return pieces[id(text)]

    for number, use, text, quote in cited:
        if text.long and id(text) not in expected:
            expected.add(id(text))  # (only long texts: telling each of 5,000 short ones would read every citation each)
            text.expect(pieces_of(text), sum(source is text for _, _, source, _ in cited))
        if unfound.get(id(text), 0) >= 2:
            if id(text) not in absent:
                absent[id(text)] = text.absent(pieces_of(text))
            found, failed = _locate_unless_absent(text, quote, absent[id(text)])
        else:
            found, failed = text.locate(quote)
        source = ctx.index.get(use.citation.source, "sources")
        archive = source.model.archive if source else use.citation.source
        if found:
            cut = text.cut_word(found)
            if cut:
                found_diagnostics.append(
                    (number, _cut_word(ctx, use.path, use.citation.source, archive, text, len(found), cut))
                )
            continue
        unfound[id(text)] = unfound.get(id(text), 0) + 1
        if id(text) in absent and unaccented.unmatched(number, text, quote):
            accents = None  # (one pass for all the quotes, not one each: see `_locate_unless_absent`)
        else:
            accents = _accents_only(text, use.citation.quote)
        if accents:
            found_diagnostics.append((number, _accents(ctx, use.path, use.citation.source, archive, *accents)))
            continue
        hint = _unfound_hint(text, quote, failed, archive)
        item = _not_found(ctx, use, archive, hint, completion=None if hint else closest)
        if not hint:
            pending[item.path] = _Pending(number, use.citation.quote, archive, text)
        found_diagnostics.append((number, item))
    for _, item in sorted(found_diagnostics, key=lambda pair: pair[0]):
        yield item


class _Pending(NamedTuple):
    """A quote not found whose hint is its closest passage, searched only if its diagnostic is shown."""

    number: int  # of its citation, in the brief's order
    quote: str
    archive: str
    text: NormalisedText


# Each citation of an archive that could be read: its number, the citation's use, the text, its quote parsed.
_Cited = list[tuple[int, Any, NormalisedText, Quote]]


def _cited(ctx: BriefContext) -> _Cited:
    """Each quote parsed once: `parse_quote` keeps fewer quotes than a brief may cite, and the
    pieces of all of them are gathered again (`_pieces`, `_Unaccented`)."""
    return [
        (number, use, text, parse_quote(use.citation.quote))
        for number, use in enumerate(ctx.index.citations)
        if (text := ctx.text(use.citation.source)) is not None
    ]


def _pieces(quotes: Iterable[Quote]) -> list[str]:
    """The distinct pieces of `quotes`, sorted."""
    return sorted({piece for quote in quotes for part in quote.parts for piece in part.pieces})


def _quotes_of(cited: _Cited, text: NormalisedText) -> Iterator[Quote]:
    """The quotes of every citation of `text`."""
    return (quote for _, _, source, quote in cited if source is text)


class _Unaccented:
    """Which quotes not found have a piece that their text lacks with accents folded too: the
    pieces of all of a text's quotes looked for in one pass (`unmatched_without_accents`), each
    quote folded once; none folded for a text without accents, which lacks every piece."""

    def __init__(self, cited: _Cited):
        self._cited = cited
        self._folded: dict[int, Quote] = {}  # by citation number
        self._lacked: dict[int, set[str]] = {}  # by text: the folded pieces it lacks

    def unmatched(self, number: int, text: NormalisedText, quote: Quote) -> bool:
        """Whether the quote of citation `number`, accents folded, has a piece that the text,
        accents folded, lacks."""
        if not text.accented:
            return bool(quote.parts)
        lacked = self._lacked.get(id(text))
        if lacked is None:
            folded = {n: each.folded() for n, _, source, each in self._cited if source is text}
            self._folded.update(folded)
            lacked = self._lacked[id(text)] = text.unmatched_without_accents(_pieces(folded.values()))
        return any(piece in lacked for part in self._folded[number].parts for piece in part.pieces)


def _locate_unless_absent(text: NormalisedText, quote: Quote, absent: set[str]) -> tuple[Found | None, int]:
    """`text.locate(quote)`, without reading the text for a part with a piece it does not hold:
    the parts before that one are looked for (they may fail first), and that one fails. Once two
    quotes are not found in a text (the third is likely a brief's many misquotes), the pieces of
    all its quotes are looked for together, so that each quote not found costs no pass of its own."""
    for number, part in enumerate(quote.parts):
        if any(piece in absent for piece in part.pieces):
            if number == 0:
                return None, 0
            found, failed = text.locate(Quote(quote.parts[:number]))
            return None, (failed if found is None else number)
    return text.locate(quote)


def _unfound_hint(text: NormalisedText, quote: Quote, failed: int, archive: str) -> str | None:
    """A hint that needs no closest passage: an insertion too long, or parts out of order."""
    if quote.too_long:
        return (
            f"the insertion {show(quote.too_long[0])} has more than {MAX_INSERTION_WORDS} words: an editorial "
            f"insertion in brackets may have at most {MAX_INSERTION_WORDS}; quote the source's own words"
        )
    if 0 < failed < len(quote.parts) and locate(text.normal, Quote((quote.parts[failed],)))[0]:
        return f"part {failed + 1} of the quote is in {archive}, but not after part {failed}: keep the parts in the source's order"
    return None


def _not_found(
    ctx: BriefContext, use: Any, archive: str, hint: str | None, completion: Completion | None = None
) -> Diagnostic:
    return ctx.report(
        "BG401",
        f"quote not found in source {use.citation.source} ({archive})",
        use.path + ("quote",),
        hint,
        completion=completion,
    )


def _closest_reports(pending: dict[tuple[Any, ...] | None, _Pending], shown: list[Diagnostic]) -> list[Diagnostic]:
    """The shown diagnostics of quotes not found, each with its closest passage as hint, diff and
    fix. Each source's are searched together, in the brief's order of citations (in which the
    closest budget is spent), and returned in the order shown."""
    from briefgen.text.closest import closest_passages  # only a quote not found needs it

    by_text: dict[int, list[Diagnostic]] = {}
    for item in sorted(shown, key=lambda item: pending[item.path].number):
        by_text.setdefault(id(pending[item.path].text), []).append(item)
    completed: dict[tuple[Any, ...] | None, Diagnostic] = {}
    for group in by_text.values():
        passages = closest_passages(pending[group[0].path].text, [pending[item.path].quote for item in group])
        for item, closest in zip(group, passages, strict=True):
            completed[item.path] = _with_closest(item, pending[item.path].archive, closest)
    return [completed[item.path] for item in shown]


def _with_closest(item: Diagnostic, archive: str, closest: Closest | NotSearched | None) -> Diagnostic:
    """A BG401 diagnostic with what its closest passage (or its search) says."""
    from briefgen.text.closest import NotSearched

    if closest is None:
        return replace(item, hint=f"copy the passage verbatim from {archive}; mark omissions with ...")
    if isinstance(closest, NotSearched):
        quotes = f"{closest.searched:,} quote{'' if closest.searched == 1 else 's'}"
        return replace(
            item,
            hint=f"the closest passage was not searched: the search for the {quotes} before this one not "
            f"found in {archive} used up its budget for that source ({closest.budget:,} words of work, "
            f"in proportion to its size); copy the passage verbatim from {archive}; mark omissions with ...",
        )
    hint = (
        f"closest passage, paragraph {closest.paragraph} of {archive} ({closest.ratio:.0%} alike): "
        f"{show(closest.passage, 100_000)}"
    )
    details = [("diff", closest.shown_diff())]
    fix = closest.fix()
    if fix:
        details.append(("fix", fix))
    return replace(item, hint=hint, details=tuple(details), data={"closest": closest.as_dict()})


def _accents_only(text: NormalisedText, quote: str) -> tuple[list[tuple[str, str]], str] | None:
    """When the quote is in the text but for accents: the words that differ (the quote's, the
    source's) and the quote with the source's words, else None."""
    found = text.find_without_accents(quote)
    if not found:
        return None
    theirs: dict[str, str] = {}
    for start, end in found:
        for word in _WORD.findall(text.shown(start, end)):
            theirs.setdefault(fold_accents(word.casefold()), word)
    pairs: list[tuple[str, str]] = []

    def source_word(found: re.Match[str]) -> str:
        word = found.group()
        their = theirs.get(fold_accents(word.casefold()))
        if their is None or their.casefold() == word.casefold():
            return word
        if (word, their) not in pairs:
            pairs.append((word, their))
        return their

    corrected = _WORD.sub(source_word, quote)
    if not pairs or not text.contains(corrected):
        return None
    return pairs, corrected


def _accents(
    ctx: BriefContext, path: tuple[Any, ...], source: str, archive: str, pairs: list[tuple[str, str]], corrected: str
) -> Diagnostic:
    differ = ", ".join(f"{show(mine)} for {show(their)}" for mine, their in pairs[:5])
    more = f" and {len(pairs) - 5} more" if len(pairs) > 5 else ""
    return ctx.report(
        "BG404",
        f"the quote differs from source {source} ({archive}) only in accents: {differ}{more}",
        path + ("quote",),
        f"write the words as {archive} has them: quote: {json.dumps(corrected, ensure_ascii=False)}",
        data={"corrected_quote": corrected},
    )


def _cut_word(
    ctx: BriefContext,
    path: tuple[Any, ...],
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
