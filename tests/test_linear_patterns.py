"""Every regular expression of briefgen searches any text in linear time.

A brief and its archives may come from an unreviewed pull request, and Python's `re` backtracks:
a pattern with nested or side-by-side quantifiers that can share characters (`(a\\s*;?\\s*)+`,
`\\s*x?\\s*`), or a search that each of a run of starting places reads to the end of the run,
takes time that grows with the square of the text or doubles with each repeat. The test finds
every compiled pattern of every briefgen module (a new one is covered as soon as it is written)
and searches texts built to wake each of those shapes, at one size and at four times that size.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import briefgen
from briefgen.text.quotes import whole_words
from linear import assert_linear

# Modules that import WeasyPrint need not be imported to be tested: they compile no pattern.
_SKIPPED = ("briefgen.__main__",)


def _patterns() -> dict[str, re.Pattern[str] | re.Pattern[bytes]]:
    found: dict[str, re.Pattern[str] | re.Pattern[bytes]] = {}
    for module_info in pkgutil.walk_packages(briefgen.__path__, "briefgen."):
        if module_info.name in _SKIPPED:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and all(value is not seen for seen in found.values()):
                found[f"{module_info.name}.{name}"] = value
    # Patterns made at run time from a brief's words.
    found["briefgen.text.quotes.whole_words('likely')"] = whole_words("likely")
    found["briefgen.text.quotes.whole_words('...')"] = whole_words("...")
    return found


PATTERNS = _patterns()

# (text before, repeated unit): each wakes one shape of super-linear search.
PUMPS: tuple[tuple[str, str], ...] = (
    ("Patrols [", "@S1  "),  # the inline citation, unclosed
    ("[", "@S1 ; "),
    ("", "[@S1  "),
    ("", "."),  # runs of stops
    ("", ". a"),
    ("", "a. "),
    ("", "e.g. "),
    ("", "!?"),
    ("", " "),  # runs of white space after something that wants a word
    ("5", " "),
    ("5%", " "),
    ("confidence in", " "),
    ("confidence in x", " "),
    ("high", " "),
    ("chance of", " "),
    ("very", " "),
    ("likely", " "),
    ("likely", "-"),
    ("", "\n"),
    ("", "\n \t"),
    ("", "\t"),
    ("", "“"),  # opening marks that never close
    ("", "«"),
    ("", "‘"),
    ("", "'a"),
    ("", "a'"),
    ("", '"a'),
    ("", '" '),
    ("", "]("),
    ("", "<http://"),
    ("", "<"),
    ("", "`"),
    ("", "a"),  # one long word
    ("", "1"),
    ("", "0.5 "),
    ("", "per cent "),
    ("", "one in "),
    ("", "not "),
    ("", "the likely "),
    ("", "Russia's "),
    ("", "a@"),
    ("", "[x"),
    ("", "[x]("),
)


def _text(prefix: str, unit: str, size: int) -> str:
    return prefix + unit * (size // len(unit))


def _search_all(pattern: re.Pattern) -> object:
    def work(text: object) -> object:
        if isinstance(pattern.pattern, bytes):
            text = text.encode("utf-8")  # type: ignore[union-attr]
        return sum(1 for _ in pattern.finditer(text))  # type: ignore[arg-type]

    return work


def test_the_sweep_finds_the_patterns_that_see_brief_text() -> None:
    names = {name.rsplit(".", 1)[-1] for name in PATTERNS}
    assert {"INLINE_CITATION", "_SENTENCE_END", "_NOT_OWN_WORDS", "_CONFIDENCE", "LINK", "_ELISION"} <= names


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_searches_in_linear_time(name: str) -> None:
    pattern = PATTERNS[name]
    for prefix, unit in PUMPS:
        assert_linear(
            lambda size, prefix=prefix, unit=unit: _text(prefix, unit, size),
            _search_all(pattern),
            4_000,
            f"{name} on {prefix!r} + {unit!r} * n",
        )


def test_the_inline_citation_of_the_audit_is_found_unclosed_at_once() -> None:
    # 150 bytes that kept validate busy for hours: now one linear search, and no citation.
    from briefgen.brief.sections import INLINE_CITATION

    text = "Patrols [" + "@S1  " * 28 + "x"
    assert INLINE_CITATION.search(text) is None
    closed = INLINE_CITATION.search(text[:-1] + "]")
    assert closed is not None and closed.group(1) == "@S1  " * 28
