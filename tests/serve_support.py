"""`briefgen serve` run as a user runs it: a real process on a free port of 127.0.0.1, stopped
with Ctrl-C (SIGINT) at the end, after which no process of it and no temporary file is left."""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="needs the serve extra (pip install -e '.[serve]')")


@dataclass
class Served:
    """A running `briefgen serve`: its base URL, its process and what it printed so far."""

    url: str
    host: str
    port: int
    process: subprocess.Popen[str]
    temp: Path
    lines: list[str] = field(default_factory=list)

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One raw HTTP request (the path is sent exactly as given)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in {"Host": f"{self.host}:{self.port}", **(headers or {})}.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def state(self) -> dict:
        return json.loads(self.request("/_serve/state")[2])

    def wait(self, done, what: str, timeout: float = 60) -> dict:
        """Wait until `done(state)` holds (the server renders in the background)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if done(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"the server did not get to {what} within {timeout} s: {self.state()}")

    def previews(self) -> int:
        return self.state()["previews"]

    def preview_folder(self) -> Path:
        (folder,) = self.temp.glob("briefgen-serve-*")
        return folder


def descendants(pid: int) -> set[int]:
    """Every descendant of a process (from /proc)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            for child in task.read_text().split():
                found.add(int(child))
                pending.append(int(child))
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@contextmanager
def serving(cwd: Path, *args: str, stopped: list[str] | None = None, temp: Path | None = None) -> Iterator[Served]:
    """`briefgen serve ARGS --port 0` in `cwd`, until every brief found is rendered once; on leaving,
    Ctrl-C, and the checks that it stopped leaving nothing behind."""
    temp = cwd / "tmp" if temp is None else temp  # never inside a brief's folder: no output may go there
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", *args, "--port", "0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    heard: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            heard.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            try:
                line = heard.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            if line.startswith("serving "):
                url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert url is not None, "\n".join(lines)
        hostport = url.split("//", 1)[1].rstrip("/")
        host, port = hostport.rsplit(":", 1)
        served = Served(url, host, int(port), process, temp, lines)
        served.wait(lambda s: all(b["generation"] or b["removed"] for b in s["briefs"].values()), "a first render")
        yield served
    finally:
        family = descendants(process.pid) if process.poll() is None else set()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("briefgen serve did not stop on Ctrl-C:\n" + "\n".join(lines)) from None
        finally:
            reader.join(timeout=10)
            assert process.stdout is not None
            process.stdout.close()
        if stopped is not None:
            stopped.extend(lines)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in family if alive(pid)], "processes left after Ctrl-C"
        assert list(temp.iterdir()) == [], f"left in the temporary folder: {list(temp.iterdir())}"
