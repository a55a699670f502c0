"""Estimative wording: find likelihood terms, confidence levels and stated probabilities in prose.

The vocabulary is data: each expression an analyst writes ("almost certainly",
"probably", "highly likely") is mapped, per scale, to the term it is a form of
(`own`) or, when it is not that scale's wording, to the term it comes nearest to
(`near`). Quoted passages, code and link targets are blanked before scanning: the
words of a source or a URL are not the analyst's estimate.

Negation is read by one rule. A term that governs a negated event ("almost certainly
not", "probably not") rates that event with the complementary term of its scale
(Kent (1964) defines "probably not" ≈ 30% and "almost certainly not" ≈ 7%). A "not" in
front of a term denies the estimate instead ("not very likely", "not almost certain"): it
states no band, only that the chance is outside the term's; "not likely" and "not
probable" alone are the ordinary synonyms of "unlikely" and "improbable".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import AnyStr

import ahocorasick_rs

from briefgen.brief.scales import Scale, Term


@dataclass(frozen=True)
class Expression:
    """Ways of writing one likelihood, and the term each scale reads them as."""

    phrases: tuple[str, ...]
    own: dict[str, str] = field(default_factory=dict)
    near: dict[str, str] = field(default_factory=dict)
    # "not likely" means "unlikely"; "not very likely" is no term of any scale.
    denial_is_complement: bool = False

    def term(self, scale: Scale) -> Term | None:
        """The scale's term this wording stands for, whether or not it is the scale's own."""
        name = self.own.get(scale.name) or self.near.get(scale.name)
        return scale.find(name) if name else None

    def is_own(self, scale: Scale) -> bool:
        return scale.name in self.own


ICD, PHIA = "ICD-203", "PHIA"
# Historical: recognised so that its wording is reported as another scale's, not selectable.
KENT = "Sherman Kent (1964)"

# Adverbial forms count as their term: ICD 203 itself lists "probable (probably)" and
# "almost certain(ly)". Longer phrases win over the shorter ones they contain.
EXPRESSIONS: tuple[Expression, ...] = (
    Expression(("almost no chance",), own={ICD: "almost no chance"}, near={PHIA: "remote chance"}),
    Expression(
        ("remote chance", "remote possibility", "remote prospect", "remote likelihood"),
        own={ICD: "remote", PHIA: "remote chance"},
    ),
    Expression(("very unlikely",), own={ICD: "very unlikely"}, near={PHIA: "highly unlikely"}),
    Expression(("highly unlikely",), own={PHIA: "highly unlikely"}, near={ICD: "very unlikely"}),
    Expression(("highly improbable",), own={ICD: "highly improbable"}, near={PHIA: "highly unlikely"}),
    Expression(("unlikely",), own={ICD: "unlikely", PHIA: "unlikely"}),
    Expression(("improbable", "improbably"), own={ICD: "improbable"}, near={PHIA: "unlikely"}),
    Expression(
        ("roughly even chance", "even chance", "about even chance"),
        own={ICD: "roughly even chance"},
        near={PHIA: "realistic possibility"},
    ),
    Expression(
        ("roughly even odds", "even odds"), own={ICD: "roughly even odds"}, near={PHIA: "realistic possibility"}
    ),
    Expression(("as likely as not",), near={ICD: "roughly even chance", PHIA: "realistic possibility"}),
    Expression(("realistic possibility",), own={PHIA: "realistic possibility"}, near={ICD: "roughly even chance"}),
    Expression(
        ("chances about even", "chances are about even"),
        own={KENT: "chances about even"},
        near={ICD: "roughly even chance", PHIA: "realistic possibility"},
    ),
    Expression(("likely",), own={ICD: "likely", PHIA: "likely"}, denial_is_complement=True),
    Expression(("probable", "probably"), own={ICD: "probable", PHIA: "probable"}, denial_is_complement=True),
    Expression(("very likely",), own={ICD: "very likely"}, near={PHIA: "highly likely"}),
    Expression(("highly likely",), own={PHIA: "highly likely"}, near={ICD: "very likely"}),
    Expression(
        ("highly probable", "very probable", "very probably"),
        own={ICD: "highly probable"},
        near={PHIA: "highly likely"},
    ),
    Expression(("almost certain", "almost certainly"), own={ICD: "almost certain", PHIA: "almost certain"}),
    Expression(("nearly certain", "nearly certainly"), own={ICD: "nearly certain"}, near={PHIA: "almost certain"}),
)

# Comparisons estimate no band of probability; they are matched only so that the "likely"
# inside them is not read as the term.
NOT_ESTIMATES: tuple[str, ...] = (
    "more likely",
    "most likely",
    "less likely",
    "least likely",
    "equally likely",
    "as likely",
    "more probable",
    "most probable",
    "less probable",
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

# What no term holds: a term is words joined by white space or hyphens.
_NOT_IN_TERM = re.compile(r"[^\w\s-]")
_BETWEEN_WORDS = re.compile(r"[\s-]+")

# Parts of words one of which every phrase above contains (tests/test_fast_paths.py checks it):
# a text with none of them needs no scan. Few and short, as each is one search of the text.
_TERM_CUES = ("likel", "probab", "chance", "certain", "possib", "odds", "remote")
_CONFIDENCE_CUES = ("confiden",)
# Every probability pattern below holds "%", "per cent" (or "percent") or one of these words.
_PERCENT_CUES = ("%", "chance", "odds", "probab", "likelihood")
_PER_CENT = re.compile(r"per\s?cent")
# re.IGNORECASE also matches "ı" to "i" and "ſ" to "s"; a text with either is always scanned.
_UNFOLDED = ("ı", "ſ")

# "not" (or "n't") just before a term, perhaps with a softener: the estimate is denied.
# "probably, if not almost certainly" widens an estimate rather than denying one.
_DENIAL_BEFORE = re.compile(
    r"(\bif\s+)?(?:\bnot|\b\w*n['’]t)\s+(?:(?:at\s+all|all\s+that|that|so|too|especially|particularly|terribly|even)\s+)?$",
    re.IGNORECASE,
)
_AUXILIARY = r"(?:to|will|would|shall|should|can|could|may|might|must|do|does|did|is|are|was|were|be|has|have|had)"
# "not" (or "never", "won't" …) just after a term: the term rates an event that does not happen.
# This pattern and the next two are matched where a term ends; the look-behind, true there,
# keeps a search through a run of white space from reading the rest of the run at each space.
_NEGATION_AFTER = re.compile(
    rf"(?<!\s)\s+(?:{_AUXILIARY}\s+)?(?:not(?!\s+only\b)|never)\b"
    r"|(?<!\s)\s+(?:wo|ca|do|does|did|is|are|was|were|would|could|should|must|has|have|had)n['’]t\b",
    re.IGNORECASE,
)
# A determiner or possessive before an adjectival term that qualifies the next word ("Russia's
# likely priority", "the almost certain withdrawal"): the term rates that thing, not the statement.
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|our|your|my|this|these|those|whose|each|every|any|one)"
    r"|(?P<possessive>\b(?!(?:it|that|there|here|what|who|he|she|where|let)['’]s\b)[^\W\d_]+['’]s"
    r"|\b[^\W\d_]+s['’]|\bher))\s+$",
    re.IGNORECASE,
)
_ADJECTIVES = frozenset(("likely", "unlikely", "probable", "improbable", "certain"))
_NEXT_WORD = re.compile(r"(?<!\s)\s+([^\W\d_][\w'’-]*)", re.IGNORECASE)
# After "Russia's" the term may be predicative ("Russia's likely to stay" is "Russia is …").
_PREDICATIVE_NEXT = frozenset(
    "to that than if as and or but be been being going gone got not never remain stay".split()
)

_LEVEL = r"(?:high|moderate|medium|low)"
# What no match of _CONFIDENCE holds (each holds "confiden"): it is searched only between them.
_NOT_IN_CONFIDENCE = re.compile(r"[.;:!?]")
_CONFIDENCE = re.compile(
    rf"\b{_LEVEL}[\s-]+(?:(?:degree|level)\s+of\s+)?confidence\b"
    # What the confidence is in starts and ends with a character other than white space: were it
    # "any 1 to 60 characters" between runs of white space, each length would read them again.
    rf"|\bconfidence(?:\s+level)?\s+(?:(?:in|about|on)\s+[^\s.;:!?\n](?:[^.;:!?\n]{{0,58}}?[^\s.;:!?\n])?\s+)?"
    rf"(?:is|remains|stays|was|are|were)\s+(?:only\s+|very\s+|fairly\s+|relatively\s+|still\s+)?{_LEVEL}\b"
    r"|\b(?:highly|moderately|fairly|reasonably|very|quite|somewhat|extremely)\s+confident\b"
    r"|\b(?:we|I)\s+(?:are|am|remain|feel)\s+confident\b",
    re.IGNORECASE,
)

# "70%", "70-80%", "70% to 80%", "70 per cent". Every run of white space stands between two
# things that are not white space: `\s*(?:%)?\s*` would split a run of spaces in every way.
_PERCENT = r"(\d{1,3}(?:\.\d+)?)\s*(?:(?:%|per\s?cent)\s*)?(?:(?:-|–|—|to)\s*(\d{1,3}(?:\.\d+)?)\s*)?(?:%|per\s?cent)"
_ABOUT = r"(?:about\s+|around\s+|roughly\s+|some\s+|~\s*)?"
_AFTER_TERM = re.compile(
    rf"(?<!\s)\s*\(\s*(?:at\s+)?{_ABOUT}{_PERCENT}\s*\)"
    # "likely, at 90%, …": unbracketed, the number must end the phrase ("likely at 90% strength" is no chance)
    rf"|(?<!\s)(?:,\s*|\s+)(?:at|around|about|roughly)\s+{_ABOUT}{_PERCENT}(?=\s*(?:[,;:.)!?]|$))",
    re.IGNORECASE,
)
_CHANCE = re.compile(
    r"\b" + _PERCENT + r"\s+(?:chance|probability|likelihood|odds|likely|probable)\b"
    r"|\b(?:chance|probability|likelihood|odds)\s+of\s+" + _ABOUT + _PERCENT,
    re.IGNORECASE,
)
# A probability as a fraction: only next to a word that makes it one ("a probability of 0.9");
# a bare 0.9 is as often kilometres or a ratio.
_FRACTION = r"(0?\.\d+|1\.0+)(?![\d%]|\s*per\s?cent)"
_DECIMAL = re.compile(
    r"\b(?:chance|probability|likelihood)\s+of\s+"
    + _ABOUT
    + r"(?<![\w.])"
    + _FRACTION
    + r"|(?<![\w.])"
    + _FRACTION
    + r"\s+(?:chance|probability|likelihood)\b",
    re.IGNORECASE,
)
_COUNTS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"hundred": 100, "a hundred": 100, "thousand": 1000, "a thousand": 1000}
_COUNT = r"(\d{1,4}|" + "|".join(sorted((w.replace(" ", r"\s+") for w in _COUNTS), key=len, reverse=True)) + ")"
_IN = _COUNT + r"[\s-]+(?:in|out[\s-]+of)[\s-]+" + _COUNT
# "a nine in ten chance", "odds of one in five", "chances are three in four"
_RATIO = re.compile(
    r"\b" + _IN + r"[\s-]+(?:chance|odds)\b"
    r"|\b(?:chances?|odds|probability|likelihood)\s+(?:of|is|are)\s+" + _ABOUT + _IN + r"\b",
    re.IGNORECASE,
)

# _CHANCE needs "%" or "cent" (of "per cent"); _DECIMAL a "." before a digit; each match of
# _RATIO holds one of its cues, and lies in a stretch of word characters, spaces, "~" and "-".
_DOT_DIGIT = re.compile(r"\.\d")
_RATIO_CUES = ("chance", "odds", "probab", "likelihood")
_NOT_IN_RATIO = re.compile(r"[^\w\s~-]")

# Passages that are not the analyst's own words: quotations, code, link targets, URLs. A
# quotation opens at the start of a word and closes at the end of one, and never runs past
# a paragraph, so that an inch mark (6") or an apostrophe (Russia's, don't) opens none. No
# quotation runs past another opening mark of its kind, nor a link target past a "]", nor an
# autolink past a "<": each search from an opening mark then ends before the next one starts,
# and a text of opening marks alone is read once, not once per mark (up to 1,000 characters).
_IN_PARAGRAPH = r"(?!\n[ \t]*\n)"
_NOT_OWN_WORDS = re.compile(
    rf'(?<![\w"])"(?=\S)(?:{_IN_PARAGRAPH}[^"]){{0,1000}}(?<=\S)"(?!\w)'
    + rf"|“(?:{_IN_PARAGRAPH}[^“”]){{0,1000}}”|«(?:{_IN_PARAGRAPH}[^«»]){{0,1000}}»"
    + rf"|(?<![\w'’])'(?=[^\W\d])(?:{_IN_PARAGRAPH}[^']|(?<=\w)'(?=\w)){{0,1000}}?(?<=\S)'(?!\w)"
    + rf"|(?<!\w)‘(?=\S)(?:{_IN_PARAGRAPH}[^‘’]|(?<=\w)’(?=\w)){{0,1000}}?(?<=\S)’(?!\w)"
    + r"|`[^`]*`|\]\([^)\]]*\)|<https?://[^<>]*>|https?://\S+|^[ \t]*>.*$",
    re.MULTILINE,
)

# The first character of every match of _NOT_OWN_WORDS ("h" of a URL: "//"; "^ >": ">"), for
# the many texts that hold none to skip its search (tests/test_fast_paths.py checks it).
_OPENERS = ('"', "“", "«", "'", "‘", "`", "](", "<", "//", ">")

# A sentence ends at a run of stops and closing marks before white space that no lower-case
# ASCII letter follows ("(?<![.!?])[.!?]+[\"”’)\]]*(?=\s)(?!\s+[a-z])"), at a paragraph break, or
# before a list item. The stops are searched for in the text reversed, from the white space
# after them: each search starts only at white space (the engine skips the rest at C speed), so
# a run of 50,000 stops costs no step for each stop. Group 1 is the run and its closing marks.
_SENTENCE_END = re.compile(r"\s(?<![\sa-z]\s)\s*([\"”’)\]]*[.!?]+)(?![.!?])")
_BREAK = re.compile(r"\n(?:[ \t]*\n|(?=[ \t]*(?:[-*+]|\d+[.)])\s))")
_NEXT_VISIBLE = re.compile(r"(?<!\s)\s*(\S)")  # matched after a stop
_VISIBLE = re.compile(r"\S")
_WORD = re.compile(r"\S*")
_INITIALS = re.compile(r"\(?(?:[a-z]\.)+")
# A Latin-1 text's characters as the two sides of a sentence end tell them apart (`_may_end`):
# a stop "." and a closing mark or white space (as `\s` reads it) " ", the rest "o"; white space
# " ", a lower-case ASCII letter "a" and anything else "N".
_LATIN_1 = [chr(byte) for byte in range(256)]
_STOP_SIDE = "".join("." if c in ".!?" else " " if c in '")]' or c.isspace() else "o" for c in _LATIN_1).encode()
_SPACE_SIDE = "".join(" " if c.isspace() else "a" if "a" <= c <= "z" else "N" for c in _LATIN_1).encode()
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "cf.", "vs.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "approx.", "gen."}


@dataclass(frozen=True)
class Use:
    """One likelihood expression as written in a text, with where it stands and how it is read.

    `negation` is "event" when the term governs a negated event ("probably not"), "denial"
    when a "not" in front denies the estimate ("not likely"). `attributive` marks an
    adjective that qualifies a noun ("Russia's likely priority") rather than the statement.
    """

    written: str
    expression: Expression
    start: int
    end: int
    negation: str = ""
    attributive: bool = False

    def is_own(self, scale: Scale) -> bool:
        return self.expression.is_own(scale)

    def term(self, scale: Scale) -> Term | None:
        """The scale's term for what the wording says of the event: the complement under a negation."""
        term = self.expression.term(scale)
        return scale.complement(term) if term is not None and self.negation else term

    def readings(self, scale: Scale) -> tuple[Term, ...]:
        """The terms a likelihood field may hold for this wording to agree with it.

        "Patrols will almost certainly not stop" rates "patrols stop" as 'almost no chance',
        or "patrols will not stop" as 'almost certain': a field may rate either.
        """
        readings = [self.term(scale)]
        if self.negation == "event":
            readings.append(self.expression.term(scale))
        return tuple(dict.fromkeys(term for term in readings if term is not None))


@dataclass(frozen=True)
class Stated:
    """A probability written as a number (or a range of numbers) in a text."""

    written: str
    low: float
    high: float
    start: int
    after: Use | None = None
    end: int = 0


# The checks ask about the same texts many times (one scan per check otherwise): keep the
# answers for the texts of the latest briefs.
@lru_cache(maxsize=512)
def own_words(text: str) -> str:
    """The text with quotations, code and link targets blanked out (offsets kept)."""
    # Each first character first: a look for one runs at memory speed, one for two ("](", "//")
    # steps through the text.
    if not any(opener[0] in text and opener in text for opener in _OPENERS):
        return text
    return _NOT_OWN_WORDS.sub(lambda m: _VISIBLE.sub(" ", m.group(0)), text)


def _may_hold(text: str, cues: tuple[str, ...]) -> bool:
    """False when no case-insensitive match of a pattern containing one of `cues` can be in `text`."""
    lowered = _lowered(text)
    if lowered.isascii():
        return not _cues_held(lowered).isdisjoint(cues)
    return _cued(lowered, cues)


def _may_state(text: str) -> bool:
    """False when `text` can hold no probability written as a number (see _PERCENT_CUES)."""
    lowered = _lowered(text)
    if lowered.isascii():
        return not _cues_held(lowered).isdisjoint(_STATED_CUES)
    return _states(lowered)


def _cued(lowered: str, cues: tuple[str, ...]) -> bool:
    return any(cue in lowered for cue in cues) or any(char in lowered for char in _UNFOLDED)


def _states(lowered: str) -> bool:
    return _cued(lowered, _PERCENT_CUES) or _PER_CENT.search(lowered) is not None


@dataclass(frozen=True)
class Screen:
    """Which kinds of wording a text may hold at all (False: it holds none)."""

    terms: bool
    confidence: bool
    probabilities: bool


# Every cue as UTF-8, with the kinds of wording it may begin (bits: 1 terms, 2 confidence,
# 4 probabilities): "likelihood" is a cue of terms ("likel") and of probabilities.
_CUE_KINDS: dict[bytes, int] = {
    cue.encode(): (cue in _TERM_CUES or cue == "likelihood")
    | (cue in _CONFIDENCE_CUES) << 1
    | (cue in _PERCENT_CUES) << 2
    for cue in (*_TERM_CUES, *_CONFIDENCE_CUES, *_PERCENT_CUES)
}
_SCREENS = [Screen(bool(kind & 1), bool(kind & 2), bool(kind & 4)) for kind in range(8)]
_BETWEEN = "\x00"  # joins the texts searched together (a brief's text holds no NUL: BG114)
# Cues are made of ASCII letters and "%": every other byte goes before the cues are looked for
# (`_cues_held`, `screens`), which a cue's letters survive side by side; "per cent" and its other
# spellings become "percent". So each look is through a shorter text, never through a run of
# characters that no cue holds (a field of 50,000 full stops), and finds no less than before.
_NOT_CUES = bytes(sorted(set(range(256)) - set(b"abcdefghijklmnopqrstuvwxyz%")))
_NOT_CUES_NOR_BETWEEN = bytes(sorted(set(_NOT_CUES) - {0}))
# Every cue and "percent" (what "per cent" is among the letters), found in one pass of an
# Aho-Corasick automaton: a look for each cue in turn reads the letters once per cue, and slowly
# where they repeat a letter of the cue ("chance" through the 16,650 "a"s of "… a. a. a").
_CUES = (*_CUE_KINDS, b"percent")
_KIND_OF_CUE = (*_CUE_KINDS.values(), 4)
_CUE_NAMES = tuple(cue.decode() for cue in _CUES)
_CUE_AUTOMATON = ahocorasick_rs.BytesAhoCorasick(list(_CUES))
_STATED_CUES = (*_PERCENT_CUES, "percent")


def screens(texts: Sequence[str]) -> list[Screen]:
    """Which kinds of wording each text may hold, from one search for all the cues through all of
    them together: most of a brief's texts hold no cue, and a look at each text for each kind
    costs more than the scans it saves."""
    joined = _BETWEEN.join(texts)
    if any(char in joined for char in _UNFOLDED + ("\u212a",)):
        return _each_screened(texts)
    # Lower-cased as UTF-8 bytes, twice as fast as str.lower(): only ASCII letters change, and
    # the cues are ASCII; the only other characters that match one, ignoring case, are "ı", "ſ",
    # the Kelvin sign (which str.lower() makes "k") and "İ" (never found: see _may_hold).
    letters = joined.encode("utf-8", "surrogatepass").lower().translate(None, _NOT_CUES_NOR_BETWEEN)
    starts = [0, *(at + 1 for at in _occurrences(letters, b"\x00"))]
    if len(starts) != len(texts):  # pragma: no cover - a text with a NUL in it
        return _each_screened(texts)
    kinds = [0] * len(texts)
    for cue, at, _ in _CUE_AUTOMATON.find_matches_as_indexes(letters, overlapping=True):
        kinds[bisect_right(starts, at) - 1] |= _KIND_OF_CUE[cue]
    return [_SCREENS[kind] for kind in kinds]


def _each_screened(texts: Sequence[str]) -> list[Screen]:
    return [Screen(_may_hold(text, _TERM_CUES), _may_hold(text, _CONFIDENCE_CUES), _may_state(text)) for text in texts]


@lru_cache(maxsize=512)
def _cues_held(lowered: str) -> frozenset[str]:
    """The cues that an ASCII text lower-cased holds among its letters and "%" (see _NOT_CUES)."""
    letters = lowered.encode("ascii").translate(None, _NOT_CUES)
    return frozenset(_CUE_NAMES[cue] for cue, _, _ in _CUE_AUTOMATON.find_matches_as_indexes(letters, overlapping=True))


@lru_cache(maxsize=512)
def _lowered(text: str) -> str:
    return text.lower()


def find_terms(text: str) -> list[Use]:
    """Every likelihood estimate in the analyst's own words, longest match first."""
    return list(_scan(text)[0])


def find_denials(text: str) -> list[Use]:
    """Every denied estimate ("not very likely", "not almost certain"): no band, only not this one."""
    return list(_scan(text)[1])


@lru_cache(maxsize=512)
def _scan(text: str) -> tuple[tuple[Use, ...], tuple[Use, ...]]:
    if not _may_hold(text, _TERM_CUES):
        return (), ()
    words = own_words(text)
    uses: list[Use] = []
    denials: list[Use] = []
    for match in _near(_TERMS, _TERM_CUES, _NOT_IN_TERM, words, _lowered(text)):
        expression = _BY_PHRASE.get(_normal(match.group(0)))
        if expression is None:  # a comparison ("more likely"), or a spelling no phrase folds to
            continue
        start, end, negation, attributive = match.start(), match.end(), "", False
        before = words[max(0, start - 40) : start]
        denial = _DENIAL_BEFORE.search(before) if _may_deny(before) else None
        after = _NEGATION_AFTER.match(words, end)
        if denial and not denial.group(1):
            start, negation = start - len(before) + denial.start(), "denial"
        elif after:
            end, negation = after.end(), "event"
        else:
            attributive = _attributive(words, match, before)
        use = Use(text[start:end], expression, start, end, negation, attributive)
        (denials if negation == "denial" and not expression.denial_is_complement else uses).append(use)
    return tuple(uses), tuple(denials)


def _near(
    pattern: re.Pattern[str], cues: tuple[str, ...], outside: re.Pattern[str], words: str, lowered: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(words)`, searched only in the stretches of `words` around its `cues`
    (`lowered` is the text lower-cased). Each match of `pattern` holds one of `cues` and no
    character that `outside` finds, so it lies within one stretch between two such characters;
    they are no word characters, which is what `\\b` takes the ends of a text to be."""
    if len(lowered) != len(words) or any(char in words for char in _UNFOLDED):
        yield from pattern.finditer(words)  # a cue can hide ("poſſible") or lowering moved the offsets
        return
    if lowered.isascii():  # each look for a cue missing from the text would read all of it
        held = _cues_held(lowered)
        cues = tuple(cue for cue in cues if cue in held)
    found = sorted(at for cue in cues for at in _occurrences(lowered, cue))
    if not found:
        return
    # Each stretch's ends are found by searches of the pattern engine, each through the text not
    # searched yet: a list of every edge would cost a Python object per edge (a field of 50,000
    # full stops), and a search from each cue back to the text's start would be quadratic.
    last_edge = _LAST_EDGE.get(outside) or _LAST_EDGE.setdefault(outside, re.compile(rf"(?s:.*)({outside.pattern})"))
    unsearched = 0
    for at in found:
        if at < unsearched:
            continue
        before = last_edge.match(words, unsearched, at)
        after = outside.search(words, at)
        end = after.start() if after else len(words)
        yield from pattern.finditer(words, before.start(1) + 1 if before else unsearched, end)
        if after is None:
            return
        unsearched = end + 1


# For each pattern of edges, one that finds the last edge in a stretch of text (see _near).
_LAST_EDGE: dict[re.Pattern[str], re.Pattern[str]] = {}


def _occurrences(text: AnyStr, part: AnyStr) -> Iterator[int]:
    """Where `part` starts in `text`, each place in order."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def _may_deny(before: str) -> bool:
    """False when `before` holds no "not" nor "n't", without which _DENIAL_BEFORE finds nothing."""
    lowered = before.lower()
    return "not" in lowered or "n't" in lowered or "n’t" in lowered


def _last_word(text: str) -> int:
    """Where the last run of characters other than white space in `text` starts."""
    body = text.rstrip()
    return max(body.rfind(" "), body.rfind("\n"), body.rfind("\t")) + 1 if body else 0


def _attributive(words: str, match: re.Match[str], before: str) -> bool:
    """Whether an adjectival term stands between a determiner and the word it qualifies."""
    if _normal(match.group(0)).split()[-1] not in _ADJECTIVES:
        return False  # an adverb ("probably", "almost certainly") or a noun ("a remote chance")
    # A determiner is the last word before the term: the search starts there, not 40 characters back.
    determiner = _DETERMINER_BEFORE.search(before, _last_word(before))
    following = _NEXT_WORD.match(words, match.end())
    if determiner is None or following is None:
        return False
    word = following.group(1).lower()
    if determiner.group("possessive") and (word in _PREDICATIVE_NEXT or word.endswith("ed")):
        return False
    return True


def find_confidence(text: str) -> list[re.Match[str]]:
    """Every phrase that states a confidence level ("high confidence", "confidence is low")."""
    if not _may_hold(text, _CONFIDENCE_CUES):
        return []
    return list(_near(_CONFIDENCE, _CONFIDENCE_CUES, _NOT_IN_CONFIDENCE, own_words(text), _lowered(text)))


def stated_probabilities(text: str) -> list[Stated]:
    """Probabilities written as numbers: after a term ("likely (70%)", "likely, at 70%"), or as a
    chance ("a 70% chance", "a probability of 0.7", "seven in ten odds")."""
    if not _may_state(text):
        return []
    words = own_words(text)
    found = []
    for use in find_terms(text):
        match = _AFTER_TERM.match(words, use.end)
        if match:
            found.append(_stated(text, match, _numbers(match), use))
    lowered = _lowered(text)
    # Each pattern is searched only where it can match (tests/test_fast_paths.py checks each way).
    for match in _CHANCE.finditer(words) if "%" in words or "cent" in lowered else ():
        found.append(_stated(text, match, _numbers(match), None))
    for match in _DECIMAL.finditer(words) if _DOT_DIGIT.search(words) else ():
        found.append(_stated(text, match, [100 * n for n in _numbers(match)], None))
    for match in _near(_RATIO, _RATIO_CUES, _NOT_IN_RATIO, words, lowered):
        part, whole = (_count(g) for g in match.groups() if g is not None)
        if 0 <= part <= whole and whole:
            found.append(_stated(text, match, [round(100 * part / whole, 1)], None))
    return sorted(found, key=lambda stated: stated.start)


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence: split at full stops, paragraph breaks and list items."""
    return _sentences(text)


# Several checks split the same texts (the bottom line's twice): each is split once.
@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_split(text))


def _split(text: str) -> Iterator[tuple[int, int]]:
    """Linear in the text: a stop before a lower-case ASCII letter is passed over by the pattern
    itself, and each look around any other stop reads only the word before it and the white space
    after it (a sentence end is followed by white space, so these never overlap)."""
    start = 0
    backwards = text[::-1] if _may_end(text) else ""
    for at, end in _ends(text, backwards):
        if text[at] in ".!?":
            if text[at] == "." and _abbreviation(_word_before(backwards, len(text) - at - 1)):
                continue
            following = _NEXT_VISIBLE.match(text, end)
            if following and following.group(1).islower():
                continue
        if _VISIBLE.search(text, start, end):
            yield start, end
        start = end
    if _VISIBLE.search(text, start):
        yield start, len(text)


def _ends(text: str, backwards: str) -> list[tuple[int, int]]:
    """(start, end) of each place where a sentence may end, in order: the runs of stops that
    _SENTENCE_END finds in the text reversed (`backwards`, "" where no stop can end one: see
    `_may_end`), and the breaks (which hold no stop, so that the two never overlap)."""
    size = len(text)
    breaks = [(match.start(), match.end()) for match in _BREAK.finditer(text)]
    stops = [(size - match.end(1), size - match.start(1)) for match in _SENTENCE_END.finditer(backwards)]
    stops.reverse()
    return sorted(stops + breaks) if breaks else stops


def _may_end(text: str) -> bool:
    """False when no stop in `text` can end a sentence, known from bytes operations that read it at
    C speed (a Latin-1 text): a stop ends one only where it meets a closing mark or white space
    (". " among `_STOP_SIDE`, between the first stop and the last such mark), and white space
    meets something other than more of it or a lower-case letter (" N" among `_SPACE_SIDE`, or
    white space at the end). The pattern stops at every space of the text reversed, and reads
    each character for one; in 50,000 characters of ". a" (16,650 spaces, each before an "a")
    or of full stops after the last space, one of the two pairs never stands."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    sides = data.translate(_STOP_SIDE)
    if sides.find(b". ", sides.find(b"."), sides.rfind(b" ") + 1) < 0:
        return False
    meets = data.translate(_SPACE_SIDE)
    return b" N" in meets or meets.endswith(b" ")


def _stated(text: str, match: re.Match[str], numbers: list[float], after: Use | None) -> Stated:
    written = text[match.start() : match.end()]
    start = match.start() + len(written) - len(written.lstrip(" \t\n,"))
    return Stated(written.strip(" \t\n,"), min(numbers), max(numbers), start, after, match.end())


def _numbers(match: re.Match[str]) -> list[float]:
    return [float(g) for g in match.groups() if g is not None]


def _count(written: str) -> int:
    return int(written) if written.isdigit() else _COUNTS[" ".join(written.lower().split())]


def _word_before(backwards: str, at: int) -> str:
    """The word (run of characters other than white space) that ends where the reversed text
    `backwards` has `at`: read backwards from there, no further than the word."""
    return _WORD.match(backwards, at).group(0)[::-1]  # type: ignore[union-attr]


def _abbreviation(token: str) -> bool:
    token = token.lower()
    return token in _ABBREVIATIONS or _INITIALS.fullmatch(token) is not None


def _normal(written: str) -> str:
    # As the case-blind search matched it: "LİKELY" (a dotted capital I) and "ſ" (a long s) too.
    return " ".join(_BETWEEN_WORDS.split(written.casefold().replace("\u0307", "")))
