"""The preview server: its state, the loop that renders briefs again when they change, and how
it starts and stops (at once on Ctrl-C, leaving no worker and no temporary file behind)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.build.pipeline import Failure
from briefgen.check.settings import CONFIG_FILE, PYPROJECT
from briefgen.report import format_text
from briefgen.serve.briefs import Brief, Briefs
from briefgen.serve.renders import Made, Preview, Renderer, remove
from briefgen.serve.watcher import settings_folders, watch


@dataclass(frozen=True)
class Options:
    """How to serve: what, where, with which templates, limits and editor links."""

    root: Path
    host: str = "127.0.0.1"
    port: int = 8000
    templates: Path | None = None
    timeout: float = 120.0
    editor: str | None = None  # `vscode://file{path}:{line}:{column}`
    open_browser: bool = False


class Hub:
    """The pages listening for changes: each gets the names of what changed (a brief's key, ""
    for the listing, "pdf:KEY" for a PDF made)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[list[str] | None]] = set()
        self.closed = False

    def join(self) -> asyncio.Queue[list[str] | None]:
        queue: asyncio.Queue[list[str] | None] = asyncio.Queue()
        if self.closed:
            queue.put_nowait(None)
        self._queues.add(queue)
        return queue

    def leave(self, queue: asyncio.Queue[list[str] | None]) -> None:
        self._queues.discard(queue)

    def publish(self, names: list[str]) -> None:
        for queue in self._queues:
            queue.put_nowait(names)

    def close(self) -> None:
        """End every stream, so that the server can stop at once."""
        self.closed = True
        for queue in self._queues:
            queue.put_nowait(None)


class Previews:
    """The server's state, and the loop that brings it up to date: each brief that changed is
    rendered again in the preview worker, one at a time; a brief that changes again while it is
    rendered is rendered again, and only the last render is shown (the last save wins)."""

    def __init__(self, options: Options, preview: Path, say: Callable[[str], None]):
        self.options = options
        self.preview = preview
        self.pdfs = preview / "_pdf"
        self.briefs = Briefs(options.root, preview)
        # Staged pages in a hidden folder: the app serves no path with a hidden part.
        self.renderer = Renderer(options.templates, options.timeout, preview / "_tmp", preview / ".staged")
        self.hub = Hub()
        self.say = say
        self._dirty: dict[str, None] = {}
        self._wake = asyncio.Event()
        self._digests: dict[str, str] = {}
        self._making: dict[str, int] = {}  # brief key → generation of the PDF being made
        self.done = 0  # previews applied (for tests and the bench, through /_serve/state)

    def start(self) -> None:
        added, _ = self.briefs.scan()
        self.request(entry.key for entry in added)

    def request(self, keys: Any) -> None:
        for key in keys:
            self._dirty[key] = None
        self._wake.set()

    async def changed(self, paths: set[Path], moved: bool = True) -> None:
        """A batch of changed files: which briefs to render again. Only a batch in which a file
        was added, deleted or renamed (`moved`) can add or remove a brief: the briefs are looked
        for again then, not after a save that writes a file in place."""
        everything = any(path.name in (CONFIG_FILE, PYPROJECT) for path in paths)
        templates = self.options.templates
        if templates is not None and any(path.is_relative_to(templates.absolute()) for path in paths):
            # A fresh worker: Jinja checks a template it has compiled for changes, but not whether an
            # override of it has appeared in the --templates folder.
            self.renderer.restart()
            everything = True
        added, removed = self.briefs.scan() if moved or everything else ([], [])
        for entry in removed:
            self.briefs.forget(entry)
            self._dirty.pop(entry.key, None)
            self.say(f"removed {entry.file}")
        keys = [entry.key for entry in added]
        for entry in added:
            self.say(f"found {entry.file}")
        if everything:
            keys += [key for key, entry in self.briefs.entries.items() if not entry.removed]
        else:
            owners = (self.briefs.owner(path) for path in paths)
            keys += [owner.key for owner in owners if owner is not None]
        if removed or added:
            self.hub.publish(["", *(entry.key for entry in removed + added)])
        self.request(keys)

    async def run(self) -> None:
        """Render what changed, for as long as the server runs."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._dirty:
                key = next(iter(self._dirty))
                del self._dirty[key]
                entry = self.briefs.entries.get(key)
                if entry is None or entry.removed:
                    continue
                started = time.perf_counter()
                preview = await self.renderer.preview(entry.path, self.briefs.served(entry))
                if key in self._dirty or entry.removed:
                    self.briefs.drop(entry, preview)
                    continue  # changed again while it rendered: only the last save is shown
                self._apply(entry, preview, time.perf_counter() - started)

    def _apply(self, entry: Brief, preview: Preview, seconds: float) -> None:
        listed_before = entry.listed
        loop = asyncio.get_running_loop()
        replaced = self.briefs.apply(entry, preview)
        self.done += 1
        digest = _digest(preview, entry.versions)
        if self._digests.get(entry.key) != digest:  # else nothing a page shows has changed (a touch)
            self._digests[entry.key] = digest
            names = [entry.key]
            if entry.listed != listed_before or entry.generation == 1 or not preview.valid:
                names.append("")
            self.hub.publish(names)
            # The terminal after the streams have sent the reload (the event loop runs its
            # callbacks in order), and the files no longer needed removed after that.
            loop.call_soon(self.say, _describe(entry, preview, seconds))
        loop.call_soon(remove, replaced)

    def pdf_state(self, entry: Brief) -> tuple[str, Any]:
        """Where the PDF of a brief is: ("ready", file), ("making", None), ("failed", Failure), or
        ("invalid", None); asking starts making it."""
        if not entry.valid or entry.generation == 0:
            return "invalid", None
        if entry.pdf and entry.pdf[0] == entry.generation and (self.pdfs / f"{entry.pdf[1]}.pdf").is_file():
            return "ready", self.pdfs / f"{entry.pdf[1]}.pdf"
        if entry.pdf_failure and entry.pdf_failure[0] == entry.generation:
            return "failed", entry.pdf_failure[1]
        if self._making.get(entry.key) != entry.generation:
            self._making[entry.key] = entry.generation
            asyncio.get_running_loop().create_task(self._make_pdf(entry, entry.generation))
        return "making", None

    async def _make_pdf(self, entry: Brief, generation: int) -> None:
        self.pdfs.mkdir(exist_ok=True)
        started = time.perf_counter()
        outcome = await self.renderer.pdf(entry.path, self.pdfs)
        if self._making.get(entry.key) == generation:
            del self._making[entry.key]
        if isinstance(outcome, Failure):
            entry.pdf_failure = (generation, outcome)
            self.say(f"{entry.file}: the PDF could not be made: {outcome.message}")
        else:
            assert isinstance(outcome, Made)
            if outcome.data is not None:
                from briefgen.build.atomic import write_atomic

                write_atomic(self.pdfs / f"{outcome.inputs}.pdf", outcome.data)
                self.say(f"made the PDF of {entry.file} ({time.perf_counter() - started:.1f} s)")
            entry.pdf = (generation, outcome.inputs)
        self.hub.publish([f"pdf:{entry.key}"])

    def state(self) -> dict[str, Any]:
        """What the server has done, for tests and the bench."""
        return {
            "previews": self.done,
            "pending": len(self._dirty),
            "briefs": {
                key: {"generation": entry.generation, "valid": entry.valid, "removed": entry.removed}
                for key, entry in self.briefs.entries.items()
            },
        }


def _digest(preview: Preview, files: dict[str, bytes]) -> str:
    """What a page shows of a preview: its diagnostics, and its files' versions (`files`, as
    `Briefs.apply` wrote them) when it rendered."""
    digest = hashlib.sha256(repr((preview.diagnostics, preview.problem)).encode("utf-8"))
    if preview.rendered is not None:
        for name, found in sorted(files.items()):
            digest.update(name.encode("utf-8") + b"\0" + found)
    return digest.hexdigest()


def _describe(entry: Brief, preview: Preview, seconds: float) -> str:
    if preview.settings is not None:  # located, with its hint, as validate and build print it
        return f"{entry.file}: could not be rendered:\n{format_text([preview.settings])}"
    if preview.problem is not None:
        return f"{entry.file}: could not be rendered: {preview.problem.message}"
    errors = sum(1 for d in preview.diagnostics if d.severity == "error")
    if errors:
        where = "over its last good render" if entry.listed else "alone: it has not been valid yet"
        return f"{entry.file}: {errors} error{'s' * (errors != 1)} (shown on its page, {where})"
    return f"rendered {entry.file} ({seconds:.2f} s)"


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (port 0: a free one), bound before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(options: Options, sock: socket.socket, say: Callable[[str], None]) -> None:
    """Run the server until Ctrl-C (or SIGTERM); then stop everything it started."""
    preview = Path(tempfile.mkdtemp(prefix="briefgen-serve-"))
    try:
        asyncio.run(_serve(options, sock, preview, say))
    finally:
        shutil.rmtree(preview, ignore_errors=True)


async def _serve(options: Options, sock: socket.socket, preview: Path, say: Callable[[str], None]) -> None:
    import uvicorn

    from briefgen.serve.app import build_app

    previews = Previews(options, preview, say)
    port = sock.getsockname()[1]
    app = build_app(previews, allowed_hosts(options.host, port))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1)
    loop = asyncio.get_running_loop()

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            loop.call_soon_threadsafe(previews.hub.close)  # end the event streams: stop at once
            super().handle_exit(sig, frame)

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # uvicorn's own raises the signal again once it has stopped, which for SIGTERM ends
            # the process before the workers are stopped and the preview folder is removed.
            signals = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in signals}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    server = Server(config)
    stop = asyncio.Event()
    previews.start()
    tasks = [
        asyncio.create_task(previews.run()),
        asyncio.create_task(watch(_watched(options), settings_folders(options.root), stop, previews.changed)),
    ]
    url = f"http://{_url_host(_browser_host(options.host))}:{port}/"
    count = sum(1 for entry in previews.briefs.entries.values() if not entry.removed)
    every = "listening on every interface; " if options.host in _EVERY_INTERFACE else ""
    say(f"serving {count} brief{'s' * (count != 1)} from {options.root} at {url} ({every}Ctrl-C to stop)")
    if options.open_browser:
        import webbrowser

        loop.call_later(0.3, webbrowser.open, url)
    try:
        await server.serve(sockets=[sock])
    finally:
        stop.set()
        previews.renderer.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _watched(options: Options) -> list[Path]:
    root = options.root.absolute()
    watched = [root.parent if root.is_file() else root]
    if options.templates is not None:
        watched.append(options.templates.absolute())
    return watched


# The addresses that listen on every interface, and the loopback one a browser opens instead:
# http://0.0.0.0:8000/ is no page a browser can open.
_EVERY_INTERFACE = {"0.0.0.0": "127.0.0.1", "::": "::1"}


def _browser_host(host: str) -> str:
    return _EVERY_INTERFACE.get(host, host)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers the server answers (any other is refused: DNS rebinding). On a loopback
    address, its names for this machine; on every interface (0.0.0.0, ::), any IP address or
    this machine's names, since a page reaching it by a name of its own is what rebinding is."""
    names = {host}
    if host in ("127.0.0.1", "::1", "localhost"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    elif host in _EVERY_INTERFACE:
        names |= {"localhost", "127.0.0.1", "[::1]", socket.gethostname(), socket.getfqdn(), "*ip"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    return {f"{name}:{port}" if name != "*ip" else name for name in names}
