"""The manifest of an output folder: the files briefgen wrote there, with the hash of each, and
for each brief the hash of everything its outputs were made from.

One file, `OUT/.briefgen-manifest.json`, serves two purposes:
- incremental builds: a brief whose inputs hash as recorded, and whose files are all still
  there as written, is not rendered again;
- output safety: a file that the manifest does not list is not briefgen's to overwrite or
  remove (`briefgen.build.outputs`); one it lists but that was edited since is written again.

Format 1 (JSON, keys sorted, paths relative to the output folder with `/`):

    {"format": 1, "briefgen": "0.1.0",
     "files": {"index.html": "<sha256>", "brief-id/index.html": "<sha256>", ...},
     "briefs": {"brief-id": {"source": "briefs/x/brief.yaml", "inputs": "<sha256>",
                             "files": ["brief-id/index.html", ...], "pages": 7, "listed": {...}}}}

A manifest that is missing, unreadable or of another format counts as empty: everything is
built again, which is always correct.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.build.atomic import write_atomic

MANIFEST = ".briefgen-manifest.json"
FORMAT = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class BriefRecord:
    """What the manifest knows of one brief's outputs."""

    source: str
    inputs: str
    files: list[str]
    pages: int | None
    listed: dict[str, Any]


@dataclass
class Manifest:
    """The manifest of the output folder `out` (see the module docstring)."""

    out: Path
    files: dict[str, str] = field(default_factory=dict)
    briefs: dict[str, BriefRecord] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> Manifest:
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls(out)
            briefs = {key: BriefRecord(**value) for key, value in data["briefs"].items()}
            return cls(out, dict(data["files"]), briefs)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(out)

    def write(self) -> None:
        data = {
            "format": FORMAT,
            "briefgen": __version__,
            "files": dict(sorted(self.files.items())),
            "briefs": {key: vars(record) for key, record in sorted(self.briefs.items())},
        }
        write_atomic(self.out / MANIFEST, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"))

    def intact(self, name: str) -> bool:
        """True if the file `name` (relative to the output folder) is still as briefgen wrote it."""
        recorded = self.files.get(name)
        if recorded is None:
            return False
        try:
            return digest((self.out / name).read_bytes()) == recorded
        except OSError:
            return False

    def current(self, brief_id: str, inputs: str) -> BriefRecord | None:
        """The brief's record, if its outputs were made from these inputs and are all intact."""
        record = self.briefs.get(brief_id)
        if record is None or record.inputs != inputs or not all(self.intact(name) for name in record.files):
            return None
        return record

    def wrote(self, name: str, data: bytes) -> None:
        """Record that briefgen wrote `data` to the file `name`."""
        self.files[name] = digest(data)

    def forget(self, name: str) -> None:
        self.files.pop(name, None)
