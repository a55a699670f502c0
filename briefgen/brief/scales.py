"""Tradecraft vocabularies: likelihood scales, confidence, Admiralty grades, TLP markings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One estimative term and the probability range (in percent) it stands for."""

    term: str
    low: int
    high: int
    row: str = ""

    @property
    def range_label(self) -> str:
        return f"{self.low}–{self.high}%"


@dataclass(frozen=True)
class Scale:
    """A named likelihood scale, its terms ordered from least to most likely."""

    name: str
    title: str
    terms: tuple[Term, ...]
    note: str

    def find(self, term: str) -> Term | None:
        for candidate in self.terms:
            if candidate.term == term:
                return candidate
        return None

    def rank(self, term: str) -> int | None:
        """Position of `term` on the scale's ladder (terms of ICD 203's two rows share ranks)."""
        found = self.find(term)
        return None if found is None else self.ranges().index((found.low, found.high))

    def complement(self, term: Term) -> Term | None:
        """The term for the event not happening: 'almost no chance' for 'almost certain' (same row first)."""
        mirrored = [t for t in self.terms if (t.low, t.high) == (100 - term.high, 100 - term.low)]
        return next((t for t in mirrored if t.row == term.row), mirrored[0] if mirrored else None)

    def ranges(self) -> list[tuple[int, int]]:
        seen: list[tuple[int, int]] = []
        for term in self.terms:
            if (term.low, term.high) not in seen:
                seen.append((term.low, term.high))
        return seen


ICD_203 = Scale(
    name="ICD-203",
    title="US Intelligence Community Directive 203",
    terms=(
        Term("almost no chance", 1, 5, "likelihood"),
        Term("remote", 1, 5, "probability"),
        Term("very unlikely", 5, 20, "likelihood"),
        Term("highly improbable", 5, 20, "probability"),
        Term("unlikely", 20, 45, "likelihood"),
        Term("improbable", 20, 45, "probability"),
        Term("roughly even chance", 45, 55, "likelihood"),
        Term("roughly even odds", 45, 55, "probability"),
        Term("likely", 55, 80, "likelihood"),
        Term("probable", 55, 80, "probability"),
        Term("very likely", 80, 95, "likelihood"),
        Term("highly probable", 80, 95, "probability"),
        Term("almost certain", 95, 99, "likelihood"),
        Term("nearly certain", 95, 99, "probability"),
    ),
    note=(
        "Two equivalent rows of terms; a product should use one row, or say that the terms of both rows mean the same."
    ),
)

PHIA = Scale(
    name="PHIA",
    title="UK Professional Head of Intelligence Assessment Probability Yardstick",
    terms=(
        Term("remote chance", 0, 5),
        Term("highly unlikely", 10, 20),
        Term("unlikely", 25, 35),
        Term("realistic possibility", 40, 50),
        Term("likely", 55, 75),
        Term("probable", 55, 75),
        Term("highly likely", 80, 90),
        Term("almost certain", 95, 100),
    ),
    note=(
        "The yardstick leaves deliberate gaps between ranges so that nobody argues at a "
        "boundary. Ranges are as quoted second-hand; check them against your service's copy."
    ),
)

SCALES: dict[str, Scale] = {scale.name: scale for scale in (ICD_203, PHIA)}

ALL_TERMS: tuple[str, ...] = tuple(dict.fromkeys(term.term for scale in SCALES.values() for term in scale.terms))

CONFIDENCE_LEVELS = ("low", "moderate", "high")

CONFIDENCE_MEANING = {
    "high": "Sound reasoning on high-quality, consistent reporting from several sources.",
    "moderate": "Credibly sourced and plausible, but not of sufficient quality or corroboration for high confidence.",
    "low": "Questionable or fragmentary information, or significant concerns about the sources.",
}

RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}

CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


@dataclass(frozen=True)
class Tlp:
    """A Traffic Light Protocol 2.0 label with its colours and sharing rule."""

    label: str
    colour: str
    sharing: str


TLP_LABELS: dict[str, Tlp] = {
    tlp.label: tlp
    for tlp in (
        Tlp("TLP:RED", "#FF2B2B", "For the eyes and ears of named recipients only."),
        Tlp("TLP:AMBER+STRICT", "#FFC000", "Recipients' own organisation only."),
        Tlp("TLP:AMBER", "#FFC000", "Recipients' organisation and its clients, on a need-to-know basis."),
        Tlp("TLP:GREEN", "#33FF00", "The recipients' community, not public channels."),
        Tlp("TLP:CLEAR", "#FFFFFF", "No limit on disclosure."),
    )
}


def grade_label(reliability: str, credibility: int | None) -> str:
    """The Admiralty grade written out, the same everywhere: `B2 — usually reliable; probably true`
    (without a passage's credibility, `B — usually reliable`)."""
    words = RELIABILITY[reliability].lower()
    if credibility is None:
        return f"{reliability} — {words}"
    return f"{reliability}{credibility} — {words}; {CREDIBILITY[credibility].lower()}"


def credibility_label(credibility: int) -> str:
    """A passage's credibility written out, as in its full grade: `2 — probably true`."""
    return f"{credibility} — {CREDIBILITY[credibility].lower()}"
