"""The floors briefgen is measured against, run as their own processes.

`python bench/floors.py parse FOLDER`: find every brief.yaml under FOLDER and parse it with
PyYAML's C loader (what `briefgen validate` cannot do with less work).
`python bench/floors.py one FILE`: import yaml and pydantic and parse one brief (the least a
validating process must do).
"""

from __future__ import annotations

import os
import sys

import yaml


def parse_folder(folder: str) -> int:
    count = 0
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        if "brief.yaml" in files:
            with open(os.path.join(root, "brief.yaml"), "rb") as stream:
                yaml.load(stream.read(), Loader=yaml.CSafeLoader)
            count += 1
    return count


def parse_one(file: str) -> None:
    import pydantic  # noqa: F401  (the floor of a validating process imports it)

    with open(file, "rb") as stream:
        yaml.load(stream.read(), Loader=yaml.CSafeLoader)


if __name__ == "__main__":
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "parse":
        parse_folder(target)
    else:
        parse_one(target)
