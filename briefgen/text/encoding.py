"""Which encoding a text that is not UTF-8 is most likely in, and how sure that guess is.

charset-normalizer does the guessing (it is well kept and weighs both byte patterns and the
language of the decoded text); this module decides what counts as sure: every candidate about as
good as the best one (as ungarbled, and reading nearly as well as a language) decodes the bytes to
the same text. Imported only when a text is not UTF-8.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Any

# How much worse a candidate may be and still count as a rival: in charset-normalizer's "chaos"
# (0–1, how garbled the decoded text looks) and "coherence" (0–1, how well it reads as a language).
_RIVAL_CHAOS = 0.02
_RIVAL_COHERENCE = 0.03
# The first bytes are enough to guess from; a 20 MB archive would take seconds.
_SAMPLE = 256 * 1024

# The encodings most texts that are not UTF-8 are in, most common first: among candidates that read
# the bytes alike (charset-normalizer lists them), and between equally good ones, the first wins.
_COMMON = (
    "utf_16", "utf_32", "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "cp866", "cp1253", "cp1254", "cp1257", "mac_roman", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)  # fmt: skip

# Python codec names as the `iconv` command knows them.
_ICONV = {
    "cp1250": "WINDOWS-1250",
    "cp1251": "WINDOWS-1251",
    "cp1252": "WINDOWS-1252",
    "cp1253": "WINDOWS-1253",
    "cp1254": "WINDOWS-1254",
    "cp1255": "WINDOWS-1255",
    "cp1256": "WINDOWS-1256",
    "cp1257": "WINDOWS-1257",
    "cp1258": "WINDOWS-1258",
    "latin_1": "ISO-8859-1",
    "iso8859_15": "ISO-8859-15",
    "mac_roman": "MACINTOSH",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16LE",
    "utf_16_be": "UTF-16BE",
    "utf_32": "UTF-32",
    "shift_jis": "SHIFT_JIS",
    "euc_jp": "EUC-JP",
    "gb2312": "GB2312",
    "gb18030": "GB18030",
    "big5": "BIG5",
    "koi8_r": "KOI8-R",
}


@dataclass(frozen=True)
class Guess:
    """The most likely encoding, the others nearly as likely, and whether they all read alike."""

    encoding: str
    rivals: tuple[str, ...]
    sure: bool

    @property
    def name(self) -> str:
        """The encoding as `iconv` and most editors name it (WINDOWS-1252, ISO-8859-1 …)."""
        return iconv_name(self.encoding)

    @property
    def described(self) -> str:
        """'WINDOWS-1252', or 'WINDOWS-1250 (or WINDOWS-1252, WINDOWS-1257)' when unsure."""
        if self.sure or not self.rivals:
            return self.name
        return f"{self.name} (or {', '.join(iconv_name(rival) for rival in self.rivals)})"


def iconv_name(encoding: str) -> str:
    """`encoding` (a Python codec name) as `iconv -f` takes it."""
    normal = codecs.lookup(encoding).name.replace("-", "_")
    return _ICONV.get(normal, normal.upper().replace("_", "-"))


def guess_encoding(raw: bytes) -> Guess | None:
    """The most likely encoding of `raw`, or None when it reads as no text at all (binary data)."""
    from charset_normalizer import from_bytes

    sample = raw[:_SAMPLE]
    results = [found for found in from_bytes(sample) if found.encoding != "utf_8"]
    if not results:
        return None
    results.sort(key=lambda found: (round(found.chaos, 3), -round(found.coherence, 3), _rank(found)))
    best = results[0]
    rivals = [
        found
        for found in results[1:]
        if found.chaos <= best.chaos + _RIVAL_CHAOS and found.coherence > best.coherence - _RIVAL_COHERENCE
    ]
    text = str(best)
    differing = [rival for rival in rivals if str(rival) != text]
    names = tuple(dict.fromkeys(_common_name(rival) for rival in differing))
    return Guess(_common_name(best), tuple(name for name in names if name != _common_name(best))[:3], not differing)


def _rank(found: Any) -> int:
    names = [found.encoding, *found.could_be_from_charset]
    return min((_COMMON.index(name) for name in names if name in _COMMON), default=len(_COMMON))


def _common_name(found: Any) -> str:
    """The most common of the encodings that read the bytes as `found` does."""
    names: list[str] = [found.encoding, *found.could_be_from_charset]
    return min(names, key=lambda name: _COMMON.index(name) if name in _COMMON else len(_COMMON))


def decode_guessed(raw: bytes) -> tuple[str, Guess] | Guess | None:
    """`raw` decoded with its guessed encoding when the guess is sure; else the unsure guess, or None."""
    guess = guess_encoding(raw)
    if guess is None or not guess.sure:
        return guess
    try:
        text = raw.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        return Guess(guess.encoding, guess.rivals, sure=False)
    return text.removeprefix("\ufeff"), guess
