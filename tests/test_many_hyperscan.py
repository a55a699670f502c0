"""The Hyperscan passes of `briefgen.text.many` give what the plain definitions give: a pattern
not reported is not in the text, the first report of each is `text.find(pattern)`, and every
match reported, taken by where it starts (the longest first) chunk by chunk, is the automaton's
leftmost-longest places; on texts of a few letters (so that matches overlap and nest), ASCII and
not, and without Hyperscan too."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefgen.text import many

_hyperscan = pytest.mark.skipif(
    "hyperscan" not in sys.modules and not __import__("importlib.util").util.find_spec("hyperscan"),
    reason="Hyperscan ships for x86-64 only",
)
# Letters that overlap and nest: ASCII, two bytes and four in UTF-8, and a lone surrogate.
_ALPHABETS = [["a", "b", " "], ["a", "b", "é"], ["a", "b", " ", "é", "\U0001f600", "\ud800"]]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text of a few letters, and patterns of them: short ones, and stretches of the text."""
    letters = draw(st.sampled_from(_ALPHABETS))
    text = "".join(draw(st.lists(st.sampled_from(letters), max_size=300)))
    short = st.lists(st.sampled_from(letters + ["é"]), max_size=4).map("".join)
    stretches = st.tuples(st.integers(0, len(text)), st.integers(0, 9)).map(lambda cut: text[cut[0] : sum(cut)])
    return text, draw(st.lists(st.one_of(short, stretches), min_size=1, max_size=12))


@pytest.fixture
def always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text long enough for Hyperscan's build to pay."""
    monkeypatch.setattr(many, "_LITERAL_BYTES", 0)


def _definition(text: str, patterns: list[str]) -> tuple[set[int], dict[int, int]]:
    absent = {n for n, pattern in enumerate(patterns) if pattern and pattern not in text}
    firsts = {n: text.find(pattern) for n, pattern in enumerate(patterns) if pattern and pattern in text}
    return absent, firsts


@_hyperscan
@settings(max_examples=300, deadline=None)
@given(_cases())
def test_absent_firsts_by_hyperscan_are_the_plain_definition(case: tuple[str, list[str]]) -> None:
    text, patterns = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(many, "_LITERAL_BYTES", 0)
        assert many._literal_firsts(text, patterns) == _definition(text, patterns)
        assert many.absent_firsts(text, patterns) == _definition(text, patterns)
        assert many.absent(text, patterns) == _definition(text, patterns)[0]


def _leftmost_longest(text: str, patterns: list[str], most: int) -> list[list[int]]:
    """`places` by its definition: in each chunk, from its start, the longest pattern still wanted
    that starts at each place, the next looked for after its end."""
    found: list[list[int]] = [[] for _ in patterns]
    wanted = [n for n, pattern in enumerate(patterns) if pattern]
    for start, end in many._chunks(len(text)):
        at = start
        while at < end:
            here = [n for n in wanted if text.startswith(patterns[n], at)]
            if not here:
                at += 1
                continue
            longest = max(here, key=lambda n: (len(patterns[n]), -n))  # (the first of equals)
            found[longest].append(at)
            at += len(patterns[longest])
        wanted = [n for n in wanted if len(found[n]) < most]
    return [places[:most] for places in found]


@_hyperscan
@settings(max_examples=300, deadline=None)
@given(_cases(), st.integers(1, 4), st.sampled_from([2, 5, 1 << 16]))
def test_places_by_hyperscan_are_the_automatons_leftmost_longest(
    case: tuple[str, list[str]], most: int, first: int
) -> None:
    """Also in chunks of a few characters, so that a match taken at a chunk's end hides nothing in
    the next, and a pattern found `most` times no longer hides others in the chunks after."""
    text, patterns = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(many, "_LITERAL_BYTES", 0)
        patch.setattr(many, "_FIRST", first)
        expected = _leftmost_longest(text, patterns, most)
        assert many._literal_places(text, patterns, most) == expected
        assert many.places(text, patterns, most) == expected
        if "\ud800" not in text + "".join(patterns):  # (the automaton takes no lone surrogate)
            patch.setattr(many, "_LITERAL_BYTES", 1 << 40)
            assert many.places(text, patterns, most) == expected


@_hyperscan
def test_places_in_a_text_beyond_ascii_come_from_hyperscan(always: None) -> None:
    text = "café au lait, café noir; un café"
    assert many._literal_places(text, ["café", "caf", "é au", "lait", "noir; un"], 2) == [[0, 14], [], [], [8], [19]]
    assert many.places(text, ["café", "lait", "x"], 5) == [[0, 14, 28], [8], []]


@_hyperscan
def test_places_leave_a_text_of_dense_matches_to_the_automaton(always: None) -> None:
    """A pattern at every character would cost a Python call each: past one match for `_SPARSE`
    bytes (and `_FEW`) the scan stops, and the automaton, which stops looking for a pattern
    found `most` times, reads the text."""
    text = "é" + "a" * (2 * many._FEW + 10)
    assert many._literal_places(text, ["a", "é"], 3) is None
    assert many.places(text, ["a", "é"], 3) == [[1, 2, 3], [0]]
    sparse = text[: many._FEW]
    assert many._literal_places(sparse, ["a", "é"], 3) == [[1, 2, 3], [0]]


@_hyperscan
def test_absent_firsts_by_hyperscan_edge_cases(always: None) -> None:
    # The first place of "cat sat on" is hidden inside the first "the cat" the automaton reports.
    text = "the cat sat on. cat sat on"
    assert many.absent_firsts(text, ["x the cat sat", "the cat", "cat sat on"]) == ({0}, {1: 0, 2: 4})
    assert many.absent_firsts(text, ["cat", "", "é", "cat"], firsts=False) == ({2}, {})
    assert many.absent_firsts("naïve 😀 café", ["café", "😀", "ï", "e"]) == (set(), {0: 8, 1: 6, 2: 2, 3: 4})
    assert many.absent_firsts("abc", ["", "é"]) == ({1}, {})


@_hyperscan
def test_the_first_places_pass_stops_once_every_pattern_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    scan = many._scan

    def counted(database: object, data: bytes, report: Callable[[int, int, int, int, object], bool]) -> bool:
        def told(*match: int) -> bool:
            calls.append(match[0])
            return report(*match)

        return scan(database, data, told)  # type: ignore[arg-type]

    monkeypatch.setattr(many, "_scan", counted)
    data = b"ab" * 10_000
    assert many._first_places(data, [b"ab", b"ba", b"bab"]) == {0: 0, 1: 1, 2: 1}
    assert sorted(calls) == [0, 1, 2]


def test_a_pattern_longer_than_hyperscan_takes_is_left_to_the_anchors(always: None) -> None:
    long = "a" * (many._LITERAL + 1)
    text = f"x {long} y"
    assert many._literal_firsts(text, [long, "y"]) is None
    gone, firsts = many.absent_firsts(text, [long, "y", "z"])
    assert gone == {2} and firsts.items() <= {0: 2, 1: len(long) + 3}.items()


@pytest.fixture
def without_hyperscan(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on a machine without Hyperscan (not x86-64): importing it fails."""
    monkeypatch.setitem(sys.modules, "hyperscan", None)
    monkeypatch.setattr(many, "_LITERAL_BYTES", 0)
    yield


@settings(max_examples=100, deadline=None)
@given(_cases(), st.integers(1, 4))
def test_without_hyperscan_the_automaton_tells_the_same(case: tuple[str, list[str]], most: int) -> None:
    text, patterns = case
    assume("\ud800" not in text + "".join(patterns))  # (the automaton takes no lone surrogate)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "hyperscan", None)
        patch.setattr(many, "_LITERAL_BYTES", 0)
        if many._usable(text, patterns):  # (else nothing to look for: no pass)
            assert many._literal_firsts(text, patterns) is None
            assert many._literal_places(text, patterns, most) is None
        absent, firsts = many.absent_firsts(text, patterns)
        truth, first = _definition(text, patterns)
        assert absent <= truth and all(first[n] == at for n, at in firsts.items())
        assert many.places(text, patterns, most) == _leftmost_longest(text, patterns, most)


def test_without_hyperscan_whole_runs_and_firsts_fall_back(without_hyperscan: None) -> None:
    assert many._first_places(b" eta gam ", [b" eta "]) is None
    assert many.absent_firsts("the cat sat on. cat sat on", ["the cat", "dog"]) == ({1}, {0: 0})
    assert many.places("café au lait", ["café", "lait"], 2) == [[0], [8]]


def test_places_in_utf8_are_counted_back_to_characters() -> None:
    assert many.characters("aé😀b".encode(), [0, 1, 3, 7]) == [0, 1, 2, 3]
    assert many.characters(b"ab", [0, 1]) == [0, 1]
