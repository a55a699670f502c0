"""Per-repository settings: severities of diagnostic codes and the indicator review period.

A repository of briefs keeps them in `briefgen.toml` (top-level keys) or in the
`[tool.briefgen]` table of its `pyproject.toml`. The settings that apply to a brief are
those of the nearest such file found walking up from the brief's folder, without going
above the repository (a folder holding `.git`). A broken settings file stops the run
(exit 2): nothing can be validated against settings that cannot be read.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefgen.codes import CODES, resolve_code, why_fixed
from briefgen.errors import BriefgenError
from briefgen.load.paths import display_path

Setting = Literal["off", "warning", "error"]
SETTINGS: tuple[str, ...] = ("off", "warning", "error")
CONFIG_FILE = "briefgen.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("severity", "indicator-review-days")
# How many days an indicator may go unreviewed, counted back from the brief's date.
DEFAULT_REVIEW_DAYS = 90


@dataclass(frozen=True)
class Config:
    """Settings that shape what validation reports."""

    severities: dict[str, Setting] = field(default_factory=dict)
    indicator_review_days: int = DEFAULT_REVIEW_DAYS
    file: Path | None = None


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The settings file that governs briefs in `start` (a folder), or None. `known` remembers
    the answer for every folder walked through, for the next brief's walk to stop at."""
    folder = start.resolve()
    walked: list[Path] = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        if known is not None and candidate in known:
            found = known[candidate]
            break
        walked.append(candidate)
        own = candidate / CONFIG_FILE
        if own.is_file():
            found = own
            break
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _mentions_briefgen(pyproject):
            found = pyproject
            break
        if (candidate / ".git").exists():
            break
    if known is not None:
        known.update(dict.fromkeys(walked, found))
    return found


def load_config(start: Path) -> Config:
    """The settings for the briefs in folder `start`: its repository's, or the defaults."""
    return Configs().load(start)


class Configs:
    """The settings of many briefs' folders, for one run: each folder is walked through and
    each settings file read once, not once a brief."""

    def __init__(self) -> None:
        self._found: dict[Path, Path | None] = {}
        self._read: dict[Path, Config] = {}

    def load(self, start: Path) -> Config:
        """`load_config(start)`."""
        found = find_config(start, self._found)
        if found is None:
            return Config()
        if found not in self._read:
            self._read[found] = read_config(found)
        return self._read[found]


def read_config(path: Path) -> Config:
    """Read one settings file; any problem in it is a BriefgenError that names file and line."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BriefgenError(f"{shown}: cannot read the settings: {error}") from None
    # Imported here: most repositories have no settings file, and validating pays for nothing.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BriefgenError(f"{shown}: not valid TOML: {error}", "fix the TOML syntax") from None
    if path.name == PYPROJECT:
        table, prefix = data.get("tool", {}).get("briefgen", {}), "tool.briefgen"
    else:
        table, prefix = data, ""
    return _settings(table, _Place(shown, text, prefix), path)


@dataclass(frozen=True)
class _Place:
    """Where settings come from, to point at the line of a bad one."""

    file: str
    text: str
    prefix: str

    def error(self, key: str, message: str, hint: str) -> BriefgenError:
        pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
        match = pattern.search(self.text)
        line = f":{self.text.count(chr(10), 0, match.start()) + 1}" if match else ""
        return BriefgenError(f"{self.file}{line}: {message}", hint)

    def table(self, name: str) -> str:
        return f"[{self.prefix}.{name}]" if self.prefix else f"[{name}]"


def _settings(table: Any, place: _Place, path: Path) -> Config:
    if not isinstance(table, dict):
        raise place.error(place.prefix, f"`{place.prefix}` must be a table", f"write [{place.prefix}]")
    for key in table:
        if key not in KEYS:
            raise place.error(key, f"unknown setting '{key}'", _did_you_mean(key, KEYS, f"settings: {', '.join(KEYS)}"))
    days = table.get("indicator-review-days", DEFAULT_REVIEW_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise place.error(
            "indicator-review-days",
            f"indicator-review-days must be a whole number of days, not {days!r}",
            "e.g. indicator-review-days = 90",
        )
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise place.error("severity", "`severity` must be a table of codes", f"write {place.table('severity')}")
    return Config(_severities(severities, place), days, path)


def _severities(table: dict[str, Any], place: _Place) -> dict[str, Setting]:
    result: dict[str, Setting] = {}
    for key, value in table.items():
        code = resolve_code(key)
        if code is None:
            known = [c.code for c in CODES.values()] + [c.name for c in CODES.values()]
            raise place.error(
                key,
                f"unknown code '{key}' in {place.table('severity')}",
                _did_you_mean(key, known, "name a code (BG503) or its name (likelihood-wording-off-scale)"),
            )
        if not CODES[code].configurable:
            raise place.error(key, f"{code} ({CODES[code].name}) cannot be configured", why_fixed(code))
        if value not in SETTINGS:
            raise place.error(key, f"{key} = {value!r} is not a severity", 'use "off", "warning" or "error"')
        if code in result:
            raise place.error(key, f"{code} is set twice in {place.table('severity')}", "keep one setting")
        result[code] = value
    return result


def _mentions_briefgen(pyproject: Path) -> bool:
    try:
        return "tool.briefgen" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _did_you_mean(word: str, candidates: list[str] | tuple[str, ...], otherwise: str) -> str:
    guess = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"did you mean '{guess[0]}'?" if guess else otherwise
