"""A deterministic corpus of realistic synthetic briefs for the benchmarks.

Every brief has the shape the issue names (by default 10 key judgments, 5 scenarios,
30 indicators, 8 sources with 50 KB archived texts each), prose of the length analysts
write (each judgment and scenario opening with an estimate in its term's words, each
judgment's rationale stating its confidence, so that the wording checks have work to do),
and quotes taken verbatim from its own archives the way analysts take them: typographic quotes, dashes and non-breaking spaces typed as ASCII or pasted as they are,
passages that cross the archive's hard line breaks, Markdown link residue, `...` elisions.
The same seed gives byte-identical files, and a generated corpus is reused while its
parameters and this file are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from briefgen.render.compose import MONTHS

OUT = Path(__file__).resolve().parent / "out"

LIKELIHOOD = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
# Mutually exclusive scenarios share about 100% between them.
SCENARIO_LIKELIHOOD = ("likely", "unlikely", "very unlikely", "very unlikely", "almost no chance")
KINDS = ("news_report", "analysis", "official_statement", "academic_paper", "interview", "dataset")


@dataclass(frozen=True)
class Shape:
    """How big each generated brief is."""

    key_judgments: int = 10
    scenarios: int = 5
    indicators: int = 30
    implications: int = 5
    assumptions: int = 4
    gaps: int = 3
    sources: int = 8
    archive_bytes: int = 50_000


ACTORS = (
    "Russia’s military police",
    "the Syrian Arab Army",
    "Turkish-backed factions",
    "the Kurdish-led SDF",
    "Israeli forces",
    "Iranian advisers",
    "the transitional government",
    "Hezbollah units",
    "US Central Command",
    "UN observers",
    "the Ministry of Defence",
    "Jordanian border guards",
    "local councils in Daraa",
    "the General Security Service",
    "Wagner veterans",
    "the Russian embassy",
    "Gulf donors",
    "the Druze militias of Suwayda",
    "the coastal governorates",
    "Ankara’s envoy",
)
VERBS = (
    "resumed patrols along",
    "withdrew a company from",
    "reinforced its positions near",
    "negotiated access to",
    "announced an inspection of",
    "suspended flights over",
    "reopened a post at",
    "handed control of",
    "opened talks on",
    "redeployed air defences to",
    "surveyed the approaches to",
    "signed a memorandum on",
    "rotated its garrison at",
    "fortified the crossing at",
    "expanded its presence around",
    "denied any role in",
)
PLACES = (
    "Qamishli",
    "Tartus",
    "Hmeimim",
    "Quneitra",
    "Beit Jinn",
    "Daraa",
    "Deir ez-Zor",
    "Palmyra",
    "al-Tanf",
    "Manbij",
    "Kobani",
    "Latakia",
    "Jableh",
    "the M4 highway",
    "the Golan line",
    "Suwayda",
    "Homs",
    "Aleppo airport",
    "the Euphrates crossings",
    "Raqqa",
)
SAYERS = (
    "officials said",
    "a Syrian government source told reporters",
    "according to a defence attaché",
    "the ministry’s statement read",
    "two residents reported",
    "satellite imagery suggests",
    "a Russian expert argued",
    "diplomats in Amman confirmed",
    "the report claims",
    "state media announced",
)
THINGS = (
    "fuel supplies",
    "armoured vehicles",
    "helicopter sorties",
    "checkpoints",
    "advisers",
    "radar sites",
    "ammunition depots",
    "engineering teams",
    "liaison officers",
    "relief convoys",
    "drones",
    "patrol routes",
)
QUALIFIERS = (
    "for the first time since December 2024",
    "despite objections from Jerusalem",
    "under a deal still being negotiated",
    "without informing local commanders",
    "as part of a wider “status review”",
    "within days of the Moscow visit",
    "after weeks of quiet contacts",
    "while talks on the bases continued",
    "in what observers called a test of intentions",
    "pending approval from the presidency",
)
LINKS = (
    "[Kommersant](https://www.kommersant.ru/doc/1)",
    "[the agreement](#)",
    "[fuel](#)",
    "[Enab Baladi](https://english.enabbaladi.net/archives/2025)",
    "[the memorandum](#note-3)",
)

_ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "\u00a0": " ", "\n": " "})
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()\s]*\)")
_YAML_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"'})


def sentence(rng: random.Random) -> str:
    """One sentence of reporting, with the typographic habits of published text."""
    actor, place = rng.choice(ACTORS), rng.choice(PLACES)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.choice((2024, 2025, 2026))
    count = rng.randint(2, 480)
    form = rng.randrange(7)
    if form == 0:
        text = f"{actor} {rng.choice(VERBS)} {place} on {day} {month} {year}, {rng.choice(SAYERS)}."
    elif form == 1:
        text = (
            f"About {count}\u00a0{rng.choice(THINGS)} were moved to {place} {rng.choice(QUALIFIERS)} — "
            f"{rng.choice(SAYERS)} — a figure that could not be verified independently."
        )
    elif form == 2:
        text = (
            f"“We will not accept {rng.choice(THINGS)} at {place},” {rng.choice(SAYERS)}, adding that "
            f"{actor} had been warned in {month}."
        )
    elif form == 3:
        text = (
            f"Between {year - 1} and {year}, {actor} {rng.choice(VERBS)} {place} "
            f"{rng.choice(QUALIFIERS)}, and {rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)}."
        )
    elif form == 4:
        text = (
            f"The {count}\u00a0km stretch between {place} and {rng.choice(PLACES)} is covered by "
            f"{rng.choice(THINGS)}, {rng.choice(SAYERS)}, citing {rng.choice(LINKS)}."
        )
    elif form == 5:
        text = (
            f"{actor.capitalize() if actor[0].islower() else actor} has not commented on the "
            f"{rng.choice(THINGS)} reported near {place}; {rng.choice(SAYERS)} in {month}."
        )
    else:
        text = (
            f"In {month} {year} {actor} {rng.choice(VERBS)} {place}, {rng.choice(QUALIFIERS)} – "
            f"the {rng.randint(2, 19)}th such move this year."
        )
    return text


def archive(rng: random.Random, size: int, wrapped: bool) -> str:
    """A source's archived text of about `size` bytes; hard-wrapped like a plain-text export if `wrapped`."""
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        if wrapped:
            words = paragraph.split(" ")
            paragraph = "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
        paragraphs.append(paragraph)
        total += len(paragraph.encode()) + 2
    return "\n\n".join(paragraphs) + "\n"


def quote_from(rng: random.Random, text: str) -> str:
    """A verbatim passage of `text` as an analyst would type or paste it, sometimes with an elision."""
    while True:
        words = text.split(" ")
        start = rng.randrange(len(words) - 60)
        length = rng.randint(8, 22)
        first = " ".join(words[start : start + length])
        if rng.random() < 0.25:
            skip = start + length + rng.randint(3, 12)
            passage = first + rng.choice((" ... ", "...", " … ")) + " ".join(words[skip : skip + rng.randint(5, 10)])
        else:
            passage = first
        passage = _LINK.sub(r"\1", passage)
        if "[" in passage or "]" in passage or "(" in passage or ")" in passage or "\n\n" in passage:
            continue
        pasted = rng.random() < 0.3
        return passage.replace("\n", " ") if pasted else passage.translate(_ASCII)


def estimate(rng: random.Random, term: str) -> str:
    """An estimative sentence in the words of the likelihood `term`, as judgments and scenarios open."""
    lead = f"There is {'a ' if term == 'roughly even chance' else ''}{term}" if "chance" in term else f"It is {term}"
    return f"{lead} that {rng.choice(ACTORS)} will have {rng.choice(VERBS)} {rng.choice(PLACES)} by the end of 2026."


def prose(rng: random.Random, sentences: int, sources: int) -> str:
    """Analyst prose: sentences with inline citations."""
    parts = []
    for _ in range(sentences):
        text = plain(rng)
        if rng.random() < 0.5:
            text = text[:-1] + f" [@S{rng.randint(1, sources)}]."
        parts.append(text)
    return " ".join(parts)


def plain(rng: random.Random) -> str:
    """A sentence with its Markdown link residue removed, for use in the brief itself."""
    return _LINK.sub(r"\1", sentence(rng))


def title(rng: random.Random, limit: int) -> str:
    return quoted(plain(rng)[:limit].rstrip(" .,;"))


def folded(text: str, indent: int) -> str:
    """`text` as a YAML folded block scalar, wrapped near 90 columns."""
    pad = " " * indent
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > 92:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return ">-\n" + "\n".join(lines)


def quoted(text: str) -> str:
    return '"' + text.translate(_YAML_ESCAPES) + '"'


def evidence(rng: random.Random, texts: list[str], count: int, order: list[int]) -> list[str]:
    """The YAML lines of an `evidence:` list; `order` deals sources so that every one is cited."""
    lines = ["    evidence:"]
    for _ in range(count):
        source = order.pop() if order else rng.randrange(len(texts))
        lines.append(f"      - source: S{source + 1}")
        lines.append(f"        quote: {quoted(quote_from(rng, texts[source]))}")
        if rng.random() < 0.5:
            lines.append(f"        locator: paragraph {rng.randint(1, 40)}")
        if rng.random() < 0.6:
            lines.append(f"        credibility: {rng.randint(1, 4)}")
    return lines


def brief(rng: random.Random, slug: str, shape: Shape, texts: list[str]) -> str:
    """The text of one brief.yaml citing the archived `texts`."""
    n = shape.sources
    order = list(range(n))
    rng.shuffle(order)
    out = [
        "# yaml-language-server: $schema=../../schemas/brief.schema.json",
        "schema_version: 1",
        f"id: {slug}",
        f"title: {title(rng, 90)}",
        'version: "1.0"',
        "date: 2026-02-02",
        "information_cutoff: 2026-01-31",
        'authors: ["benchmark team"]',
        "marking: TLP:CLEAR",
        "likelihood_scale: ICD-203",
        f"bottom_line: {folded(prose(rng, 6, n), 2)}",
        f"scope_note: {folded(prose(rng, 5, n), 2)}",
        "key_judgments:",
    ]
    for k in range(shape.key_judgments):
        term, confidence = rng.choice(LIKELIHOOD), rng.choice(("low", "moderate", "high"))
        out += [
            f"  - id: KJ{k + 1}",
            f"    statement: {folded(estimate(rng, term) + ' ' + prose(rng, 1, n), 6)}",
            f"    likelihood: {term}",
            f"    confidence: {confidence}",
            f"    rationale: {folded(prose(rng, 7, n) + f' We have {confidence} confidence in this judgment.', 6)}",
        ]
        out += evidence(rng, texts, rng.randint(2, 4), order)
    signalled: dict[int, list[str]] = {s: [] for s in range(shape.scenarios)}
    for i in range(shape.indicators):
        signalled[i % shape.scenarios].append(f"IND{i + 1}")
        signalled[(i + 1) % shape.scenarios].append(f"IND{i + 1}")
    out.append("scenarios:")
    shares = [SCENARIO_LIKELIHOOD[s % len(SCENARIO_LIKELIHOOD)] for s in range(shape.scenarios)]
    rng.shuffle(shares)
    for s in range(shape.scenarios):
        out += [
            f"  - id: SC{s + 1}",
            f"    title: {title(rng, 60)}",
            f"    description: {folded(estimate(rng, shares[s]) + ' ' + prose(rng, 4, n), 6)}",
            f"    likelihood: {shares[s]}",
            '    timeframe: "through 2026"',
            "    drivers:",
        ]
        out += [f"      - {quoted(prose(rng, 1, n))}" for _ in range(rng.randint(2, 4))]
        out.append(f"    indicators: [{', '.join(signalled[s])}]")
    out.append("implications:")
    for m in range(shape.implications):
        follows = sorted({f"KJ{rng.randint(1, shape.key_judgments)}" for _ in range(2)})
        out += [
            f"  - id: IM{m + 1}",
            f"    party: {rng.choice(('United States', 'Israel', 'Turkey', 'Jordan', 'the EU'))}",
            f"    statement: {folded(prose(rng, 3, n), 6)}",
            f"    follows_from: [{', '.join(follows)}]",
        ]
    out.append("indicators:")
    for i in range(shape.indicators):
        out += [
            f"  - id: IND{i + 1}",
            f"    title: {title(rng, 50)}",
            f"    description: {folded(prose(rng, 3, n), 6)}",
            "    signals:",
            f"      - {{scenario: SC{i % shape.scenarios + 1}, direction: raises}}",
            f"      - {{scenario: SC{(i + 1) % shape.scenarios + 1}, direction: lowers}}",
            f"    status: {rng.choice(('not_observed', 'emerging', 'observed', 'receding'))}",
            f"    last_reviewed: 2026-01-{rng.randint(10, 30)}",
        ]
        out += evidence(rng, texts, rng.randint(1, 2), order)
    out.append("assumptions:")
    for a in range(shape.assumptions):
        out += [
            f"  - id: A{a + 1}",
            f"    statement: {folded(prose(rng, 2, n), 6)}",
            f"    rating: {rng.choice(('solid', 'caveated', 'unsupported'))}",
            f"    rationale: {folded(prose(rng, 3, n), 6)}",
            f"    indicators: [IND{rng.randint(1, shape.indicators)}]",
        ]
    out.append("gaps:")
    for g in range(shape.gaps):
        out += [
            f"  - id: G{g + 1}",
            f"    statement: {folded(prose(rng, 2, n), 6)}",
            f"    affects: [KJ{rng.randint(1, shape.key_judgments)}]",
            f"    collection: {folded(prose(rng, 2, n), 6)}",
        ]
    out.append(f"source_summary: {folded(prose(rng, 6, n), 2)}")
    out.append("sources:")
    for s in range(n):
        out += [
            f"  - id: S{s + 1}",
            f"    title: {title(rng, 80)}",
            f"    author: {rng.choice(('null', 'Georgy Poroskoun', 'Lina Haddad', 'Omar Khalil'))}",
            f"    published: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"    kind: {rng.choice(KINDS)}",
            f"    archive: sources/s{s + 1}.txt",
            f"    reliability: {rng.choice('ABCD')}",
            f"    reliability_note: {quoted(prose(rng, 1, n))}",
            f"    summary: {folded(prose(rng, 3, n), 6)}",
        ]
    return "\n".join(out) + "\n"


def write_brief(folder: Path, slug: str, shape: Shape, seed: int) -> Path:
    """Write one brief and its archives under `folder/slug`; return the brief file."""
    rng = random.Random(f"{seed}:{slug}")
    root = folder / slug
    (root / "sources").mkdir(parents=True, exist_ok=True)
    texts = [archive(rng, shape.archive_bytes, wrapped=s % 2 == 1) for s in range(shape.sources)]
    for s, text in enumerate(texts):
        (root / "sources" / f"s{s + 1}.txt").write_text(text, encoding="utf-8")
    path = root / "brief.yaml"
    path.write_text(brief(rng, slug, shape, texts), encoding="utf-8")
    return path


def corpus(briefs: int, shape: Shape = Shape(), seed: int = 0) -> Path:
    """A folder of `briefs` generated briefs under bench/out/, generated once and then reused."""
    params = json.dumps({"briefs": briefs, "shape": asdict(shape), "seed": seed}, sort_keys=True)
    key = hashlib.sha256(params.encode() + Path(__file__).read_bytes()).hexdigest()[:12]
    folder = OUT / f"corpus-{briefs}-{key}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for number in range(briefs):
        write_brief(folder, f"brief-{number:04d}", shape, seed)
    done.write_text(params + "\n", encoding="utf-8")
    return folder
