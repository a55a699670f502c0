"""Helpers shared by the tests: where things are, and how to run the real command line."""

from __future__ import annotations

import base64
import http.server
import json
import mimetypes
import os
import site
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import briefgen
from briefgen.text import quotes
from briefgen.text.quotes import NormalisedText

TESTS = Path(__file__).parent
AUDIT = TESTS / "audit"
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
REFERENCE_BRIEF = REPOSITORY / "briefs" / "russia-syria-security"


def run_cli(
    args: list[str], cwd: Path, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m briefgen ARGS` in `cwd`, with a fixed terminal width and UTF-8 output."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


# A 1×1 PNG: what a server answers, so that a fetch that should not happen would succeed.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@contextmanager
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that answers every request with a PNG and records its path:
    yields the server's base URL and the list of paths requested so far."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        do_POST = do_HEAD = do_GET  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def audited(log: Path) -> dict[str, str]:
    """Environment that makes every Python process of a run (workers too) log the files it opens."""
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(AUDIT), os.environ.get("PYTHONPATH")])),
        "BRIEFGEN_AUDIT_LOG": str(log),
    }


def settings_report(diagnostic: str, hint: str, command: str = "validate") -> str:
    """What `validate` (or `build`) prints in text for a settings file that stops the run:
    `diagnostic` ("briefgen.toml:2:1: BG121 settings-invalid: ...") with its severity, as every
    diagnostic is shown, its hint, and the summary of no brief checked."""
    where, _, rest = diagnostic.partition(": ")
    summary = "0 briefs checked: 1 error, 0 warnings" if command == "validate" else "0 briefs: 0 built; 1 error"
    return f"{where}: error {rest}\n    hint: {hint}\n{summary}\n"


def settings_files(top: Path) -> list[Path]:
    """The settings files briefgen reads, by design, at the top of the repository of briefs (outside
    a repository: the current folder): they are the one thing read from outside a brief's folder."""
    return [top / "briefgen.toml", top / "pyproject.toml"]


def reads_outside(log: Path, allowed: list[Path]) -> list[str]:
    """The files a run opened for reading, outside the `allowed` folders and what any Python
    program reads (its installation, briefgen's own package and templates, the files that the
    standard library and WeasyPrint create in the temporary folder)."""
    from briefgen.render.html import BUILTIN_TEMPLATES

    python = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), *map(Path, site.getsitepackages())}
    own = {Path(briefgen.__file__).parent, BUILTIN_TEMPLATES}
    roots = [folder.resolve() for folder in (*allowed, *python, *own)]
    temporary = Path(tempfile.gettempdir()).resolve()
    found = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        name, mode, flags = json.loads(line)
        path = Path(name)
        writing = any(c in mode for c in "wax+") if mode is not None else flags & os.O_ACCMODE != os.O_RDONLY
        try:
            not_followed = mode is None and flags & getattr(os, "O_NOFOLLOW", 0) and path.is_symlink()
            skipped = writing or not_followed or path.is_dir() or str(path) in ("/dev/null", *mimetypes.knownfiles)
            real = path.resolve()
        except OSError:  # a path the system cannot even look up (too long): nothing was read from it
            continue
        if skipped:
            continue
        if any(real.is_relative_to(root) for root in roots):
            continue
        if (
            real.parent == temporary
            and real.name.startswith(("tmp", "weasyprint-"))
            or (real.parent.parent == temporary and real.parent.name.startswith("weasyprint-"))
        ):
            continue
        found.append(str(path))
    return sorted(set(found))


def normalised_in_blocks(text: str, size: int = 3_000) -> NormalisedText:
    """`NormalisedText(text)` in blocks of about `size` characters, however short the text: its
    lazy search, block by block, on texts a test can make."""
    block, blocked = quotes.BLOCK, quotes.BLOCKED
    quotes.BLOCK, quotes.BLOCKED = size, 0
    try:
        return NormalisedText(text)
    finally:
        quotes.BLOCK, quotes.BLOCKED = block, blocked
