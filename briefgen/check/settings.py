"""Per-repository settings: severities of diagnostic codes and the indicator review period.

A repository of briefs keeps them in `briefgen.toml` (top-level keys) or in the
`[tool.briefgen]` table of its `pyproject.toml`, at its top (the folder holding `.git`): a
settings file anywhere else (a brief's folder, a folder above the repository) is not read, since
briefs, and the folders they come in, may come from an unreviewed change. Outside a repository,
the settings are those at the top of the current folder, for the briefs under it. CI pins them
with `--config FILE` (or `BRIEFGEN_CONFIG`), which then governs every brief. No settings file can
change the checks that make evidence trustworthy (`briefgen.codes`, `configurable`).

A settings file is read only as a regular file of its own (no symbolic or hard link), of at most
MAX_SETTINGS_BYTES; a broken one stops the run (exit 2) with its file and line: nothing can be
validated against settings that cannot be read.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefgen.codes import CODES, resolve_code, why_fixed
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.paths import display_path

Setting = Literal["off", "warning", "error"]
SETTINGS: tuple[str, ...] = ("off", "warning", "error")
CONFIG_FILE = "briefgen.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("severity", "indicator-review-days")
MAX_SETTINGS_BYTES = 1024**2
# The settings file that governs every brief of this run and of its worker processes (`--config`).
PINNED = "BRIEFGEN_CONFIG"
# The code of a settings file that cannot be read as TOML (its syntax, or nesting without end).
SYNTAX = "BG120"
# The code of a settings file that cannot be read at all (missing, a link, not a regular file).
UNREADABLE = "BG111"
# The code of settings that are TOML but not briefgen's (an unknown setting, code or severity, a bad value).
INVALID = "BG121"
# How many days an indicator may go unreviewed, counted back from the brief's date.
DEFAULT_REVIEW_DAYS = 90


class SettingsError(BriefgenError):
    """A settings file that stops the run (exit 2), its problem a diagnostic for the command to
    report in its own format, as every diagnostic is."""

    def __init__(self, found: Diagnostic):
        super().__init__(f"{found.location}: {found.code} {found.name}: {found.message}", found.hint)
        self.diagnostic = found


@dataclass(frozen=True)
class Config:
    """Settings that shape what validation reports."""

    severities: dict[str, Setting] = field(default_factory=dict)
    indicator_review_days: int = DEFAULT_REVIEW_DAYS
    file: Path | None = None


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The settings file that governs briefs in `start` (a folder), or None: the pinned one
    (`--config`), else the one at the top of the repository holding `start`, else (outside any
    repository) the one in the current folder when `start` is under it. `known` remembers the
    answer for every folder walked through, for the next brief's walk to stop at."""
    pinned = os.environ.get(PINNED)
    if pinned:
        return Path(pinned)
    folder = start.resolve()
    walked: list[Path] = []
    found: Path | None = None
    top: Path | None = None
    for candidate in (folder, *folder.parents):
        if known is not None and candidate in known:
            found = known[candidate]
            break
        walked.append(candidate)
        if (candidate / ".git").exists():
            top = candidate
            break
    else:
        here = Path.cwd().resolve()
        top = here if folder.is_relative_to(here) else None
    if top is not None:
        found = _settings_file(top)
    if known is not None:
        known.update(dict.fromkeys(walked, found))
    return found


def _settings_file(top: Path) -> Path | None:
    own = top / CONFIG_FILE
    if own.exists() or own.is_symlink():
        return own
    pyproject = top / PYPROJECT
    if _mentions_briefgen(pyproject):
        return pyproject
    return None


def add_config_option(parser: Any) -> None:
    """`--config FILE` for a command that validates."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the settings file (briefgen.toml, or a pyproject.toml) for every brief, instead of the one at "
        "the top of the repository: how CI pins settings that the change under review cannot edit",
    )


def pin_config(path: Path | None) -> None:
    """Make `path` govern every brief of this run, worker processes included; read it now, so
    that a broken one stops the run before anything is checked."""
    if path is None:
        return
    read_config(path)
    os.environ[PINNED] = str(path.absolute())


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
    """Read one settings file; any problem in it is a SettingsError that names file and line."""
    from briefgen.load.document import FileProblem, decode_utf8, read_file

    shown = display_path(path)
    if Path(shown).is_absolute() and Path.cwd().is_relative_to(path.absolute().parent):
        shown = os.path.relpath(path)  # the repository's, above the current folder: `../../briefgen.toml`
    raw = read_file(path, MAX_SETTINGS_BYTES)
    if isinstance(raw, FileProblem):
        if raw.kind == "too-large":
            message = f"the settings file is {raw.detail} bytes; the limit is {MAX_SETTINGS_BYTES:,}"
            raise _error("BG101", shown, None, message, "settings are top-level keys and a [severity] table of codes")
        what, hint = _NOT_READ.get(raw.kind) or (f"cannot be read: {raw.detail}", "make the file readable")
        if raw.kind == "hard-link":
            what = f"has {raw.detail} names (hard links), which could lie anywhere"
            hint = "keep the settings in a file of one name: replace the other names with copies"
        raise _error(UNREADABLE, shown, None, f"the settings file {what}", hint)
    text, problem = decode_utf8(raw, shown)
    if problem is not None:  # at the line and column of the first byte that is not UTF-8
        line, column = problem.line or 1, problem.column or 1
        raise _error(problem.code, shown, (line, column), problem.message, problem.hint)
    # Imported here: most repositories have no settings file, and validating pays for nothing.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason, line, column = _toml_place(str(error), text)
        hint = "fix the TOML syntax"
        if reason in _UNCLOSED:  # a string that runs to the end of its line, or of the file
            reason, hint = "Unterminated string", "a string is not closed: add its closing quote"
        raise _error(SYNTAX, shown, (line, column), reason, hint) from None
    except RecursionError:
        line, column = _deep_place(text)
        raise _error(
            SYNTAX,
            shown,
            (line, column),
            "arrays or inline tables nest too deeply to read",
            "settings are top-level keys and a [severity] table of codes",
        ) from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table, prefix = (tool.get("briefgen", {}) if isinstance(tool, dict) else {}), "tool.briefgen"
    else:
        table, prefix = data, ""
    return _settings(table, _Place(shown, text, prefix), path)


# A settings file that is not read, and how to put it right (its code: UNREADABLE).
_NOT_READ = {
    "missing": ("does not exist", "give --config (or BRIEFGEN_CONFIG) the path of an existing settings file"),
    "link": (
        "is a symbolic link, which could lead anywhere",
        "keep the settings in a regular file of its own: replace the link with a copy of its file",
    ),
    "folder": ("is a folder", "name a settings file: briefgen.toml, or a pyproject.toml with [tool.briefgen]"),
    "special": ("is not a regular file (a device or a pipe)", "keep the settings in a regular file of its own"),
}


# tomllib's messages for a string without its closing quote: the line ends inside it (a basic
# string, a literal one), or the file does.
_UNCLOSED = ("Illegal character '\\n'", "Found invalid character '\\n'", "Unterminated string")


def _error(code: str, file: str, position: tuple[int, int] | None, message: str, hint: str | None) -> SettingsError:
    """A settings file that stops the run, as an error diagnostic at `file` and `position` (line, column)."""
    line, column = position if position else (None, None)
    return SettingsError(Diagnostic(code, "error", message, file, line, column, hint))


def _toml_place(message: str, text: str) -> tuple[str, int, int]:
    """tomllib's message without its "(at line L, column C)", and L and C (the end of the text for
    "(at end of document)"): the place goes first, file:line:column, as in every diagnostic."""
    found = re.fullmatch(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", message, re.DOTALL)
    if found is None:
        return message, 1, 1
    if found.group(2) is not None:
        return found.group(1), int(found.group(2)), int(found.group(3))
    last = text.rsplit("\n", 1)[-1]
    return found.group(1), text.count("\n") + 1, len(last) + 1


def _deep_place(text: str, deep: int = 32) -> tuple[int, int]:
    """The line and column where brackets and braces first nest `deep` levels (strings are not told
    apart: this only points at the place of an error already known)."""
    depth = 0
    for line, content in enumerate(text.splitlines(), 1):
        for column, char in enumerate(content, 1):
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth >= deep:
                return line, column
    return 1, 1


@dataclass(frozen=True)
class _Place:
    """Where settings come from, to point at the line of a bad one."""

    file: str
    text: str
    prefix: str

    def error(self, key: str, message: str, hint: str) -> SettingsError:
        """A BG121 error at the line and column of `key` (at the file alone when it is not found)."""
        pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
        match = pattern.search(self.text)
        position = None
        if match:
            indent = len(match.group()) - len(match.group().lstrip(" \t"))
            position = (self.text.count(chr(10), 0, match.start()) + 1, indent + 1)
        return _error(INVALID, self.file, position, message, hint)

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
    """Whether a pyproject.toml holds briefgen's settings. It is another tool's file first: one
    that is not a regular file of its own, or too large, is passed over, never read through."""
    from briefgen.load.document import FileProblem, read_file

    raw = read_file(pyproject, MAX_SETTINGS_BYTES)
    return not isinstance(raw, FileProblem) and b"tool.briefgen" in raw


def _did_you_mean(word: str, candidates: list[str] | tuple[str, ...], otherwise: str) -> str:
    guess = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"did you mean '{guess[0]}'?" if guess else otherwise
