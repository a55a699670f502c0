"""Loaded by every Python process of a test run whose PYTHONPATH starts with this folder: if
BRIEFGEN_AUDIT_LOG is set, log each file the process opens (Python's `open` audit event, raised
by open(), os.open() and the like), with its mode and flags, as one line of JSON."""

import json
import os
import sys

_LOG = os.environ.get("BRIEFGEN_AUDIT_LOG")

if _LOG:
    _FD = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _opened(event: str, args: tuple) -> None:
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(os.fspath(args[0])))
            mode = None if args[1] is None else str(args[1])
            os.write(_FD, (json.dumps([path, mode, args[2]]) + "\n").encode("utf-8"))

    sys.addaudithook(_opened)
