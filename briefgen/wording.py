"""Estimative wording: find likelihood terms, confidence levels and stated probabilities in prose.

The vocabulary is data: each expression an analyst writes ("almost certainly",
"probably", "highly likely") is mapped, per scale, to the term it is a form of
(`own`) or, when it is not that scale's wording, to the term it comes nearest to
(`near`). Quoted passages, code and link targets are blanked before scanning: the
words of a source or a URL are not the analyst's estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from briefgen.scales import Scale, Term


@dataclass(frozen=True)
class Expression:
    """Ways of writing one likelihood, and the term each scale reads them as."""

    phrases: tuple[str, ...]
    own: dict[str, str] = field(default_factory=dict)
    near: dict[str, str] = field(default_factory=dict)

    def term(self, scale: Scale) -> Term | None:
        """The scale's term this wording stands for, whether or not it is the scale's own."""
        name = self.own.get(scale.name) or self.near.get(scale.name)
        return scale.find(name) if name else None

    def is_own(self, scale: Scale) -> bool:
        return scale.name in self.own


ICD, PHIA = "ICD-203", "PHIA"

# Adverbial forms count as their term: ICD 203 itself lists "probable (probably)" and
# "almost certain(ly)". Longer phrases win over the shorter ones they contain.
EXPRESSIONS: tuple[Expression, ...] = (
    Expression(("almost no chance",), own={ICD: "almost no chance"}, near={PHIA: "remote chance"}),
    Expression(("remote chance", "remote possibility", "remote prospect", "remote likelihood"),
               own={ICD: "remote", PHIA: "remote chance"}),
    Expression(("very unlikely",), own={ICD: "very unlikely"}, near={PHIA: "highly unlikely"}),
    Expression(("highly unlikely",), own={PHIA: "highly unlikely"}, near={ICD: "very unlikely"}),
    Expression(("highly improbable",), own={ICD: "highly improbable"}, near={PHIA: "highly unlikely"}),
    Expression(("unlikely", "not likely"), own={ICD: "unlikely", PHIA: "unlikely"}),
    Expression(("improbable", "improbably"), own={ICD: "improbable"}, near={PHIA: "unlikely"}),
    Expression(("roughly even chance", "even chance", "about even chance"),
               own={ICD: "roughly even chance"}, near={PHIA: "realistic possibility"}),
    Expression(("roughly even odds", "even odds"),
               own={ICD: "roughly even odds"}, near={PHIA: "realistic possibility"}),
    Expression(("as likely as not",), near={ICD: "roughly even chance", PHIA: "realistic possibility"}),
    Expression(("realistic possibility",), own={PHIA: "realistic possibility"}, near={ICD: "roughly even chance"}),
    Expression(("likely",), own={ICD: "likely", PHIA: "likely"}),
    Expression(("probable", "probably"), own={ICD: "probable", PHIA: "probable"}),
    Expression(("very likely",), own={ICD: "very likely"}, near={PHIA: "highly likely"}),
    Expression(("highly likely",), own={PHIA: "highly likely"}, near={ICD: "very likely"}),
    Expression(("highly probable", "very probable", "very probably"),
               own={ICD: "highly probable"}, near={PHIA: "highly likely"}),
    Expression(("almost certain", "almost certainly"), own={ICD: "almost certain", PHIA: "almost certain"}),
    Expression(("nearly certain", "nearly certainly"), own={ICD: "nearly certain"}, near={PHIA: "almost certain"}),
)

# Comparisons and double negatives estimate no band of probability; they are matched
# only so that the "likely" inside them is not read as the term.
NOT_ESTIMATES: tuple[str, ...] = (
    "more likely", "most likely", "less likely", "least likely", "equally likely", "as likely",
    "more probable", "most probable", "less probable", "not unlikely", "not improbable",
)

_BY_PHRASE: dict[str, Expression | None] = {
    **{phrase: expression for expression in EXPRESSIONS for phrase in expression.phrases},
    **{phrase: None for phrase in NOT_ESTIMATES},
}


def _phrase_pattern(phrase: str) -> str:
    return r"[\s-]+".join(re.escape(word) for word in phrase.split())


_TERMS = re.compile(
    r"\b(?:" + "|".join(_phrase_pattern(p) for p in sorted(_BY_PHRASE, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# Words one of which every phrase above contains: a text with none of them needs no scan.
# (re.IGNORECASE also matches "ı" to "i" and "ſ" to "s"; a text with either is always scanned.)
_TERM_CUES = tuple(sorted({max(phrase.split(), key=len) for phrase in _BY_PHRASE}))
_CONFIDENCE_CUES = ("confiden",)
_PERCENT_CUES = ("%", "per")  # every match of _PERCENT ends in "%" or "per cent"

_CONFIDENCE = re.compile(
    r"\b(?:high|moderate|medium|low)[\s-]+confidence\b"
    r"|\bconfidence\s+(?:in\s+\w+(?:\s+\w+)?\s+)?(?:is|remains|stays|was)\s+(?:only\s+)?(?:high|moderate|medium|low)\b"
    r"|\b(?:highly|moderately)\s+confident\b",
    re.IGNORECASE,
)

_PERCENT = r"(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent)?\s*(?:(?:-|–|—|to)\s*(\d{1,3}(?:\.\d+)?)\s*)?(?:%|per\s?cent)"
_AFTER_TERM = re.compile(r"\s*\(\s*(?:about\s+|around\s+|roughly\s+|~\s*)?" + _PERCENT + r"\s*\)", re.IGNORECASE)
_CHANCE = re.compile(
    r"\b" + _PERCENT + r"\s+(?:chance|probability|likelihood|odds|likely|probable)\b"
    r"|\b(?:chance|probability|likelihood|odds)\s+of\s+(?:about\s+|around\s+|roughly\s+|some\s+)?" + _PERCENT,
    re.IGNORECASE,
)

# Passages that are not the analyst's own words: quotations, code, link targets, URLs.
_NOT_OWN_WORDS = re.compile(
    r'"[^"]{0,400}"|“[^”]{0,400}”|«[^»]{0,400}»|`[^`]*`|\]\([^)]*\)|<https?://[^>]*>|https?://\S+'
    r"|^[ \t]*>.*$",
    re.MULTILINE,
)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d+[.)])\s)")
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "cf.", "vs.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "approx.", "gen."}


@dataclass(frozen=True)
class Use:
    """One likelihood expression as written in a text, with where it stands."""

    written: str
    expression: Expression
    start: int
    end: int


@dataclass(frozen=True)
class Stated:
    """A probability written as a number (or a range of numbers) in a text."""

    written: str
    low: float
    high: float
    start: int
    after: Use | None = None


# The checks ask about the same texts many times (one scan per check otherwise): keep the
# answers for the texts of the latest briefs.
@lru_cache(maxsize=512)
def own_words(text: str) -> str:
    """The text with quotations, code and link targets blanked out (offsets kept)."""
    return _NOT_OWN_WORDS.sub(lambda m: re.sub(r"\S", " ", m.group(0)), text)


def _may_hold(text: str, cues: tuple[str, ...]) -> bool:
    """False when no case-insensitive match of a pattern containing one of `cues` can be in `text`."""
    lowered = _lowered(text)
    return "ı" in lowered or "ſ" in lowered or any(cue in lowered for cue in cues)


@lru_cache(maxsize=512)
def _lowered(text: str) -> str:
    return text.lower()


def find_terms(text: str) -> list[Use]:
    """Every likelihood expression in the analyst's own words, longest match first."""
    return list(_terms(text))


@lru_cache(maxsize=512)
def _terms(text: str) -> tuple[Use, ...]:
    if not _may_hold(text, _TERM_CUES):
        return ()
    uses = []
    for match in _TERMS.finditer(own_words(text)):
        expression = _BY_PHRASE[_normal(match.group(0))]
        if expression is not None:
            uses.append(Use(text[match.start():match.end()], expression, match.start(), match.end()))
    return tuple(uses)


def find_confidence(text: str) -> list[re.Match[str]]:
    """Every phrase that states a confidence level ("high confidence", "confidence is low")."""
    if not _may_hold(text, _CONFIDENCE_CUES):
        return []
    return list(_CONFIDENCE.finditer(own_words(text)))


def stated_probabilities(text: str) -> list[Stated]:
    """Percentages written as probabilities: after a term ("likely (70%)") or as a chance ("a 70% chance")."""
    if not _may_hold(text, _PERCENT_CUES):
        return []
    words = own_words(text)
    found = []
    for use in find_terms(text):
        match = _AFTER_TERM.match(words, use.end)
        if match:
            found.append(_stated(text, match, use))
    for match in _CHANCE.finditer(words):
        found.append(_stated(text, match, None))
    return sorted(found, key=lambda stated: stated.start)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: split at full stops, paragraph breaks and list items."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0)[0] in ".!?":
            if match.group(0)[0] == "." and _abbreviation(text, match.start() + 1):
                continue
            if text[match.end():].lstrip()[:1].islower():
                continue
        if text[start:match.end()].strip():
            yield start, match.end()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _stated(text: str, match: re.Match[str], after: Use | None) -> Stated:
    numbers = [float(g) for g in match.groups() if g is not None]
    return Stated(text[match.start():match.end()].strip(), min(numbers), max(numbers), match.start(), after)


def _abbreviation(text: str, end: int) -> bool:
    token = text[:end].split()[-1].lower() if text[:end].split() else ""
    return token in _ABBREVIATIONS or re.fullmatch(r"\(?(?:[a-z]\.)+", token) is not None


def _normal(written: str) -> str:
    return " ".join(re.split(r"[\s-]+", written.lower()))
