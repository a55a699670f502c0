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

The manifest is also the build's journal: the files a brief is about to write are listed, with
the hashes of their new contents, before the first of them is renamed into place, and its record
(inputs, files) once they all are. A build stopped at any point (killed, out of disk) leaves a
manifest that lists every file it wrote; a file it lists that does not hold what was recorded
(the old contents, or none) is simply written again by the next build.

The manifest and the files it lists are read only as regular files (never through a link, never
a pipe or a device) and only up to a size no output reaches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.build.atomic import write_atomic
from briefgen.load.document import FileProblem, read_file

MANIFEST = ".briefgen-manifest.json"
FORMAT = 1
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_OUTPUT_BYTES = 512 * 1024**2


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
        raw = read_file(out / MANIFEST, MAX_MANIFEST_BYTES, own_name=False)
        if isinstance(raw, FileProblem):
            return cls(out)
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                return cls(out)
            briefs = {key: BriefRecord(**value) for key, value in data["briefs"].items()}
            return cls(out, dict(data["files"]), briefs)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
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
        raw = read_file(self.out / name, MAX_OUTPUT_BYTES, own_name=False)
        return not isinstance(raw, FileProblem) and digest(raw) == recorded

    def current(self, brief_id: str, inputs: str) -> BriefRecord | None:
        """The brief's record, if its outputs were made from these inputs and are all intact."""
        record = self.briefs.get(brief_id)
        if record is None or record.inputs != inputs or not all(self.intact(name) for name in record.files):
            return None
        return record

    def wrote(self, name: str, data: bytes) -> None:
        """Record that briefgen writes (is about to write, or wrote) `data` to the file `name`."""
        self.files[name] = digest(data)

    def forget(self, name: str) -> None:
        self.files.pop(name, None)
