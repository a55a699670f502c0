"""The validation pipeline of one brief file: load → shape → index → checks (finding the files is
`briefgen.load.paths`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.brief.index import build_index
from briefgen.check.context import BriefContext
from briefgen.check.rules import run_checks
from briefgen.check.settings import Config, load_config
from briefgen.check.waivers import Waived, apply_waivers
from briefgen.collector import rarer_collections
from briefgen.diagnostics import Diagnostic, cap_per_code, complete
from briefgen.load.archives import read_archives
from briefgen.load.document import load_brief
from briefgen.load.limits import check_limits
from briefgen.load.paths import display_path
from briefgen.load.shape import check_shape


@dataclass
class Validated:
    """The outcome for one brief file: its diagnostics and, if its shape is valid, its context."""

    path: Path
    file: str
    diagnostics: list[Diagnostic]
    context: BriefContext | None
    waived: list[Waived] = field(default_factory=list)
    digest: str | None = None  # the SHA-256 of the brief file as it was read (see `Loaded.digest`)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def validate_brief(path: Path, config: Config | None = None) -> Validated:
    """Run every layer of validation on one brief file, collecting every problem.

    `config` defaults to the settings of the brief's repository (`config.load_config`). The
    collector runs less often meanwhile (`collector.rarer_collections`): what a brief of many
    citations makes lives until its report.
    """
    with rarer_collections():
        return _validate(path, load_config(path.parent) if config is None else config)


def _validate(path: Path, config: Config) -> Validated:
    file = display_path(path)
    loaded = load_brief(path, file)
    if loaded.data is None:
        return Validated(path, file, loaded.diagnostics, None)
    too_big = check_limits(loaded.data, loaded.lines, file, loaded.sizes)
    if too_big:
        return Validated(path, file, too_big, None)
    brief, problems = check_shape(loaded.data, loaded.lines, file)
    if brief is None:
        return Validated(path, file, cap_per_code(problems), None)
    directory = path.parent
    archives = read_archives(directory, {source.id: source.archive for source in brief.sources})
    context = BriefContext(file, directory, brief, build_index(brief), loaded.lines, archives, config)
    kept, waived = apply_waivers(context, run_checks(context))
    found = apply_settings(kept, config)
    waived = [replace(w, diagnostic=shown[0]) for w in waived if (shown := apply_settings([w.diagnostic], config))]
    # Completed once capped: what no report shows (a BG401's closest passage past the first 100)
    # is never worked out. The waived findings are shown too, in the review's tradecraft panel.
    shown = complete(cap_per_code(sorted(found, key=Diagnostic.sort_key)) + [w.diagnostic for w in waived])
    kept = shown[: len(shown) - len(waived)]
    waived = [replace(w, diagnostic=done) for w, done in zip(waived, shown[len(kept) :], strict=True)]
    return Validated(path, file, kept, context, waived, loaded.digest)


def stopped_early(diagnostics: list[Diagnostic]) -> bool:
    """Whether validation of a brief stopped before its references: only loading, the limits and
    the shape report BG1xx and BG2xx, and each of them ends the run when it finds a problem."""
    return any(d.code.startswith(("BG1", "BG2")) for d in diagnostics)


def apply_settings(found: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Apply the repository's per-code severities (`off` drops a diagnostic)."""
    result = []
    for item in found:
        setting = config.severities.get(item.code)
        if setting == "off":
            continue
        result.append(item.with_severity(setting) if setting else item)
    return result
