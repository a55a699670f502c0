"""The build pipeline: validate every brief, render each valid one in a worker process, write atomically.

`render_brief` is the unit of work: a pure function of (brief file, templates folder, formats)
to the bytes of every output file, so that it can run in any process and its result can be
cached. Each render runs in a worker process (see `briefgen.workers`) with a time limit and a
memory limit, because a brief may come from an unreviewed pull request and WeasyPrint's layout
time grows with what it is given. The parent keeps of each brief only what it needs to plan
the build (`Buildable`), so that its memory, which forked workers start from, stays flat
however many briefs are built: for a brief to render, its validation pickled, which the worker
renders from rather than validate the brief again (up to `_KEPT_BYTES` in all; past that, a
worker validates its brief itself), and its version stamp, computed once for the inputs hash
and the page.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import os
import pickle
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen import __version__
from briefgen.build.atomic import remove_partial, write_atomic
from briefgen.build.manifest import BriefRecord, Manifest, digest
from briefgen.build.outputs import check_output_folder, check_replace, output_lock
from briefgen.check.pipeline import Validated, validate_brief
from briefgen.check.settings import Configs
from briefgen.collector import fewer_collections
from briefgen.diagnostics import Diagnostic, diagnostic
from briefgen.errors import BriefgenError
from briefgen.render import views
from briefgen.render.pdf import DEFAULT_PDF_VARIANT
from briefgen.workers import die_with_parent, worker_context

if TYPE_CHECKING:
    from briefgen.versions.stamp import Stamp

FORMATS = ("html", "pdf", "docx")
# What `build` renders when not told: the docx is for coordination, asked for by name.
DEFAULT_FORMATS = ("html", "pdf")
DEFAULT_TIMEOUT = 120.0
MEMORY_LIMIT = 4 * 1024**3
# How long past its time limit a worker may stay silent before it is killed: the limit is
# enforced inside the worker, and this only catches a worker stuck in native code.
GRACE = 15.0
_BRIEFS_PER_WORKER = 10
TOO_SLOW = "shorten the brief or its archived sources, or raise the limit with --timeout SECONDS"
TOO_BIG = "shorten the brief or its archived sources"
# How many bytes of pickled validations the parent keeps for its workers in all: one bytes
# object a brief, which neither the cycle collector nor a forked worker walks.
_KEPT_BYTES = 64 * 1024**2


T = TypeVar("T")


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how: output folder, formats, template overrides, workers, time limit."""

    out: Path = Path("build")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    since: str | None = None  # the revision "Changes since the previous version" compares with
    pdf_variant: str = DEFAULT_PDF_VARIANT  # PDF/UA-1, or another tagged variant (briefgen.render.pdf)
    review: bool = False  # a review build: the tradecraft panel, every page marked as a draft


@dataclass(frozen=True)
class Buildable:
    """A valid brief to render, as the parent keeps it: its file, its id, the hash of its inputs
    and its version stamp; and its validation, pickled, unless past `_KEPT_BYTES`."""

    path: Path
    file: str
    id: str
    inputs: str
    stamp: Stamp
    validated: bytes | None = None


@dataclass(frozen=True)
class Rendered:
    """One brief rendered: its listing entry and its files, by path inside its output folder."""

    listed: views.Listed
    files: dict[str, bytes]
    pages: int | None
    seconds: float


@dataclass(frozen=True)
class Built:
    """A brief whose files were written."""

    file: str
    folder: Path
    files: tuple[str, ...]
    pages: int | None
    seconds: float


@dataclass
class BuildReport:
    """What a build did: every diagnostic, the briefs built, and how many briefs it found."""

    briefs: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    built: list[Built] = field(default_factory=list)
    unchanged: list[Built] = field(default_factory=list)  # up to date: not rendered again

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


@dataclass(frozen=True)
class Failure:
    """Why a worker could not render a brief; `fatal` failures stop the build (exit 2)."""

    message: str
    hint: str | None
    fatal: bool = False


class RenderTimeout(Exception):
    """Raised inside a worker when a render passes its time limit."""


def render_brief(
    path: Path,
    templates: Path | None,
    formats: tuple[str, ...],
    since: str | None = None,
    pdf_variant: str = DEFAULT_PDF_VARIANT,
    review: bool = False,
    stamp: Stamp | None = None,
) -> Rendered:
    """Render one brief file to the bytes of each output file (nothing is written here)."""
    started = time.perf_counter()
    validated = validate_brief(path)
    if validated.context is None or validated.errors:
        raise BriefgenError(f"{validated.file} is not valid", "run `briefgen validate` and fix the errors")
    return render_validated(validated, templates, formats, since, pdf_variant, started, review, stamp)


def render_validated(
    validated: Validated,
    templates: Path | None,
    formats: tuple[str, ...],
    since: str | None = None,
    pdf_variant: str = DEFAULT_PDF_VARIANT,
    started: float | None = None,
    review: bool = False,
    stamp: Stamp | None = None,
) -> Rendered:
    """Render a brief that `validate_brief` found valid (`serve` validates it itself, to show
    the diagnostics of one that is not); `stamp` is its version stamp, when already known."""
    from briefgen.render.compose import build_view
    from briefgen.render.html import render_brief_html, render_brief_page, render_fonts_css
    from briefgen.render.sources import render_source_pages
    from briefgen.render.timeline import build_changes
    from briefgen.render.tradecraft import build_tradecraft
    from briefgen.versions.git import one_look
    from briefgen.versions.stamp import stamp_for

    started = time.perf_counter() if started is None else started
    path = validated.path
    assert validated.context is not None
    ctx = validated.context
    # The stamp first, then the changes: the stamp rarely runs git now (see `stamp_for`), and a
    # thread beside the changes cost more in handing the interpreter lock back and forth than
    # the stamp itself (1-3 ms a render in serve). Both from one look at the repository.
    with one_look():
        stamp = stamp_for(path, ctx.brief.version) if stamp is None else stamp
        changes = build_changes(path, ctx.brief, since)
    view = build_view(ctx, stamp, changes=changes, tradecraft=build_tradecraft(validated), review=review)
    # The page without its fonts: the PDF's and the docx's (the HTML's own carries them).
    html = render_brief_page(view, templates) if {"pdf", "docx"} & set(formats) else None
    files: dict[str, bytes] = {}
    pages = None
    if "html" in formats:
        files["index.html"] = render_brief_html(view, templates, without_fonts=html)
        files.update(render_source_pages(ctx, view, templates))
    if "pdf" in formats:
        from briefgen.render.pdf import render_pdf

        assert html is not None
        pdf = render_pdf(html, render_fonts_css(templates), pdf_variant)
        files[f"{ctx.brief.id}.pdf"] = pdf.data
        pages = pdf.pages
    if "docx" in formats:
        from briefgen.export.docx import render_docx

        assert html is not None
        files[f"{ctx.brief.id}.docx"] = render_docx(html, view["marking"]["tlp"], view["stamp"].label, review)
    listed = views.Listed(
        id=view["id"],
        title=view["title"],
        subtitle=view["subtitle"],
        date=view["date"],
        date_label=view["date_label"],
        version=view["version"],
        marking=view["marking"],
        href=f"{view['id']}/"
        + next(
            name
            for format, name in (("html", "index.html"), ("pdf", f"{view['id']}.pdf"), ("docx", f"{view['id']}.docx"))
            if format in formats
        ),
        pdf_href=f"{view['id']}/{view['id']}.pdf" if "pdf" in formats else None,
    )
    return Rendered(listed, files, pages, time.perf_counter() - started)


def build(
    paths: list[Path],
    options: BuildOptions,
    on_validated: Callable[[list[Diagnostic]], None] = lambda _: None,
    on_built: Callable[[Built], None] = lambda _: None,
    on_unchanged: Callable[[Built], None] = lambda _: None,
    on_wait: Callable[[], None] = lambda: None,
) -> BuildReport:
    """Validate every brief, then render the valid ones (invalid ones are reported, not built).

    A brief whose inputs are those its outputs in `options.out` were made from, and whose
    outputs are intact, is not rendered again (see `briefgen.build.manifest`). `on_validated` receives
    the diagnostics of validation before any rendering starts, `on_built` each brief as soon as
    its files are written, and `on_unchanged` each brief that was up to date; `on_wait` is
    called when another build holds the output folder, before waiting for it to finish.
    """
    from briefgen.build.inputs import inputs_hash
    from briefgen.versions.stamp import stamp_for

    found: list[Diagnostic] = []
    refused: list[Diagnostic] = []
    buildable: list[Buildable] = []
    owners: dict[str, str] = {}
    configs = Configs()
    kept = 0
    with fewer_collections():
        for path in paths:
            result = validate_brief(path, configs.load(path.parent))
            found.extend(result.diagnostics)
            if result.context is None or result.errors:
                continue
            problems = refusals(result, owners)
            refused.extend(problems)
            if not problems:
                brief_id = result.context.brief.id
                owners[brief_id] = result.file
                stamp = stamp_for(result.path, result.context.brief.version)
                inputs = inputs_hash(
                    result,
                    stamp,
                    options.formats,
                    options.templates,
                    options.since,
                    options.pdf_variant,
                    options.review,
                )
                held = None
                if kept < _KEPT_BYTES:
                    held = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                    kept += len(held)
                buildable.append(Buildable(result.path, result.file, brief_id, inputs, stamp, held))
    report = BuildReport(briefs=len(paths), diagnostics=found + refused)
    on_validated(list(report.diagnostics))
    if not buildable:
        return report
    check_output_folder(options.out, paths)
    with output_lock(options.out, on_wait):
        _build_locked(buildable, options, report, on_built, on_unchanged)
    return report


def _build_locked(
    buildable: list[Buildable],
    options: BuildOptions,
    report: BuildReport,
    on_built: Callable[[Built], None],
    on_unchanged: Callable[[Built], None],
) -> None:
    """`build`'s writing part, while it holds the output folder."""
    manifest = Manifest.read(options.out)
    for folder in {options.out, *(options.out / name.rpartition("/")[0] for name in manifest.files)}:
        remove_partial(folder)
    check_replace(manifest, "index.html")  # before any rendering: the one file every build writes
    listed: list[views.Listed] = []
    stale: list[Buildable] = []
    for brief in buildable:
        record = manifest.current(brief.id, brief.inputs)
        if record is None:
            stale.append(brief)
            continue
        listed.append(views.Listed(**record.listed))  # type: ignore[typeddict-item]
        names = tuple(name.split("/", 1)[1] for name in record.files)
        unchanged = Built(brief.file, options.out / brief.id, names, record.pages, 0.0)
        report.unchanged.append(unchanged)
        on_unchanged(unchanged)
    for brief, outcome in _render_all(stale, options) if stale else ():
        if isinstance(outcome, Rendered):
            built = _write(outcome, brief, manifest)
            listed.append(outcome.listed)
            report.built.append(built)
            on_built(built)
        else:
            report.diagnostics.append(diagnostic("BG602", outcome.message, brief.file, None, outcome.hint))
    if listed:
        from briefgen.render.html import render_listing

        listed.sort(key=lambda entry: (entry["title"].casefold(), entry["id"]))
        page = render_listing(listed, f"briefgen {__version__}", options.templates).encode("utf-8")
        if not (manifest.intact("index.html") and manifest.files["index.html"] == digest(page)):
            check_replace(manifest, "index.html", page)
            manifest.wrote("index.html", page)
            manifest.write()  # the journal: listed before it is written
            crash_point("listing")
            write_atomic(options.out / "index.html", page)


def crash_point(step: str) -> None:
    """For the tests of a build killed part-way only: die here, as `kill -9` would, when the
    environment names this step (`BRIEFGEN_TEST_KILL_AT`)."""
    if os.environ.get("BRIEFGEN_TEST_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def refusals(result: Validated, owners: dict[str, str]) -> list[Diagnostic]:
    """Why a valid brief cannot be built: a source without archived text (BG603), or an id that
    an earlier brief of the build has (BG601; `owners` maps each id taken to its brief's file)."""
    ctx = result.context
    assert ctx is not None
    unread = [source for source in ctx.brief.sources if ctx.text(source.id) is None]
    if unread:
        return [
            ctx.report(
                "BG603",
                f"source {source.id} has no archived text to render",
                ("sources", ctx.brief.sources.index(source), "archive"),
                "save the source's text in the brief's folder and set `archive` to its path",
            )
            for source in unread
        ]
    if ctx.brief.id in owners:
        return [
            ctx.report(
                "BG601",
                f"brief id '{ctx.brief.id}' is also the id of {owners[ctx.brief.id]}; both would be "
                f"written to the same output folder",
                ("id",),
                "give each brief its own id",
            )
        ]
    return []


def _render_all(buildable: list[Buildable], options: BuildOptions) -> Any:
    """Yield (brief, Rendered or Failure) as workers finish.

    A worker's memory creeps up by about 1.5 MB a brief (WeasyPrint's and fontconfig's caches),
    so the briefs go to fresh workers in rounds of _BRIEFS_PER_WORKER each: a long build's
    memory stays flat. (The executor's own `max_tasks_per_child` hangs on Python 3.11.)
    """
    jobs = max(1, min(options.jobs, len(buildable)))
    size = jobs * _BRIEFS_PER_WORKER
    for start in range(0, len(buildable), size):
        yield from _render_round(buildable[start : start + size], options, jobs)


def _render_round(buildable: list[Buildable], options: BuildOptions, jobs: int) -> Any:
    pool = futures.ProcessPoolExecutor(
        max_workers=min(jobs, len(buildable)),
        mp_context=worker_context(),
        initializer=limit_worker,
        initargs=(os.getpid(),),
    )
    pending = {pool.submit(_render_in_worker, brief, options): brief for brief in buildable}
    crash_point("rendering")
    try:
        while pending:
            done, _ = futures.wait(pending, timeout=options.timeout + GRACE, return_when=futures.FIRST_COMPLETED)
            if not done:
                kill_workers(pool)
                for brief in pending.values():
                    yield (
                        brief,
                        Failure(f"rendering stopped: no worker answered within {options.timeout:g} s", TOO_SLOW),
                    )
                return
            for future in done:
                yield pending.pop(future), _outcome(future)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: futures.Future[Rendered | Failure]) -> Rendered | Failure:
    try:
        outcome = future.result()
    except futures.process.BrokenProcessPool:
        return Failure("rendering stopped: the worker process died (out of memory, or killed)", TOO_BIG)
    if isinstance(outcome, Failure) and outcome.fatal:
        raise BriefgenError(outcome.message, outcome.hint)
    return outcome


def kill_workers(pool: futures.ProcessPoolExecutor) -> None:
    """Stop the workers of a pool whose worker is stuck (the executor has no public way to)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def limit_worker(parent: int | None = None) -> None:
    """Bound the memory of a worker process (where the platform allows it), and make it die
    with its parent `parent` (a worker of a killed build must not wait on its pipe forever)."""
    if parent is not None:
        die_with_parent(parent)
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _render_in_worker(brief: Buildable, options: BuildOptions) -> Rendered | Failure:
    return run_limited(lambda: _render_buildable(brief, options), options.timeout)


def _render_buildable(brief: Buildable, options: BuildOptions) -> Rendered:
    """Render a brief from the validation the parent made of it, or validate it here when the
    parent kept none (see `_KEPT_BYTES`)."""
    render = (options.templates, options.formats, options.since, options.pdf_variant)
    if brief.validated is None:
        return render_brief(brief.path, *render, review=options.review, stamp=brief.stamp)
    started = time.perf_counter()
    validated: Validated = pickle.loads(brief.validated)
    return render_validated(validated, *render, started, options.review, brief.stamp)


def run_limited(work: Callable[[], T], timeout: float, batch: bool = True) -> T | Failure:
    """Run `work` in a worker under a time limit; failures come back as values (`Failure`), not
    exceptions, so that they cross the process boundary intact. `batch`: with the collector set
    for batch work (`briefgen.collector`), whose full pass between briefs a worker that renders
    one small brief at a time, again and again (serve's preview), would pay on every render."""

    def expire(signum: int, frame: Any) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with fewer_collections() if batch else contextlib.nullcontext():
            return work()
    except RenderTimeout:
        return Failure(f"rendering took longer than the time limit ({timeout:g} s)", TOO_SLOW)
    except MemoryError:
        return Failure(f"rendering ran out of memory (limit {MEMORY_LIMIT // 1024**3} GiB)", TOO_BIG)
    except BriefgenError as error:
        return Failure(error.message, error.hint, fatal=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _write(rendered: Rendered, brief: Buildable, manifest: Manifest) -> Built:
    """Write a brief's files atomically, remove source pages a previous build left behind, and
    record in the manifest what was written and what it was made from."""
    brief_id = rendered.listed["id"]
    folder = manifest.out / brief_id
    for name, data in rendered.files.items():  # all checked before any is written
        check_replace(manifest, f"{brief_id}/{name}", data)
    for name, data in rendered.files.items():
        manifest.wrote(f"{brief_id}/{name}", data)
    manifest.write()  # the journal: every file is listed before it is written
    crash_point("journal")
    for number, (name, data) in enumerate(sorted(rendered.files.items())):
        write_atomic(folder / name, data)
        if number == 0:
            crash_point("first-file")
    sources = folder / "sources"
    if any(name.startswith("sources/") for name in rendered.files) and sources.is_dir():
        for stale in sources.glob("*.html"):
            if f"sources/{stale.name}" not in rendered.files and f"{brief_id}/sources/{stale.name}" in manifest.files:
                try:
                    stale.unlink()
                except OSError as error:
                    raise BriefgenError(
                        f"cannot remove {stale}: {error.strerror or error}",
                        "check the permissions of the output folder",
                    ) from error
                manifest.forget(f"{brief_id}/sources/{stale.name}")
    crash_point("files")
    names = sorted(rendered.files)
    manifest.briefs[brief_id] = BriefRecord(
        brief.file, brief.inputs, [f"{brief_id}/{name}" for name in names], rendered.pages, dict(rendered.listed)
    )
    manifest.write()
    return Built(brief.file, folder, tuple(names), rendered.pages, rendered.seconds)
