"""Bottom-line coherence (BG531, BG532): every estimate the bottom line states agrees with the key
judgment or scenario it restates, and none is stated that no judgment or scenario carries.

The bottom line is what most readers read alone, so it must say what the judgments say. Each of
its sentences that carries an estimate (a likelihood term, a denied one, or a chance written as a
number: the estimative-language machinery of `text.wording`, quotations skipped, attributive
terms passed over, negations read as for BG501) is tied to the items it restates by
`text.restating`: the ids it names in brackets, or else the judgment or scenario whose words it
shares.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from briefgen.brief.index import Item
from briefgen.brief.scales import SCALES, Scale, Term
from briefgen.brief.sections import ESTIMATES
from briefgen.check.context import BriefContext
from briefgen.diagnostics import Diagnostic
from briefgen.text.restating import Headlines, content_words, referenced
from briefgen.text.wording import Stated, Use, find_denials, find_terms, own_words, sentences, stated_probabilities

PATH = ("bottom_line",)


def check_bottom_line(ctx: BriefContext) -> Iterator[Diagnostic]:
    """Each estimate in the bottom line agrees with what it restates, and restates something."""
    text = ctx.brief.bottom_line
    scale = SCALES[ctx.brief.likelihood_scale]
    # In order of where they start, for _within.
    terms = sorted((use for use in find_terms(text) if not use.attributive), key=lambda use: use.start)
    denials = sorted(find_denials(text), key=lambda use: use.start)
    chances = [stated for stated in stated_probabilities(text) if stated.after is None]
    if not terms and not denials and not chances:
        return
    items = {item.id: item for section in ESTIMATES for item in ctx.index.section(section)}
    rated = {item_id: term for item_id, item in items.items() if (term := scale.find(item.model.likelihood))}
    headlines = {item_id: _headlines(item) for item_id, item in items.items()}
    # The bottom line states the key judgments: a sentence restating a judgment is tied to it,
    # even where a scenario's description shares more of its words; else to a scenario.
    judgments = Headlines({i: h for i, h in headlines.items() if items[i].section == "key_judgments"})
    scenarios = Headlines({i: h for i, h in headlines.items() if items[i].section != "key_judgments"})
    words = own_words(text)
    found_at = [(found, [use.start for use in found]) for found in (terms, denials, chances)]
    by_range: dict[tuple[int, int], list[str]] = {}
    for item_id, term in rated.items():
        by_range.setdefault((term.low, term.high), []).append(item_id)
    for start, end in sentences(text):
        said, denied, numbers = (_within(found, starts, start, end) for found, starts in found_at)
        if not said and not denied and not numbers:
            continue
        named = referenced(words[start:end], items)
        tied = named or judgments.restated(words[start:end]) or scenarios.restated(words[start:end])
        if not tied:
            found: list[Use | Stated] = [*said, *denied, *numbers]
            first = min(found, key=lambda estimate: estimate.start)
            yield _at(ctx, first.start, "BG532", *_unsupported(scale, first, rated, by_range))
            continue
        known = {item_id: rated[item_id] for item_id in tied if item_id in rated}
        if not known:
            continue  # the items' likelihoods are off the scale: BG306 reports them
        how = _How(named, tied, words[start:end], headlines)
        for use in said:
            readings = use.readings(scale)
            if readings and not any(_same(reading, term) for reading in readings for term in known.values()):
                said_term = readings[0]
                yield _at(
                    ctx,
                    use.start,
                    "BG531",
                    f'the bottom line says "{_flat(use.written)}" ({_label(said_term)}) {how}, '
                    f"but {_likelihoods(known)}",
                    _hint(known, said_term.term),
                )
        for use in denied:
            term = use.expression.term(scale)
            if term is not None and all(_same(term, assigned) for assigned in known.values()):
                yield _at(
                    ctx,
                    use.start,
                    "BG531",
                    f'the bottom line says "{_flat(use.written)}", denying {_label(term)}, {how}, but {_likelihoods(known)}',
                    _hint(known, None),
                )
        for stated in numbers:
            if not any(term.low <= stated.low and stated.high <= term.high for term in known.values()):
                yield _at(
                    ctx,
                    stated.start,
                    "BG531",
                    f'the bottom line gives "{_flat(stated.written)}" {how}, outside {_likelihoods(known, "range")}',
                    _hint(known, None),
                )


def _headlines(item: Item) -> list[str]:
    """The texts that state an item: a judgment's statement, a scenario's title and description."""
    model: Any = item.model
    if item.section == "key_judgments":
        return [model.statement]
    return [model.title, model.description]


@dataclass(frozen=True)
class _How:
    """How the sentence is tied to its items, worked out only for a message that says so."""

    named: list[str]
    tied: list[str]
    sentence: str
    headlines: dict[str, list[str]]

    def __str__(self) -> str:
        ids = _series(self.tied)
        if self.named:
            return f"of {ids}, which it names"
        words = content_words(self.sentence)
        shared = max(len(words & content_words(text)) for item in self.tied for text in self.headlines[item])
        return f"restating {ids} (sharing {shared} of {'its' if len(self.tied) == 1 else 'their'} words)"


def _within(found: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The uses (in order of their `starts`) that start in [start, end)."""
    return found[bisect_left(starts, start) : bisect_left(starts, end)]


def _unsupported(
    scale: Scale, first: Use | Stated, rated: dict[str, Term], by_range: dict[tuple[int, int], list[str]]
) -> tuple[str, str]:
    """The message and hint of BG532 for the sentence's first estimate."""
    if isinstance(first, Stated):
        said = f'"{_flat(first.written)}"'
        same = [item_id for item_id, t in rated.items() if t.low <= first.low and first.high <= t.high]
    else:
        denial = first.negation == "denial"
        term = first.expression.term(scale) if denial else first.term(scale)
        said = f'"{_flat(first.written)}"' + (f" ({_label(term)})" if term and not denial else "")
        same = by_range.get((term.low, term.high), []) if term is not None else []
    message = (
        f"the bottom line states {said}, but the sentence restates no key judgment or scenario: it names "
        "none in brackets, and shares too few words with any"
    )
    if same:
        hint = (
            f"{_series(same)} {'is' if len(same) == 1 else 'are'} of that likelihood: if the sentence restates "
            f"{'it' if len(same) == 1 else 'one'}, name it in brackets, e.g. ({same[0]}); otherwise add the key "
            "judgment that carries this estimate, or take the estimate out of the bottom line"
        )
    else:
        hint = (
            "no key judgment or scenario carries this estimate: add the judgment that does, or take the "
            "estimate out of the bottom line (or name in brackets the judgment it restates, e.g. (KJ1))"
        )
    return message, hint


def _likelihoods(known: dict[str, Term], noun: str = "is") -> str:
    """ "KJ1's likelihood is 'unlikely' (20–45%)", or with `noun` "range": "KJ1's range 'unlikely' (20–45%)"."""
    if noun == "range":
        return " and ".join(f"{item_id}'s range {_label(term)}" for item_id, term in known.items())
    return " and ".join(f"{item_id}'s likelihood is {_label(term)}" for item_id, term in known.items())


def _hint(known: dict[str, Term], said: str | None) -> str:
    ids = _series(list(known))
    terms = " or ".join(dict.fromkeys(f"'{term.term}'" for term in known.values()))
    back = f", or set {ids}'s likelihood to '{said}' if the bottom line is right" if said else ""
    return (
        f"make them agree: state the estimate in the bottom line in {ids}'s term ({terms}){back}; "
        "the bottom line must say what the judgments say"
    )


def _at(ctx: BriefContext, offset: int, code: str, message: str, hint: str) -> Diagnostic:
    """A diagnostic at the estimate's own place in the bottom line."""
    found = ctx.report(code, message, PATH, hint)
    line, column = ctx.lines.char(PATH, offset)
    return replace(found, line=line, column=column)


def _flat(written: str) -> str:
    """Words as written, a line break inside them shown as the space it reads as."""
    return " ".join(written.split())


def _same(one: Term, other: Term) -> bool:
    return (one.low, one.high) == (other.low, other.high)


def _label(term: Term) -> str:
    return f"'{term.term}' ({term.range_label})"


def _series(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]
