"""Helpers shared by the tests: where things are, and how to run the real command line."""

from __future__ import annotations

import base64
import http.server
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
REFERENCE_BRIEF = REPOSITORY / "briefs" / "russia-syria-security"


def run_cli(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m briefgen ARGS` in `cwd`, with a fixed terminal width and UTF-8 output."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
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
