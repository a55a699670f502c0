"""Many strings looked for in a long text at once, in C-speed passes shared by all of them.

Python's own `str.find` looks for one string per pass through the text; a source of 19 MB cited
by 5,000 quotes would be read 5,000 times. An Aho-Corasick automaton (the `ahocorasick_rs`
library: BurntSushi's Rust `aho-corasick` crate, the one ripgrep uses) finds every string of a
set in one pass. Its matches are leftmost-longest and do not overlap, so that a pass reports at
most one match per character of the text however the strings nest; the text is read in chunks,
and a string found as often as it is wanted is no longer looked for in later chunks, so that a
frequent string costs one chunk's matches, not the text's. `absent` looks for a short stretch of
each long string (its anchor) and checks the places found against the whole string.

Where Hyperscan is installed (x86-64 only) and a text is long enough for its database's build
(~20-30 us a pattern) to pay, its literal matcher (FDR, which compares many bytes at once) reads the
text's UTF-8 for the whole strings instead: for `absent_firsts`, the first match of each only, the
pass stopping once each was found (`_first_places`; a literal's first report is where it first
stands, so there are no anchors to check); for `places` in a text beyond ASCII, every match
(`_literal_places`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING

import ahocorasick_rs

from briefgen.text.normal import non_ascii

if TYPE_CHECKING:
    import hyperscan

# The first chunk of a text, in characters; each later chunk is twice the one before.
_FIRST = 1 << 16
# Patterns of at most this many characters together are searched with a DFA (built in ~5 ms).
_DFA = 50_000
# How many passes `absent` makes before it leaves the strings still unsure undecided.
_PASSES = 4
# A pattern longer than this is looked for by a stretch of it this long (`_anchor`) by `absent`:
# an automaton reads the faster the fewer its states (200 quotes' pieces of 12 words in 19 MB,
# 80-110 ms whole, 35 ms by anchors).
_ANCHOR = 24
# How many places of an anchor without its patterns there `absent` checks before it leaves them to
# the plain pass (an anchor found at many places would cost a Python step each).
_CHECKS = 64
# `absent` reads again the stretches inside its first pass's matches only while they are at most
# this fraction of the text, or this many characters (overlapping matches there are up to
# `_ANCHOR` a character).
_REREAD = 16
_LEAST_REREAD = 1 << 12
# A chunk of `absent`'s first pass is at most this long, and one with a match every `_DENSE`
# characters (and more than `_FEW`) leaves the patterns still unsure to the plain pass (an anchor that stands everywhere
# would cost a Python step a match); the stretches are read again in runs of `_BATCH` characters,
# and a run with a match every 4 characters does the same.
_LONGEST_CHUNK = 1 << 20
_DENSE = 64
_BATCH = 1 << 14
_FEW = 1 << 10  # (however dense, as many matches as this are checked)
# ASCII letters (lower-cased) and digits, and every byte of UTF-8 beyond ASCII, as they are; every
# other byte as a space.
ALNUM_ONLY = bytes(
    byte if byte >= 0x80 else ord(chr(byte).lower()) if chr(byte).isalnum() else 32 for byte in range(256)
)
# The most characters beyond ASCII that are neither letters nor digits `whole_runs` replaces.
_SEPARATORS = 16
# `whole_runs` scans with Hyperscan (`_first_places`) while it has at most one pattern for this many bytes
# of text: building its database takes ~20 us a pattern, about what its faster scan saves on
# 8,000 bytes (and ~0.5 s for 16,000 patterns, where the automaton's build stays in milliseconds).
_BUILD_BYTES = 8_000
# The longest literal Hyperscan compiles, in bytes (its compiler refuses a longer one).
_LITERAL = 16_000
# `absent_firsts` and `places` scan with Hyperscan while they have at most one pattern for this many
# characters of text: 200 pieces in 19 MB 36 ms where the anchors' pass takes 55-80, 5,000 200 ms
# (its build 100-150) where it takes 270-450; the two cost the same about here (5,000 in 8 MB, 200
# in 0.5-1 MB).
_LITERAL_BYTES = 2_000
# `places` leaves a text to the automaton once Hyperscan reports more matches than one for this
# many bytes of it (and `_FEW`): each costs a Python call (~0.4 us, a 250 bytes' scan), where the
# automaton's chunks stop looking for a pattern found `most` times.
_SPARSE = 256


class _Scanner:
    """A text (or UTF-8 bytes, scanned as bytes, places in bytes), scanned for a set of strings
    that shrinks as they are found: the automaton is built again only when the set has changed.
    Its matches are leftmost-longest and do not overlap, or (`overlapping`) are every match."""

    def __init__(self, text: str | bytes, patterns: list[str], overlapping: bool = False):
        self.text = text
        # An ASCII text is searched as its bytes (faster: no map from bytes back to characters),
        # and holds no pattern that is not ASCII.
        self.data = memoryview(text) if isinstance(text, bytes) else None
        if isinstance(text, str) and text.isascii():
            self.data = memoryview(text.encode("ascii"))
        self.patterns = patterns
        self.overlapping = overlapping
        encoding = "utf-8" if isinstance(text, bytes) else "ascii"
        self.encoded = [
            p.encode(encoding, "surrogatepass") if encoding == "utf-8" or p.isascii() else b"" for p in patterns
        ]
        self.usable = [n for n, p in enumerate(patterns) if p and (self.data is None or self.encoded[n])]
        self.longest = max((len(self.encoded[n] if self.data else patterns[n]) for n in self.usable), default=0)
        self._wanted: list[int] | None = None
        self._overlapping = overlapping
        self._automaton: ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick | None = None

    def matches(self, wanted: list[int], start: int, end: int, every: bool | None = None) -> list[tuple[int, int, int]]:
        """(pattern number, start, end) of the matches of the `wanted` patterns that start in
        text[start:end] (read on by the longest pattern, for one that ends past it); `every`:
        overlapping or not, for this call (else as the scanner was made)."""
        overlapping = self.overlapping if every is None else every
        automaton = self._automaton_for(wanted, overlapping)
        reach = min(len(self.text), end + self.longest - 1)
        if isinstance(automaton, ahocorasick_rs.BytesAhoCorasick):
            assert self.data is not None
            found = automaton.find_matches_as_indexes(self.data[start:reach], overlapping=overlapping)
        else:
            assert isinstance(self.text, str)
            found = automaton.find_matches_as_indexes(self.text[start:reach], overlapping=overlapping)
        return [(wanted[n], start + a, start + b) for n, a, b in found if start + a < end]

    def matches_in(
        self, wanted: list[int], stretches: list[tuple[int, int]], every: bool
    ) -> list[tuple[int, int, int]]:
        """`matches` in each of `stretches` ([start, end), in order, apart), in one call for all
        (thousands of calls cost more than their few bytes): their texts, each read on by the
        longest pattern, joined by a byte 0xFF (in no pattern: no UTF-8 holds one); one call
        each when the text is not searched as bytes."""
        if self.data is None:
            return [match for start, end in stretches for match in self.matches(wanted, start, end, every)]
        size = len(self.text)
        reads = [(start, min(size, end + self.longest - 1)) for start, end in stretches]
        joined = b"\xff".join(self.data[start:stop] for start, stop in reads)
        offsets = list(accumulate((stop - start + 1 for start, stop in reads[:-1]), initial=0))
        automaton = self._automaton_for(wanted, every)
        assert isinstance(automaton, ahocorasick_rs.BytesAhoCorasick)
        found: list[tuple[int, int, int]] = []
        for n, a, b in automaton.find_matches_as_indexes(joined, overlapping=every):
            read = bisect_right(offsets, a) - 1
            at = stretches[read][0] + a - offsets[read]
            if at < stretches[read][1]:
                found.append((wanted[n], at, at + b - a))
        return found

    def _automaton_for(
        self, wanted: list[int], overlapping: bool
    ) -> ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick:
        if self._automaton is None or wanted is not self._wanted or overlapping is not self._overlapping:
            # (a caller passes the same list while its set is the same)
            kind = ahocorasick_rs.MatchKind.Standard if overlapping else ahocorasick_rs.MatchKind.LeftmostLongest
            chosen = [self.patterns[n] for n in wanted]
            # A DFA reads 2-3 times faster, but its build and memory grow with the patterns' length.
            dfa = ahocorasick_rs.Implementation.DFA if sum(map(len, chosen)) <= _DFA else None
            self._automaton = (
                ahocorasick_rs.AhoCorasick(chosen, matchkind=kind, implementation=dfa)
                if self.data is None
                else ahocorasick_rs.BytesAhoCorasick(
                    [self.encoded[n] for n in wanted], matchkind=kind, implementation=dfa
                )
            )
            self._wanted, self._overlapping = wanted, overlapping
        return self._automaton


def _chunks(size: int, longest: int | None = None) -> Iterator[tuple[int, int]]:
    start, length = 0, _FIRST
    while start < size:
        yield start, min(size, start + length)
        start += length
        length = 2 * length if longest is None else min(longest, 2 * length)


def _batches(stretches: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """The stretches in runs of about `_BATCH` characters."""
    batch: list[tuple[int, int]] = []
    size = 0
    for start, stop in stretches:
        batch.append((start, stop))
        size += stop - start
        if size >= _BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def places(text: str, patterns: list[str], most: int) -> list[list[int]]:
    """Where each of `patterns` starts in `text` (a list for each, in order), leftmost-longest and
    not overlapping one another, at most `most` places of each: a pattern found `most` times is
    not looked for in the chunks after. Each chunk is read once, so the work is linear in the
    text; the patterns' matches number at most one per character of the text. A text beyond ASCII
    is read by Hyperscan where it pays (`_literal_places`: the automaton reads its characters, not
    bytes: 19 MB for 374 pairs of words 175-180 ms, by Hyperscan 110-130); an ASCII one by the
    automaton, whose DFA reads such pairs as fast as Hyperscan (~55 ms), built in far less time
    (Hyperscan's takes 7-30 ms for them)."""
    literal = None if text.isascii() else _literal_places(text, patterns, most)
    if literal is not None:
        return literal
    found: list[list[int]] = [[] for _ in patterns]
    scanner = _Scanner(text, patterns)
    wanted = scanner.usable
    for start, end in _chunks(len(text)):
        if not wanted:
            break
        for n, at, _ in scanner.matches(wanted, start, end):
            found[n].append(at)
        if any(len(found[n]) >= most for n in wanted):  # (a new list builds the automaton again)
            wanted = [n for n in wanted if len(found[n]) < most]
    return [places[:most] for places in found]


def _literal_places(text: str, patterns: list[str], most: int) -> list[list[int]] | None:
    """`places` from one Hyperscan pass that reports every match, overlapping or not, the same
    places: in each chunk, the matches (by where they start, the longest first) that start at or
    after the end of the last one taken there, of the patterns found fewer than `most` times in the
    chunks before, as the automaton's leftmost-longest matching takes them. None where Hyperscan
    is not installed, its build would not pay (fewer than `_LITERAL_BYTES` characters a pattern),
    or it reports more than one match for `_SPARSE` bytes of the text (and `_FEW`: patterns that
    stand densely, each match a Python call, which the automaton's chunks stop looking for)."""
    usable = _usable(text, patterns)
    if len(usable) * _LITERAL_BYTES > len(text):
        return None
    if not usable:
        return [[] for _ in patterns]
    data = text.encode("utf-8", "surrogatepass")
    encoded = [patterns[n].encode("utf-8", "surrogatepass") for n in usable]
    database = _database(encoded, single=False)
    if database is None:
        return None
    ends: list[tuple[int, int]] = []
    bound = len(data) // _SPARSE + _FEW

    def report(number: int, start: int, end: int, flags: int, context: object) -> bool:
        ends.append((number, end))
        return len(ends) > bound  # (True stops the scan)

    if not _scan(database, data, report):
        return None
    matches = sorted((end - len(encoded[k]), -len(encoded[k]), k) for k, end in ends)
    starts = [start for start, _, _ in matches]
    if len(data) > len(text):
        starts = characters(data, starts)
    found: list[list[int]] = [[] for _ in patterns]
    wanted = set(usable)
    chunks = _chunks(len(text))
    high, taken = 0, 0  # where the chunk ends, and the last match taken in it
    for at, (_, _, k) in zip(starts, matches, strict=True):
        while at >= high:  # (each match starts in the text, so in a chunk)
            wanted = {n for n in wanted if len(found[n]) < most}
            taken, high = next(chunks)
        n = usable[k]
        if n in wanted and at >= taken:
            found[n].append(at)
            taken = at + len(patterns[n])
    return [places[:most] for places in found]


def whole_runs(text: str, runs: list[str]) -> set[str] | None:
    """Those of `runs` (each of letters and digits only, ASCII letters in lower case, as normalising
    gives them) that `text` has as a whole run of its letters and digits (none beside it), its ASCII
    letters lower-cased (so that an ASCII text need not be), for all of them in one pass: " " + run + " " through the
    text's UTF-8 with every other character as a space, every match (two runs one character apart
    share that space; two patterns never match at one place, so the matches are at most one a
    byte). None when the text has more than `_SEPARATORS` characters beyond ASCII that are neither
    letters nor digits (each would take a pass of its own)."""
    data = text.encode("utf-8", "surrogatepass").translate(ALNUM_ONLY)
    if not text.isascii():
        others = [char for char in non_ascii(text) if not char.isalnum()]
        if len(others) > _SEPARATORS:
            return None
        for char in others:
            data = data.replace(char.encode("utf-8", "surrogatepass"), b" ")
    found = set()
    for run in runs:  # at the text's edges, with no space on one side
        raw = run.encode("utf-8", "surrogatepass")
        if data == raw or data.startswith(raw + b" ") or data.endswith(b" " + raw):
            found.add(run)
    rest = [run for run in dict.fromkeys(runs) if run not in found]
    if rest and len(rest) * _BUILD_BYTES <= len(data):
        held = _first_places(data, [f" {run} ".encode("utf-8", "surrogatepass") for run in rest])
        if held is not None:
            return found | {rest[n] for n in held}
    scanner = _Scanner(data, [f" {run} " for run in runs], overlapping=True)
    wanted = [n for n in scanner.usable if runs[n] not in found]
    for start, end in _chunks(len(data)):
        if not wanted:
            break
        for n, _, _ in scanner.matches(wanted, start, end):
            found.add(runs[n])
        if any(runs[n] in found for n in wanted):  # (a new list builds the automaton again)
            wanted = [n for n in wanted if runs[n] not in found]
    return found


def _first_places(data: bytes, patterns: list[bytes]) -> dict[int, int] | None:
    """Where each of `patterns` (none empty) that `data` holds first stands in it (`data.find`), by
    number, in one Hyperscan pass that stops once every one is found: each is reported once, at
    its first end (a literal's start is its end less its length). None where Hyperscan cannot
    take them (`_database`). Its literal matcher (FDR) compares many bytes at once: " run "
    patterns, which start with a byte the text has everywhere, read 19 MB in ~10 ms where the
    automaton takes 55-70 ms."""
    database = _database(patterns, single=True)
    if database is None:
        return None
    firsts: dict[int, int] = {}

    def report(number: int, start: int, end: int, flags: int, context: object) -> bool:
        firsts[number] = end - len(patterns[number])
        return len(firsts) == len(patterns)  # (True stops the scan)

    _scan(database, data, report)
    return firsts


def _database(patterns: list[bytes], single: bool) -> hyperscan.Database | None:
    """A Hyperscan database of the literals `patterns` (none empty), each reported once (`single`:
    at most one call a pattern) or at every place it ends; None where Hyperscan is not installed
    (it ships for x86-64 only), or for a pattern longer than its literals may be (`_LITERAL`: a
    quote's run may have 20,000 letters)."""
    if max(map(len, patterns)) > _LITERAL:
        return None
    try:
        import hyperscan
    except ImportError:
        return None
    database = hyperscan.Database()
    database.compile(
        expressions=patterns,
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=hyperscan.HS_FLAG_SINGLEMATCH if single else 0,
        literal=True,
    )
    return database


def _scan(database: hyperscan.Database, data: bytes, report: Callable[[int, int, int, int, object], bool]) -> bool:
    """Scan `data`, each match told to `report` (pattern, 0, end, flags, None); False when `report`
    stopped the scan (by returning True)."""
    import hyperscan

    try:
        database.scan(data, match_event_handler=report)
    except hyperscan.ScanTerminated:
        return False
    return True


def characters(utf8: bytes, places: list[int]) -> list[int]:
    """The places (in order, at the starts of characters) in the UTF-8 `utf8`, as places in its
    text: counted in one pass (as they are in ASCII)."""
    if utf8.isascii():
        return places
    found, at, count = [], 0, 0
    for place in places:
        count += len(utf8[at:place].decode("utf-8", "surrogatepass"))
        found.append(count)
        at = place
    return found


def _usable(text: str, patterns: list[str]) -> list[int]:
    """The numbers of the patterns that may stand in `text`: not empty, and ASCII in an ASCII text."""
    ascii_text = text.isascii()
    return [n for n, pattern in enumerate(patterns) if pattern and (pattern.isascii() or not ascii_text)]


def absent(text: str, patterns: list[str]) -> set[int]:
    """The numbers of the patterns that `text` certainly does not hold anywhere (`absent_firsts`)."""
    return absent_firsts(text, patterns, firsts=False)[0]


def absent_firsts(text: str, patterns: list[str], firsts: bool = True) -> tuple[set[int], dict[int, int]]:
    """The numbers of the patterns that `text` certainly does not hold anywhere, and where some of
    those it holds first stand in it (`text.find(pattern)`, `_firsts`).

    A pattern longer than `_ANCHOR` is looked for by its anchor (`_anchor`: a short stretch of it,
    rarer than its first words), and each place its anchor is found at is checked against the
    whole pattern: an automaton of short patterns reads the text two to three times faster. The
    first pass reports leftmost-longest matches that do not overlap (at most one a character), so
    an anchor may stand hidden inside a match reported: where a match starts, the anchors that are
    prefixes of it are checked too, and the stretches inside matches are read again, every match
    reported there (overlapping: at most `_ANCHOR` a character). The patterns of an anchor checked
    at `_CHECKS` places without standing there, and all those still unsure when the stretches to
    read again are more than a `_REREAD`th of the text (and `_LEAST_REREAD`) or matches come
    densely (`_DENSE`), are left to the plain pass (`_absent_whole`). Each pass reads at most the
    text once; the anchors of patterns found are not looked for in the chunks after, once an eighth
    of them are. Without `firsts`, where the patterns held first stand is not looked for (empty).
    By Hyperscan where it pays (`_literal_firsts`), exactly: every pattern held has its first place."""
    literal = _literal_firsts(text, patterns)
    if literal is not None:
        return literal if firsts else (literal[0], {})
    looked = [_anchor(pattern) for pattern in patterns]
    anchors = list(dict.fromkeys(anchor for anchor, _ in looked if anchor))
    number = {anchor: n for n, anchor in enumerate(anchors)}
    scanner = _Scanner(text, anchors)
    # A pattern that is not ASCII is in no ASCII text.
    never = {n for n, p in enumerate(patterns) if p and scanner.data is not None and not p.isascii()}
    users: list[list[tuple[int, int]]] = [[] for _ in anchors]  # (pattern, where the anchor starts in it)
    for n, (stretch, offset) in enumerate(looked):
        if stretch and n not in never:
            users[number[stretch]].append((n, offset))
    remaining = {n for uses in users for n, _ in uses}
    plain: set[int] = set()  # the patterns left to `_absent_whole`
    failed = [0] * len(anchors)  # places each anchor was checked at without its patterns there
    prefixes: dict[int, list[int]] = {}  # the anchors that are proper prefixes of each one reported
    seen: dict[int, int] = {}  # where each pattern found by its anchor was found

    def check(anchors_there: list[int], at: int) -> None:
        """Which patterns of the anchors found at `at` stand there."""
        for anchor in anchors_there:
            if failed[anchor] >= _CHECKS:
                continue
            stood = False
            for n, offset in users[anchor]:
                if n in remaining and at >= offset and text.startswith(patterns[n], at - offset):
                    remaining.discard(n)
                    seen[n] = at - offset
                    stood = True
            if not stood:
                failed[anchor] += 1
                if failed[anchor] == _CHECKS:
                    moved = {n for n, _ in users[anchor] if n in remaining}
                    plain.update(moved)
                    remaining.difference_update(moved)

    def with_prefixes(anchor: int) -> list[int]:
        if anchor not in prefixes:
            word = anchors[anchor]
            prefixes[anchor] = [anchor, *(number[word[:k]] for k in range(1, len(word)) if word[:k] in number)]
        return prefixes[anchor]

    def live() -> list[int]:
        return sorted({number[looked[n][0]] for n in remaining})

    covered: list[tuple[int, int]] = []  # inside each match: (after its start, its end)
    wanted, left, gone = live(), len(remaining), 0
    for start, end in _chunks(len(text), _LONGEST_CHUNK):
        if not remaining:
            break
        found = scanner.matches(wanted, start, end)
        if len(found) > max((end - start) // _DENSE, _FEW):  # an anchor that stands everywhere
            plain |= remaining
            remaining = set()
            break
        for anchor, at, stop in found:
            check(with_prefixes(anchor), at)
            if stop > at + 1:
                covered.append((at + 1, stop))
        # The automaton is built again (a new list) once an eighth of the patterns are settled, or
        # one is left to the plain pass: an anchor of patterns settled is only checked in vain.
        if len(remaining) <= left - max(1, left // 8) or len(plain) > gone:
            wanted, left, gone = live(), len(remaining), len(plain)
    merged = _merged(covered)  # (also for `_firsts`)
    stretches = merged if remaining else []
    if sum(stop - start for start, stop in stretches) > max(len(text) // _REREAD, _LEAST_REREAD):
        plain |= remaining
        remaining, stretches = set(), []
    wanted = live()
    for batch in _batches(stretches):
        if not remaining:
            break
        found = scanner.matches_in(wanted, batch, every=True)
        if len(found) > max(sum(stop - start for start, stop in batch) // 4, _FEW):  # (anchors nested densely)
            plain |= remaining
            remaining = set()
            break
        for anchor, at, _ in found:
            check([anchor], at)
    moved = sorted(plain)
    certain = never | remaining | {moved[n] for n in _absent_whole(text, [patterns[n] for n in moved])}
    return certain, _firsts(text, scanner, patterns, users, number, looked, seen, merged) if firsts else {}


def _literal_firsts(text: str, patterns: list[str]) -> tuple[set[int], dict[int, int]] | None:
    """`absent_firsts` from one Hyperscan pass for the whole patterns (`_first_places`): those it
    does not report are absent, the others first stand where it reports them (in characters, from
    the places in the text's UTF-8). None where Hyperscan cannot take them, or its build would not
    pay (fewer than `_LITERAL_BYTES` characters of text a pattern)."""
    usable = _usable(text, patterns)
    never = {n for n, pattern in enumerate(patterns) if pattern}.difference(usable)
    if len(usable) * _LITERAL_BYTES > len(text):
        return None
    if not usable:
        return never, {}
    data = text.encode("utf-8", "surrogatepass")
    held = _first_places(data, [patterns[n].encode("utf-8", "surrogatepass") for n in usable])
    if held is None:
        return None
    numbers = sorted(held, key=held.__getitem__)
    places = [held[k] for k in numbers]
    if len(data) > len(text):
        places = characters(data, places)
    firsts = {usable[k]: at for k, at in zip(numbers, places, strict=True)}
    return never | {n for n in usable if n not in firsts}, firsts


def _firsts(
    text: str,
    scanner: _Scanner,
    patterns: list[str],
    users: list[list[tuple[int, int]]],
    number: dict[str, int],
    looked: list[tuple[str, int]],
    seen: dict[int, int],
    covered: list[tuple[int, int]],
) -> dict[int, int]:
    """Where each pattern `absent` found by its anchor first stands: where it was found, unless its
    anchor stands earlier hidden inside a match of its first pass (`covered`; every other place of
    an anchor before it was checked), so those stretches before it are read again, every match
    reported, as `absent` reads them. Those whose anchor is checked there at `_CHECKS` places in
    vain are left out, and all of them when the stretches are more than a `_REREAD`th of the text
    (and `_LEAST_REREAD`) or a run of them has a match every 4 characters."""
    firsts = dict(seen)
    reach = max((at + looked[n][1] for n, at in seen.items()), default=0)
    stretches = [(start, stop) for start, stop in covered if start < reach]
    if sum(stop - start for start, stop in stretches) > max(len(text) // _REREAD, _LEAST_REREAD):
        return {}
    failed: dict[int, int] = {}
    wanted = sorted({number[looked[n][0]] for n in seen})
    for batch in _batches(stretches):
        found = scanner.matches_in(wanted, batch, every=True)
        if len(found) > max(sum(stop - start for start, stop in batch) // 4, _FEW):  # (anchors nested densely)
            return {}
        for anchor, at, _ in found:
            if failed.get(anchor, 0) >= _CHECKS:
                continue
            earlier = False
            for n, offset in users[anchor]:
                if offset <= at < firsts.get(n, -1) + offset and text.startswith(patterns[n], at - offset):
                    firsts[n] = at - offset
                    earlier = True
            if not earlier:
                failed[anchor] = failed.get(anchor, 0) + 1
                if failed[anchor] == _CHECKS:
                    for n, _ in users[anchor]:
                        firsts.pop(n, None)
    return firsts


def _anchor(pattern: str) -> tuple[str, int]:
    """The stretch of `pattern` that `absent` looks for in its place, and where it starts in it:
    the pattern itself when short, else its first longest two neighbouring words (its first words,
    common ones often, stand at many places), cut to `_ANCHOR` characters."""
    if len(pattern) <= _ANCHOR:
        return pattern, 0
    sizes = list(map(len, pattern.split(" ")))
    if len(sizes) == 1:
        return pattern[:_ANCHOR], 0
    pairs = list(map(add, sizes, sizes[1:]))
    best = pairs.index(max(pairs))
    offset = sum(sizes[:best]) + best
    return pattern[offset : offset + min(_ANCHOR, pairs[best] + 1)], offset


def _absent_whole(text: str, patterns: list[str]) -> set[int]:
    """`absent`, each pattern looked for whole (the plain pass).

    A pattern reported by a pass is present. One not reported is absent, unless it starts inside
    a match that was reported (leftmost-longest matching skips what a match covers): the next
    pass reads only those stretches, for the patterns not yet found, until a pass finds none (the
    rest are then absent) or `_PASSES` passes are made (the rest are then left undecided, not
    counted absent). Each pass reads at most the text once; a pattern found in one chunk is not
    looked for in the next ones."""
    scanner = _Scanner(text, patterns)
    remaining = set(scanner.usable)
    # A pattern that is not ASCII is in no ASCII text.
    never = {n for n, p in enumerate(patterns) if p} - remaining
    stretches = list(_chunks(len(text)))
    for _ in range(_PASSES):
        covered: list[tuple[int, int]] = []
        wanted = sorted(remaining)
        for start, end in stretches:
            if not remaining:
                return never
            for n, at, stop in scanner.matches(wanted, start, end):
                remaining.discard(n)
                covered.append((at, stop + scanner.longest - 1))
            if len(remaining) < len(wanted):
                wanted = sorted(remaining)
        if not covered:
            return never | remaining
        stretches = _merged(covered)
    return never


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
