"""Text fragments (`#:~:text=…`, WICG URL Fragment Text Directives): the part of a link that
makes a browser scroll to a cited passage in the original page and highlight it.

A browser matches each term of a directive as whole words, within one block (a paragraph, a
list item), and takes the first match in the document. So each term here is made of whole
words of what the page shows (the archived text without its Markdown residue), never runs
across a line break, and is lengthened, or given a `prefix-` or `-suffix`, until its first
match is the cited passage. Matches are counted in the normalised text, which folds case,
quotes and dashes and ignores block edges: it has every match a browser could find, and more,
so a term that first matches the cited place there does so in the page too. Each part of an
elided quote is a directive of its own, so that the elided text is not highlighted.
"""

from __future__ import annotations

from urllib.parse import quote as percent_encode

from briefgen.text.quotes import NormalisedText, whole_words

# A part of a quote up to this many words is named whole; a longer one by its first and last words.
_WHOLE_WORDS = 8
_EDGE_WORDS = 4
# Each word added costs a search of the source: a passage that a whole paragraph repeated many
# times cannot tell apart gets its best effort after this many.
_MOST_ADDED = 40

# A word of the normalised text: [start, end).
Word = tuple[int, int]


def text_fragment(text: NormalisedText, quote: str) -> str | None:
    """`text=…` directives, joined by `&`, that highlight the quote's passage; None if it is not found."""
    found = text.find(quote)
    if found is None:
        return None
    return "&".join("text=" + _directive(text, _words(text, start, end)) for start, end in found)


def first_match(normal: str, term: str, start: int = 0) -> int:
    """Where `term` first stands in `normal` from `start` on as whole words, or -1."""
    found = whole_words(term).search(normal, start)
    return found.start() if found else -1


def _words(text: NormalisedText, start: int, end: int) -> list[Word]:
    """The words of normal[start:end], its edges moved out to whole words."""
    start, end = text.word_at(start).start, text.word_at(end).end
    normal, words = text.normal, []
    while start < end:
        stop = normal.find(" ", start, end)
        stop = end if stop < 0 else stop
        words.append((start, stop))
        start = stop + 1
    return words


def _directive(text: NormalisedText, words: list[Word]) -> str:
    breaks = [i + 1 for i in range(len(words) - 1) if _breaks(text, words[i][1])]
    if not breaks and len(words) <= _WHOLE_WORDS:
        prefix, suffix = _unique(text, words, 0, [], prefix=True, suffix=True)
        return _encode(text, prefix, "-,") + _encode(text, words) + _encode(text, suffix, ",-", before=True)
    # A term cannot run across a break: the start ends at the first, the end starts after the last.
    first, last = (breaks[0], breaks[-1]) if breaks else (len(words), 0)
    start, end = words[: min(_EDGE_WORDS, first)], words[max(len(words) - _EDGE_WORDS, last) :]
    prefix, _ = _unique(text, start, 0, words[len(start) : min(first, len(words) - len(end))], prefix=True)
    # The browser looks for the end only after the start.
    room = words[max(last, len(start)) : len(words) - len(end)][::-1]
    _, suffix = _unique(text, end, start[-1][1], room, suffix=True)
    return (
        _encode(text, prefix, "-,")
        + _encode(text, start)
        + ","
        + _encode(text, end)
        + _encode(text, suffix, ",-", before=True)
    )


def _unique(
    text: NormalisedText,
    term: list[Word],
    after: int,
    room: list[Word],
    prefix: bool = False,
    suffix: bool = False,
) -> tuple[list[Word], list[Word]]:
    """Lengthen `term` by the words of `room` in turn (those after a start, those before an end,
    nearest first), then give it a prefix or a suffix word by word, until its first match from
    `after` on is where it stands. Returns (prefix, suffix); `term` is lengthened in place.
    At worst, the whole block (up to `_MOST_ADDED` words) is used."""
    before: list[Word] = []
    later: list[Word] = []
    room = list(room)
    for _ in range(_MOST_ADDED + 1):
        lead, tail = (before or term)[0][0], (later or term)[-1][1]
        if first_match(text.normal, text.normal[lead:tail], after) == lead:
            break
        if room:
            word = room.pop(0)
            if word[0] < term[0][0]:
                term.insert(0, word)
            else:
                term.append(word)
        elif prefix and (extra := _word_before(text, lead)):
            before.insert(0, extra)
        elif suffix and (extra := _word_after(text, tail)):
            later.append(extra)
        else:
            break
    return before, later


def _word_before(text: NormalisedText, start: int) -> Word | None:
    """The word (or the punctuation) just before `start`, in the same block."""
    normal = text.normal
    if start == 0:
        return None
    if normal[start - 1] != " ":
        return normal.rfind(" ", 0, start) + 1, start
    if start == 1 or _breaks(text, start - 1):
        return None
    return normal.rfind(" ", 0, start - 1) + 1, start - 1


def _word_after(text: NormalisedText, end: int) -> Word | None:
    """The word (or the punctuation) just after `end`, in the same block."""
    normal = text.normal
    if end >= len(normal):
        return None
    if normal[end] != " ":
        stop = normal.find(" ", end)
        return end, len(normal) if stop < 0 else stop
    if end + 1 == len(normal) or _breaks(text, end):
        return None
    stop = normal.find(" ", end + 1)
    return end + 1, len(normal) if stop < 0 else stop


def _breaks(text: NormalisedText, space: int) -> bool:
    """Whether the space at `space` in the normalised text stands for a line break of the original."""
    return "\n" in text.text[text.origin(space - 1) + 1 : text.origin(space + 1)]


def _encode(text: NormalisedText, words: list[Word], mark: str = "", before: bool = False) -> str:
    """Words as the page shows them, escaped for a directive, with `mark` (`-,` after a prefix,
    `,-` before a suffix) when there are any."""
    if not words:
        return ""
    # `-`, `,` and `&` delimit the parts of a text directive, so they are escaped in its terms.
    term = percent_encode(" ".join(text.shown(a, b) for a, b in words), safe="").replace("-", "%2D")
    return mark + term if before else term + mark
