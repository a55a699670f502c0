"""Which judgment a sentence restates: by an explicit reference to its id, or by sharing its words.

A sentence names the items it restates with their ids in brackets or parentheses ("(KJ1)",
"[KJ1, SC2]", "(see SC2)"). Without one, it restates the item whose headline (a judgment's statement, a
scenario's title or description) shares the most of its content words with the sentence: at
least MIN_SHARED of them, and at least OVERLAP of the headline's (the most shared words win,
then the largest share). Content words are the words
left when function words and the words of estimative language ("likely", "almost",
"chance" …) are taken out, lower-cased, a possessive or plural "s" dropped ("ferries" is "ferry"); so a bottom line
that moves a judgment's likelihood still restates it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache

import ahocorasick_rs

# The share of a headline's content words a sentence must hold to restate it, and the fewest.
OVERLAP = 0.5
MIN_SHARED = 2
# A word in more headlines than this tells none of them apart (as "the" tells no text apart), and
# counting it for every one would make a long bottom line's work grow with the brief's items.
COMMON = 64
# A sentence this long is first looked through for the stems of the headlines' words (one pass of
# an automaton, `Headlines.may_share`) before its own words are gathered (a pass that makes each
# word a string); the stems are looked for this many characters at a time, up to the first found.
LONG = 2_000
_CHUNK = 4_096

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# The bytes an ASCII word holds (those of _WORD), each other byte a space; and what no word starts with.
_SPACED = bytes(byte if byte in b"abcdefghijklmnopqrstuvwxyz0123456789_'-" else 32 for byte in range(256))
_NOT_FIRST = b"0123456789_'-"
# Brackets or parentheses around a short run of words: "(KJ1)", "[KJ1, SC2]", "(see KJ1)".
_REFERENCE = re.compile(r"[(\[]([^()\[\]\n@]{1,80})[)\]]")
_REFERENCE_ID = re.compile(r"[A-Za-z][\w.-]*")

_FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each either few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might more most
    must my neither no nor not now of off on once only or other our ours out over own same shall she
    should so some such than that the their theirs them then there these they this those through to
    too under until up upon very was we were what when where which while who whom why will with within
    without would yet you your will won't wont cannot can't""".split()
)
# The words estimative language is made of: a bottom line changes them when a likelihood moves.
_ESTIMATIVE_WORDS = frozenset(
    """likely unlikely likelihood probable probably improbable improbably probability almost nearly
    certain certainly chance chances even roughly odds remote possibility possible realistic highly
    prospect assess assessed judge judged expect expected""".split()
)


@lru_cache(maxsize=1024)
def content_words(text: str) -> frozenset[str]:
    """The text's content words, folded (see the module's docstring)."""
    return _folded(_written_words(text))


def _folded(words: Iterable[str]) -> frozenset[str]:
    """The content words among `words`, folded."""
    found = set()
    for written in words:
        word = written.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.strip("'-")
        if len(word) < 2 or word in _FUNCTION_WORDS or word in _ESTIMATIVE_WORDS:
            continue
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"  # "ferries" is "ferry"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return frozenset(found)


def _written_words(text: str) -> set[str]:
    """Each word of the text that may be a content word once (an ASCII text's lower-cased)."""
    if text.isascii():
        return _ascii_words(text)
    return _words_of_runs(text)


def _ascii_words(text: str) -> set[str]:
    """The words of two characters or more of an ASCII text, lower-cased, from bytes operations
    that each read the text once: every character no word holds becomes a space, and each
    distinct run between spaces is one word from its first letter (`_words_of_runs` makes each
    run between white space a string and searches it). "a. a. a. …" makes no string but "a",
    which Python keeps once, and a run of 50,000 full stops none."""
    runs = set(text.encode("ascii").lower().translate(_SPACED).split())
    return {word.decode("ascii") for run in runs if len(word := run.lstrip(_NOT_FIRST)) > 1}


def _words_of_runs(text: str) -> set[str]:
    """Each word of the text once, as written: a word holds no white space, so the pattern reads
    each distinct run of characters between white space once ("a. a. a. …" is two), and none
    that is ASCII without a letter (a run of 50,000 full stops)."""
    return {
        word
        for run in set(text.split())
        if not (run.isascii() and run.lower() == run.upper())
        for word in _WORD.findall(run)
    }


def overlap(sentence: frozenset[str], headline: frozenset[str]) -> float:
    """How much of `headline` the sentence holds (0 when fewer than MIN_SHARED words are shared)."""
    shared = len(sentence & headline)
    if shared < MIN_SHARED or not headline:
        return 0.0
    return shared / len(headline)


def referenced(text: str, known: Iterable[str]) -> list[str]:
    """The ids of `known` that `text` names in brackets or parentheses, in order: "(KJ1)",
    "[KJ1; SC2]", "(see KJ1 and SC2)". A citation ("[@S1]") names a source, never an item here."""
    if "(" not in text and "[" not in text:  # one look for each character, before the pattern's search
        return []
    ids = set(known)
    found: list[str] = []
    for match in _REFERENCE.finditer(text):
        for name in _REFERENCE_ID.findall(match.group(1)):
            if name in ids and name not in found:
                found.append(name)
    return found


class Headlines:
    """The headlines of a brief's items, indexed by their content words, so that a sentence is
    compared only with the items it shares a word with (work in proportion to those, not to every
    item for every sentence)."""

    def __init__(self, headlines: dict[str, list[str]]):
        self.words = [(item, content_words(text)) for item, texts in headlines.items() for text in texts]
        self.index: dict[str, list[int]] = {}
        for position, (_, words) in enumerate(self.words):
            for word in words:
                self.index.setdefault(word, []).append(position)

    def restated(self, sentence: str) -> list[str]:
        """The ids whose headlines the sentence restates best by its words: of those whose share
        reaches OVERLAP, the ones sharing the most words, then the largest share (ties: all of
        them). "Patrols continue" is wholly in a sentence that restates a longer judgment about
        patrols continuing east of the Euphrates; the judgment, sharing more words, is restated."""
        if len(sentence) >= LONG and sentence.isascii() and not self.may_share(sentence):
            return []
        shared: Counter[int] = Counter()
        for word in content_words(sentence):
            holders = self.index.get(word, ())
            if len(holders) <= COMMON:
                shared.update(holders)
        scores: dict[str, tuple[int, float]] = {}
        for position, count in shared.items():
            item, headline = self.words[position]
            share = count / len(headline)
            if count >= MIN_SHARED and share >= OVERLAP:
                scores[item] = max(scores.get(item, (0, 0.0)), (count, share))
        best = max(scores.values(), default=None)
        return [item for item, score in scores.items() if score == best]

    def may_share(self, sentence: str) -> bool:
        """False when the ASCII `sentence` holds no content word of a headline that tells items
        apart (in COMMON of them or fewer), known from one look for their stems through the
        sentence lower-cased: a word, folded, is a part of it as written, but for the "y" that
        "ies" becomes ("ferries" is "ferry")."""
        if self._stems is None:
            return False
        automaton, reach = self._stems
        data = memoryview(sentence.encode("ascii").lower())
        return any(
            automaton.find_matches_as_indexes(data[at : at + _CHUNK + reach]) for at in range(0, len(data), _CHUNK)
        )

    @cached_property
    def _stems(self) -> tuple[ahocorasick_rs.BytesAhoCorasick, int] | None:
        """The automaton of the stems of the ASCII words that tell items apart, and how far a
        stem begun in one part of a sentence may reach past it."""
        stems = {
            (word[:-1] if word.endswith("y") else word).encode("ascii")
            for word, holders in self.index.items()
            if len(holders) <= COMMON and word.isascii()
        }
        if not stems:
            return None
        return ahocorasick_rs.BytesAhoCorasick(list(stems)), max(map(len, stems)) - 1


def restated(sentence: str, headlines: dict[str, list[str]]) -> list[str]:
    """`Headlines(headlines).restated(sentence)`, for one sentence."""
    return Headlines(headlines).restated(sentence)
