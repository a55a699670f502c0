"""The work `serve` does in worker processes, with the limits of `build`: a brief's preview (its
diagnostics, and its HTML when it is valid) and, on demand, its PDF.

Workers come from a fork server started before any thread of the server runs: forking the
server itself, which runs threads (uvicorn's loop, the file watcher), is not safe. The fork
server has imported the renderer, so a worker starts warm; the preview worker stays up between
renders, so that its caches (Jinja's compiled templates, the git lookups) stay warm too.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as futures
import contextlib
import multiprocessing
import os
import secrets
import signal
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.build.pipeline import (
    GRACE,
    TOO_BIG,
    TOO_SLOW,
    Failure,
    Rendered,
    kill_workers,
    limit_worker,
    refusals,
    render_validated,
    run_limited,
)
from briefgen.check.pipeline import validate_brief
from briefgen.check.settings import SettingsError
from briefgen.diagnostics import Diagnostic
from briefgen.errors import BriefgenError
from briefgen.load.paths import display_path
from briefgen.workers import die_with_parent

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Renders of one worker before a fresh one takes over: WeasyPrint's and fontconfig's caches
# grow a little with each brief (as `build` does, in rounds of ten).
_RENDERS_PER_WORKER = 200
_PRELOAD = ["briefgen.serve.renders", "briefgen.render.compose", "briefgen.render.html", "briefgen.render.timeline"]


@dataclass(frozen=True)
class Preview:
    """What a brief is now: its diagnostics and, when it is valid, its HTML files; `problem` is
    why it could not be checked or rendered (a broken settings file, a template error).

    `versions` names the bytes of each file rendered: two previews give a file the same version
    exactly when they give it the same bytes (see `_versions`). Only the files whose version is
    not the one the server said it has are passed on (a save changes the page, rarely its
    sources' pages), and not as bytes: the worker writes each into the staging folder, and
    `staged` names it there, for the server to rename into place (or `discard`). `rendered`
    carries no bytes: a page of some 400 KB pickled, piped and written again by the server cost
    a save more than writing it once here."""

    file: str
    diagnostics: tuple[Diagnostic, ...]
    rendered: Rendered | None = None
    problem: Failure | None = None
    versions: dict[str, bytes] = field(default_factory=dict)
    settings: Diagnostic | None = None  # the problem, when it is the settings file's (SettingsError)
    staged: dict[str, str] = field(default_factory=dict)  # file name → its file in the staging folder

    def discard(self, keep: Collection[str] = ()) -> None:
        """Remove the staged files of a preview that will not be shown (a later save came), but
        those in `keep`."""
        remove(file for file in self.staged.values() if file not in keep)

    @property
    def valid(self) -> bool:
        return self.problem is None and not any(d.severity == "error" for d in self.diagnostics)


def remove(files: Iterable[str]) -> None:
    """Remove files of the preview folder, those already gone too."""
    for file in files:
        with contextlib.suppress(OSError):
            os.unlink(file)


@dataclass(frozen=True)
class Made:
    """A PDF made (or found made) from the brief's inputs, whose hash names it."""

    inputs: str
    data: bytes | None  # None: the cache already holds the PDF of these inputs


@dataclass(frozen=True)
class Served:
    """What the server has of a brief's files, told to the worker with each request: `versions`,
    the version of each (its files are under `folder`), and `spares`, a file of the staging folder
    for each that the worker may write over (the server's copy before the last, of that name)."""

    folder: Path
    versions: dict[str, bytes] = field(default_factory=dict)
    spares: dict[str, str] = field(default_factory=dict)


def preview_brief(
    path: Path, templates: Path | None, staging: Path, served: Served | None = None, held: list[object] | None = None
) -> Preview:
    """Validate one brief and, when it is valid, render its HTML (in a worker) and write into
    `staging` the files whose bytes are not those the server has of it (`served`). The brief
    validated is put in `held`, when given, for the caller to free when it sees fit."""
    file = display_path(path)
    try:
        validated = validate_brief(path)
        if held is not None:
            held.append(validated)
        found = list(validated.diagnostics)
        if validated.context is None or validated.errors:
            return Preview(validated.file, tuple(found))
        refused = refusals(validated, {})
        if refused:
            return Preview(validated.file, tuple(sorted(found + refused, key=Diagnostic.sort_key)))
        rendered = render_validated(validated, templates, ("html",))
        served = served or Served(staging)
        versions = _versions(path, rendered.files, served)
        changed = {name: data for name, data in rendered.files.items() if served.versions.get(name) != versions[name]}
        staged = {name: _stage(staging, data, served.spares.get(name)) for name, data in changed.items()}
        return Preview(validated.file, tuple(found), replace(rendered, files={}), versions=versions, staged=staged)
    except SettingsError as error:
        return Preview(file, (), problem=Failure(error.message, error.hint), settings=error.diagnostic)
    except BriefgenError as error:
        return Preview(file, (), problem=Failure(error.message, error.hint))
    except OSError as error:  # the brief's folder went away while it was read
        return Preview(file, (), problem=Failure(f"cannot read {file}: {error.strerror or error}", None))


def _versions(path: Path, files: dict[str, bytes], served: Served) -> dict[str, bytes]:
    """The version of each file: the one this worker gave the same bytes when it rendered the
    brief last, or the server's when they are the bytes of its copy, or else a new one (random:
    unique to these bytes, as a SHA-256 would be, without hashing 400 KB a save). The server's
    copy is read only when it is not this worker's last render (a fresh worker, or a render the
    server did not show): else bytes unlike that render's are unlike the server's too."""
    before = _RENDERED.pop(path, {})
    versions = {}
    for name, data in files.items():
        kept = before.get(name)
        have = served.versions.get(name)
        if kept is not None and kept[0] == data:
            versions[name] = kept[1]
        elif have is not None and (kept is None or kept[1] != have) and _holds(served.folder / name, data):
            versions[name] = have
        else:
            versions[name] = secrets.token_bytes(16)
    _RENDERED[path] = {name: (data, versions[name]) for name, data in files.items()}
    while len(_RENDERED) > _RENDERED_KEPT:
        del _RENDERED[next(iter(_RENDERED))]
    return versions


def _holds(file: Path, data: bytes) -> bool:
    """Whether `file` holds `data` (False when it cannot be read)."""
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except OSError:
        return False


def _stage(staging: Path, data: bytes, spare: str | None) -> str:
    """Write a file into `staging`: over `spare` when there is one (the blocks of a file written
    over are its own already, where a new file's are allocated: 0.01 against some 0.7 ms for a
    page of 400 KB, on ext4), else under a name of its own. Without `build`'s fsync: the preview
    folder is temporary, and a save waits on this."""
    handle = -1
    if spare is not None:
        with contextlib.suppress(OSError):  # gone: a new file instead
            handle, name = os.open(spare, os.O_WRONLY | os.O_NOFOLLOW), spare
    if handle < 0:
        handle, name = tempfile.mkstemp(dir=staging)
    with open(handle, "wb") as file:  # (a spare is not truncated first: that frees its blocks)
        file.write(data)
        file.truncate()  # what a longer spare held after `data`
    return name


# In the preview worker: the files of the briefs rendered last and their versions, by brief file.
_RENDERED: dict[Path, dict[str, tuple[bytes, bytes]]] = {}
_RENDERED_KEPT = 8


def make_pdf(path: Path, templates: Path | None, cache: Path) -> Made | Failure:
    """The PDF of a brief as it is now: found in `cache` by the hash of its inputs, or rendered."""
    from briefgen.build.inputs import inputs_hash
    from briefgen.versions.stamp import stamp_for

    validated = validate_brief(path)
    if validated.context is None or validated.errors or refusals(validated, {}):
        return Failure(f"{validated.file} is not valid", "fix the errors shown on its page, then ask for the PDF again")
    stamp = stamp_for(path, validated.context.brief.version)
    inputs = inputs_hash(validated, stamp, ("pdf",), templates, None)
    if (cache / f"{inputs}.pdf").is_file():
        return Made(inputs, None)
    rendered = render_validated(validated, templates, ("pdf",), stamp=stamp)
    return Made(inputs, next(data for name, data in rendered.files.items() if name.endswith(".pdf")))


def _preview_in_worker(
    path: Path, templates: Path | None, staging: Path, timeout: float, served: Served, held: list[object]
) -> Preview:
    outcome = run_limited(lambda: preview_brief(path, templates, staging, served, held), timeout, batch=False)
    return Preview(display_path(path), (), problem=outcome) if isinstance(outcome, Failure) else outcome


def _pdf_in_worker(path: Path, templates: Path | None, cache: Path, timeout: float) -> Made | Failure:
    return run_limited(lambda: make_pdf(path, templates, cache), timeout)


def _start_worker(temporary: str, server: int, forked: bool) -> None:
    """A worker's set-up: build's memory limit, and death with the server (process `server`; its
    worker's parent is the fork server when `forked`), however the server dies: a server killed
    (`kill -9`) leaves no worker rendering on. Ctrl-C is the server's to handle, not the workers'
    (it reaches the whole process group), and the server stops them; temporary files (WeasyPrint
    makes some) go into the preview folder, which goes when the server stops, even when a worker
    is stopped in the middle of a render."""
    from briefgen.versions.git import remember

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["TMPDIR"] = tempfile.tempdir = temporary
    die_with_parent(server, through_fork_server=forked)
    limit_worker()
    remember()  # a preview worker asks git the same questions after every save


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server (POSIX), or spawned where there is none."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


class Renderer:
    """The two workers of a server: one for previews (kept between renders), one for PDFs (one
    at a time, in a fresh process, since each takes seconds and WeasyPrint's caches grow)."""

    def __init__(self, templates: Path | None, timeout: float, temporary: Path, staging: Path):
        self.templates = templates
        self.temporary = temporary
        self.staging = staging  # where the preview worker writes the files it rendered
        self.timeout = timeout
        self._context = worker_context()
        self._previews: _PreviewWorker | None = None
        self._renders = 0
        self._pdfs: set[futures.ProcessPoolExecutor] = set()

    def _setup(self) -> tuple[str, int, bool]:
        """The folders a worker writes to, made, and `_start_worker`'s arguments."""
        self.temporary.mkdir(exist_ok=True)
        self.staging.mkdir(exist_ok=True)
        return str(self.temporary), os.getpid(), self._context.get_start_method() == "forkserver"

    def _pool(self) -> futures.ProcessPoolExecutor:
        return futures.ProcessPoolExecutor(
            max_workers=1, mp_context=self._context, initializer=_start_worker, initargs=self._setup()
        )

    async def preview(self, path: Path, served: Served) -> Preview:
        """The preview of one brief, rendered in the preview worker under the time limit (`served`:
        what the server has of its files, which are not written again)."""
        if self._previews is None or self._renders >= _RENDERS_PER_WORKER:
            self.restart()
            self._previews, self._renders = _PreviewWorker(self._context, self._setup()), 0
        self._renders += 1
        request = (path, self.templates, self.staging, self.timeout, served)
        outcome = await self._previews.ask(request, self.timeout)
        if isinstance(outcome, Failure):
            self.restart()  # the worker is stuck or gone: the next preview starts a fresh one
            return Preview(display_path(path), (), problem=outcome)
        return outcome

    async def pdf(self, path: Path, cache: Path) -> Made | Failure:
        """The PDF of one brief, in a worker of its own."""
        pool = self._pool()
        self._pdfs.add(pool)
        try:
            future = pool.submit(_pdf_in_worker, path, self.templates, cache, self.timeout)
            made: Made | Failure = await asyncio.wait_for(asyncio.wrap_future(future), self.timeout + GRACE)
            return made
        except asyncio.TimeoutError:
            kill_workers(pool)
            return _too_slow(self.timeout)
        except futures.process.BrokenProcessPool:
            return _DIED
        finally:
            self._pdfs.discard(pool)
            pool.shutdown(wait=False)  # the worker exits by itself, its own clean-up done

    def restart(self) -> None:
        """Stop the preview worker: the next preview starts a fresh one."""
        if self._previews is not None:
            self._previews.stop()
            self._previews = None

    def close(self) -> None:
        """Stop every worker at once (a render in progress is abandoned)."""
        self.restart()
        for pool in list(self._pdfs):
            kill_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)


_DIED = Failure("rendering stopped: the worker process died (out of memory, or killed)", TOO_BIG)


def _too_slow(timeout: float) -> Failure:
    return Failure(f"rendering stopped: the worker did not answer within {timeout:g} s", TOO_SLOW)


class _PreviewWorker:
    """The preview worker: a process asked over a pipe of its own, whose answer the server's
    event loop waits for on the pipe itself. (A process pool hands each request and each answer
    through threads of its own, each hop a wait for the interpreter lock, and on a loaded
    machine for a core: about 0.5 ms of a save.)"""

    def __init__(self, context: multiprocessing.context.BaseContext, setup: tuple[str, int, bool]):
        self._connection, child = context.Pipe()
        # (typeshed gives BaseContext no Process: each context's own is its start method's)
        self._process = context.Process(target=_serve_previews, args=(child, *setup), daemon=True)  # type: ignore[attr-defined]
        self._process.start()
        child.close()
        self._answered: asyncio.Future[bool] | None = None  # True: answered (or stopped); False: too late

    async def ask(self, request: tuple[Any, ...], timeout: float) -> Preview | Failure:
        """The worker's answer to `request`, or why there is none (too slow: it is stopped)."""
        loop = asyncio.get_running_loop()
        self._answered = answered = loop.create_future()
        # A timer of its own rather than `asyncio.wait_for`, whose future around the answer's
        # cost each answer one more turn of the event loop.
        late = loop.call_later(timeout + GRACE, _settle, answered, False)
        try:
            self._connection.send(request)
            loop.add_reader(self._connection.fileno(), _settle, answered, True)
            if not await answered:
                return _too_slow(timeout)
            outcome: Preview | Failure = self._connection.recv()
            return outcome
        except (EOFError, OSError):  # the worker died, or was stopped while it rendered
            return _DIED
        finally:
            late.cancel()
            self._stop_waiting()

    def _stop_waiting(self) -> None:
        if self._answered is not None:
            _settle(self._answered, True)  # a stop while it waits: it goes on, to find the pipe closed
            self._answered = None
            with contextlib.suppress(OSError, ValueError):  # the pipe not watched yet, or closed
                asyncio.get_running_loop().remove_reader(self._connection.fileno())

    def stop(self) -> None:
        self._stop_waiting()  # before the pipe closes: the loop must not watch its number
        self._process.kill()
        self._connection.close()


def _settle(future: asyncio.Future[bool], answered: bool) -> None:
    if not future.done():
        future.set_result(answered)


def _serve_previews(connection: Connection, temporary: str, server: int, forked: bool) -> None:
    """The preview worker's life: each request it is sent, answered, until its pipe closes."""
    _start_worker(temporary, server, forked)
    while True:
        try:
            path, templates, staging, timeout, served = connection.recv()
        except EOFError:
            return
        held: list[object] = []
        connection.send(_preview_in_worker(path, templates, staging, timeout, served, held))
        # Freed once the answer is on its way, not before: the brief's loaded data (its models,
        # its archives' text) took the worker 0.1-0.2 ms a save to free.
        held.clear()
