"""Benchmarks of `briefgen serve`: from a save to the page's reload message, against what serve
cannot avoid (validating the brief and rendering its HTML, in a warm process); rendering against
validating in a warm process; and the server's memory over a long session of edits.

The brief is the reference brief, in a git repository of its own with two versions (so that the
version stamp and the changes section do their git work, as they do for a writer).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.measure import ROOT, Result, interleaved

REFERENCE = ROOT / "briefs" / "russia-syria-security"
KEY = "russia-syria-security"
_OLD = "Russia will very likely still operate its naval facility"


def _repository(work: Path) -> Path:
    """The reference brief in a git repository: version 1.0, then the brief as it is (1.1)."""
    folder = work / "briefs" / KEY
    folder.parent.mkdir(parents=True)
    shutil.copytree(REFERENCE, folder)
    brief = folder / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)

    git("init", "-q")
    brief.write_text(text.replace('version: "1.1"', 'version: "1.0"').replace("very likely still", "likely still"))
    git("add", "-A")
    git("commit", "-q", "-m", "1.0")
    brief.write_text(text, encoding="utf-8")
    git("commit", "-q", "-am", "1.1")
    return brief


class _Edits:
    """Saves of the brief that each change KJ1's statement (a new word each time)."""

    def __init__(self, brief: Path):
        self.brief = brief
        self.text = brief.read_text(encoding="utf-8")
        self.count = 0

    def save(self) -> None:
        self.count += 1
        new = self.text.replace(_OLD, _OLD.replace("still", f"still (edit {self.count})"), 1)
        self.brief.write_text(new, encoding="utf-8")


@contextmanager
def _server(work: Path) -> Iterator[tuple[subprocess.Popen[bytes], _Events, int]]:
    """`briefgen serve` on a free port, and a reader of its event stream. What it prints goes to
    a file, as a terminal takes it: read from a pipe by a thread of the bench's, each line it
    prints after a reload woke that thread as the bench's own was woken by the reload."""
    printed = work.parent / "serve.out"
    with printed.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "briefs", "--port", "0"],
            cwd=work,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    while "\n" not in (text := printed.read_text(encoding="utf-8")):  # its first line, whole
        if process.poll() is not None:
            raise SystemExit(f"bench: `briefgen serve` exited {process.returncode}: {printed.read_text()[-2000:]}")
        time.sleep(0.05)
    port = int(text.split(" at http://127.0.0.1:", 1)[1].split("/", 1)[0])
    events = _Events(port)
    try:
        while _state(port)["briefs"].get(KEY, {}).get("generation", 0) < 1:  # the first render
            time.sleep(0.1)
        yield process, events, port
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        events.close()


class _Events:
    """The server's event stream, read off its socket by the thread that saves, as a page's
    EventSource reads it in the browser. (Read through http.client's chunked decoding in a
    thread of its own that handed each message on through a queue, it cost the bench some 0.2 ms
    of each save that were counted as serve's.)"""

    def __init__(self, port: int):
        self._socket = socket.create_connection(("127.0.0.1", port))
        self._socket.sendall(f"GET /_serve/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self._pending = b""  # the last line, not whole yet

    def _lines(self, data: bytes) -> list[bytes]:
        lines = (self._pending + data).split(b"\n")
        self._pending = lines.pop()
        return lines

    def drain(self) -> None:
        """Forget the messages sent so far."""
        self._socket.setblocking(False)
        try:
            while data := self._socket.recv(65536):
                self._lines(data)
        except BlockingIOError:
            pass
        finally:
            self._socket.settimeout(60)

    def wait(self, key: str) -> None:
        """Wait for a message that names `key` (each is a line `data: [names]` of a chunk)."""
        name = json.dumps(key).encode()
        while True:
            data = self._socket.recv(65536)
            if not data:
                raise SystemExit("bench: the server closed its event stream")
            if any(line.startswith(b"data: ") and name in line for line in self._lines(data)):
                return

    def close(self) -> None:
        self._socket.close()


def _state(port: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/_serve/state")
    body = connection.getresponse().read()
    connection.close()
    return json.loads(body)


def _rss(pid: int) -> float:
    """Resident memory of a process and its descendants, in MiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").glob("*/children"):
                pending.extend(int(child) for child in task.read_text().split())
        except (OSError, StopIteration):
            continue
    return total / 1024


def _after_saves(saves: _Edits, brief: Path, reps: int) -> tuple[float, float]:
    """Median seconds to render the HTML of the brief just validated, and to validate it, each
    time after a save that changes KJ1's statement (what serve does on each save)."""
    from briefgen.build.pipeline import render_validated
    from briefgen.check.pipeline import validate_brief

    renders, validations = [], []
    for _ in range(reps + 1):
        saves.save()
        started = time.perf_counter()
        validated = validate_brief(brief)
        middle = time.perf_counter()
        render_validated(validated, None, ("html",))
        validations.append(middle - started)
        renders.append(time.perf_counter() - middle)
    return statistics.median(renders[1:]), statistics.median(validations[1:])


def measure(reps: int, edits: int = 500) -> list[Result]:
    from briefgen.build.pipeline import render_validated
    from briefgen.check.pipeline import validate_brief
    from briefgen.versions.git import remember

    remember()  # as serve's preview worker does: this process is the warm one

    with tempfile.TemporaryDirectory(prefix="briefgen-bench-serve-") as temp:
        work, elsewhere = Path(temp) / "served", Path(temp) / "in-process"
        saves = _Edits(_repository(work))
        # The in-process side edits a copy the server does not watch: a save of its own must not
        # set the server rendering while it is timed.
        brief = _repository(elsewhere)
        own = _Edits(brief)

        def in_process() -> None:
            own.save()
            render_validated(validate_brief(brief), None, ("html",))

        with _server(work) as (process, events, _):

            def served() -> None:
                events.drain()
                saves.save()
                events.wait(KEY)

            reload_time, floor = interleaved([served, in_process], reps * 2)
            render_time, validate_time = _after_saves(own, brief, reps * 4)
            for _ in range(50):
                served()
            early = _rss(process.pid)
            for _ in range(edits - 50):
                served()
            late = _rss(process.pid)
    return [
        Result("`serve`: a save to the reload message vs validate + render HTML in-process", reload_time, floor, 1.3),
        Result(
            "warm process, after each save: render the HTML of the validated brief vs validate it",
            render_time,
            validate_time,
            1.0,
        ),
        Result(f"`serve`: memory after {edits} edits vs after 50", late, early, 1.1, unit="MiB"),
    ]
