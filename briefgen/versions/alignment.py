"""How two texts' tokens line up: the opcodes of `difflib.SequenceMatcher(None, a, b,
autojunk=False)`, the very same ones, found without its quadratic cost on word tokens.

SequenceMatcher finds the longest run common to both lists (the earliest in `a`, then in `b`, of
the longest), then does the same on either side of it. To find that run it visits every pair of
equal tokens, and in a text tokenised into words, spaces and punctuation the one space between
words is half the tokens: 2,000 words are 4 million pairs of spaces, each time (half a second;
the pairs of any one word or mark, a few thousand, are what is left to visit).
But a space never follows a space here (whitespace is collapsed into one token), so a run holding
a pair of spaces is either that pair alone or continues a run of other tokens: the pairs of other
tokens are visited, each run extended by the pair of spaces after it, and the lone pair of spaces
is needed only when no two tokens in a row are common, where the earliest common token is found
directly. rapidfuzz's LCS opcodes are as fast but align differently (where SequenceMatcher keeps
its longest runs whole, the least edit may split them), which would change every diff already
rendered; these are difflib's, pair for pair (a property test holds them to it).

That is still quadratic in the pairs of one token: a field of one word repeated (or of a few)
has (n/2)² pairs of it to visit, each time. So the work is bounded: `WORK_PER_TOKEN` steps per
token of both texts (a step is a pair visited or a token passed over). Prose spends a few; a
diff that would spend more is difflib's as far as its budget went, and each stretch of the
texts left unaligned beyond it is aligned coarsely: its common first and last tokens are kept,
and what lies between them is replaced whole. Both texts are still rebuilt exactly. A caller
may allow less: the word diffs of one comparison share one budget (`changes.WorkBudget`), and
`first_pass` says beforehand, in linear time, what the first search alone would take.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

Opcode = tuple[str, int, int, int, int]

# The steps of work the alignment may take per token of the two texts, and at least (for short
# texts): a field of a thousand words of prose, or of 800 of Markdown tables, edited anywhere,
# takes fewer (1,000 words rewritten entirely, about 24 a token; 800 of tables edited in a few
# places, up to 31, their `|` recurring; 2,000 words, up to 40; 5,000, up to 80).
WORK_PER_TOKEN = 50
WORK_LEAST = 50_000


class Alignment(NamedTuple):
    """The opcodes found, the steps spent finding them, and whether they are difflib's throughout
    (`exact`: the budget sufficed) or coarse past some point."""

    opcodes: list[Opcode]
    spent: int
    exact: bool


def field_budget(a: Sequence[str], b: Sequence[str]) -> int:
    """The steps one alignment of `a` with `b` may take: WORK_PER_TOKEN a token, at least WORK_LEAST."""
    return max(WORK_LEAST, WORK_PER_TOKEN * (len(a) + len(b)))


def first_pass(a: Sequence[str], b: Sequence[str], space: str = " ") -> int:
    """The steps the first search for the longest common run takes (without it, no token is
    aligned), counted from how often each token occurs on either side, in linear time."""
    ours, theirs = Counter(a), Counter(b)
    return sum(count * (theirs[token] + 1) for token, count in ours.items() if token != space)


def opcodes(a: Sequence[str], b: Sequence[str], space: str = " ", budget: int | None = None) -> list[Opcode]:
    """`SequenceMatcher(None, a, b, autojunk=False).get_opcodes()` for lists in which `space`
    never stands twice in a row (a text's tokens, its whitespace collapsed to one `space`), when
    finding them takes no more than `budget` steps (by default `field_budget`); beyond it, what
    is left to align is aligned coarsely (see above)."""
    return align(a, b, space, budget).opcodes


def align(a: Sequence[str], b: Sequence[str], space: str = " ", budget: int | None = None) -> Alignment:
    """`opcodes`, with the steps spent (all of `budget` when it did not suffice) and whether exact."""
    allowed = field_budget(a, b) if budget is None else budget
    left = allowed
    exact = True
    where: dict[str, list[int]] = {}
    for j, token in enumerate(b):
        where.setdefault(token, []).append(j)
    found: list[tuple[int, int, int]] = []
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        longest = _longest(a, b, where, space, alo, ahi, blo, bhi, left) if left > 0 else None
        if longest is None:  # over budget: this stretch is aligned coarsely
            left, exact = 0, False
            found.extend(_ends(a, b, alo, ahi, blo, bhi))
            continue
        i, j, k, spent = longest
        left -= spent
        if k:
            found.append((i, j, k))
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    found.sort()
    blocks: list[tuple[int, int, int]] = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in found:  # adjacent runs are one
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                blocks.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        blocks.append((i1, j1, k1))
    blocks.append((len(a), len(b), 0))
    answer: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return Alignment(answer, allowed if not exact else allowed - left, exact)


def _ends(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int, int]]:
    """The runs common to the start and to the end of a[alo:ahi] and b[blo:bhi], as (i, j, size)."""
    start = 0
    while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
        start += 1
    end = 0
    while alo + start < ahi - end and blo + start < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
        end += 1
    return [run for run in ((alo, blo, start), (ahi - end, bhi - end, end)) if run[2]]


def _longest(
    a: Sequence[str],
    b: Sequence[str],
    where: dict[str, list[int]],
    space: str,
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    budget: int,
) -> tuple[int, int, int, int] | None:
    """SequenceMatcher's `find_longest_match(alo, ahi, blo, bhi)`: the longest run common to
    a[alo:ahi] and b[blo:bhi], the one ending earliest in `a`, then in `b`; (alo, blo, 0) if none;
    with the steps it took, or None once it has taken more than `budget`."""
    spent = 0
    best = (0, 0, 0)  # (length, -end in a, -end in b): the greatest wins
    previous: dict[int, int] = {}  # run lengths ending at a[i - 1], by where they end in b
    before: dict[int, int] = {}  # the same at a[i - 2], when a[i - 1] is a space
    for i in range(alo, ahi):
        token = a[i]
        if token == space:
            before, previous = previous, {}
            continue
        row: dict[int, int] = {}
        after_space = i > alo and a[i - 1] == space
        pairs = _between(where.get(token, ()), blo, bhi)
        spent += len(pairs) + 1
        if spent > budget:
            return None
        for j in pairs:
            if after_space:  # a pair of spaces before this pair: a run through them, or that pair alone
                k = before.get(j - 2, 0) + 2 if j - 1 >= blo and b[j - 1] == space else 1
            else:
                k = previous.get(j - 1, 0) + 1
            row[j] = k
            if (k, -i, -j) > best:
                best = (k, -i, -j)
        if i + 1 < ahi and a[i + 1] == space:  # the run goes on through the space after it
            for j, k in row.items():
                if j + 1 < bhi and b[j + 1] == space and (k + 1, -i - 1, -j - 1) > best:
                    best = (k + 1, -i - 1, -j - 1)
        before, previous = {}, row
    spent += ahi - alo
    size, end_a, end_b = best
    if size > 1:
        return -end_a - size + 1, -end_b - size + 1, size, spent
    for i in range(alo, ahi):  # no two tokens in a row are common: the earliest common token
        ahead = _between(where.get(a[i], ()), blo, bhi)
        if ahead:
            return i, ahead[0], 1, spent
    return alo, blo, 0, spent


def _between(positions: Sequence[int], low: int, high: int) -> Sequence[int]:
    """The positions (ascending) from `low` up to, not including, `high`."""
    return positions[bisect_left(positions, low) : bisect_left(positions, high)]
