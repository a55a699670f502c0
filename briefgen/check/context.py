"""What every check receives: one brief, indexed, with its archived sources and line map."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from briefgen.brief.index import BriefIndex
from briefgen.brief.models import Brief
from briefgen.check.settings import Config
from briefgen.diagnostics import Completion, Diagnostic, diagnostic
from briefgen.load.archives import ArchiveProblem
from briefgen.load.document import LineMap
from briefgen.text.quotes import NormalisedText

T = TypeVar("T")


@dataclass
class BriefContext:
    """A valid-shaped brief ready for checks and rendering."""

    file: str
    directory: Path
    brief: Brief
    index: BriefIndex
    lines: LineMap
    archives: dict[str, NormalisedText | ArchiveProblem]
    config: Config = field(default_factory=Config)
    _shared: dict[Callable[..., Any], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """What a worker process receives (`build` renders there what it validated here): all
        but the derived values, which the worker derives again if it needs them."""
        return {**self.__dict__, "_shared": {}}

    def shared(self, derive: Callable[[BriefContext], T]) -> T:
        """`derive(self)`, worked out once for this brief and kept: what several checks read (the
        brief's prose, scanned) is derived once, not once per check."""
        try:
            kept: T = self._shared[derive]
            return kept
        except KeyError:
            found = self._shared[derive] = derive(self)
            return found

    def text(self, source_id: str) -> NormalisedText | None:
        """The archived text of a source, if it could be read."""
        found = self.archives.get(source_id)
        return found if isinstance(found, NormalisedText) else None

    def report(
        self,
        code: str,
        message: str,
        path: tuple[Any, ...] = (),
        hint: str | None = None,
        key: bool = False,
        details: tuple[tuple[str, str], ...] = (),
        data: dict[str, Any] | None = None,
        completion: Completion | None = None,
    ) -> Diagnostic:
        """A diagnostic located at the value (or, with `key`, the key) at `path` in this brief's file.

        With `completion`, what only a shown diagnostic needs (its hint, details and data) is left
        out: once the report is capped (`cap_per_code`), `completion` is given every one of its
        diagnostics still shown, in the order shown, and returns them completed (`complete`)."""
        position = self.lines.key(path) if key else self.lines.value(path)
        return diagnostic(code, message, self.file, position, hint, path, details, data, completion)
