"""Property-based tests (issue 5): whatever the file, validation answers with diagnostics.

Random YAML, random bytes and mutations of a real brief (keys deleted, duplicated and
retyped, values swapped, odd Unicode inserted, the file cut short) go through the loader
and the whole validation pipeline in-process; a few go through the real command line. The
outcome is always a list of diagnostics with known codes, each located inside the file,
and never an exception.
"""

from __future__ import annotations

import copy
import functools
import shutil
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check.pipeline import validate_brief
from briefgen.codes import CODES
from briefgen.diagnostics import Diagnostic
from briefgen.load.document import load_text
from support import FIXTURES, REFERENCE_BRIEF, run_cli

CHEAP = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COSTLY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THROUGH_THE_CLI = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to YAML, to briefgen, or to whoever reads its output.
ODD = "\x00\x07\t\r\n\x1b\x85\u00a0\u200b\u2028\u202e\ufeff\U0001f600é—“”'\"\\"
YAML_CHARACTERS = ":-[]{},&*!|>'\"%@`#?~ \n\t" + "abcSK1IND0.é" + ODD
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ODD_TEXT = st.text(alphabet=st.sampled_from(ODD + "aZ0 "), min_size=1, max_size=12)


def check_answer(diagnostics: list[Diagnostic], raw: bytes, file: str) -> None:
    """Every diagnostic has a known code, a message, and a place inside the file."""
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines() or [""]
    for item in diagnostics:
        assert item.code in CODES, item
        assert item.severity in ("error", "warning") and item.message and item.file == file, item
        if item.code < "BG500":
            assert item.hint, item  # the validator's own layers always say how to fix it
        if item.line is not None:
            assert 1 <= item.line <= len(lines) + 1, (item, len(lines))
            width = len(lines[item.line - 1]) if item.line <= len(lines) else 0
            assert item.column is not None and 1 <= item.column <= width + 1, (item, width)


# The loader on its own.


@CHEAP
@given(st.text(alphabet=st.sampled_from(YAML_CHARACTERS), max_size=300))
def test_the_loader_answers_any_text_with_data_or_one_diagnostic(text: str) -> None:
    raw = text.encode("utf-8")
    loaded = load_text(raw, "brief.yaml")
    if loaded.data is None:
        assert len(loaded.diagnostics) == 1
        check_answer(loaded.diagnostics, raw, "brief.yaml")
    else:
        assert loaded.diagnostics == [] and isinstance(loaded.data, dict)


@CHEAP
@given(st.binary(max_size=300))
def test_the_loader_answers_any_bytes(raw: bytes) -> None:
    loaded = load_text(raw, "brief.yaml")
    assert loaded.data is None or isinstance(loaded.data, dict)
    check_answer(loaded.diagnostics, raw, "brief.yaml")


WORDS = st.text(alphabet=string.ascii_letters + " é", min_size=1, max_size=20).filter(
    lambda text: text.strip() == text and text.lower() not in ("true", "false", "null", "y", "n")
)
PLAIN = st.recursive(
    st.one_of(WORDS, st.integers(-(10**6), 10**6), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(WORDS, inner, max_size=4)),
    max_leaves=30,
)


@CHEAP
@given(st.dictionaries(WORDS, PLAIN, min_size=1, max_size=6), st.booleans())
def test_plain_data_survives_a_round_trip_and_every_value_is_located(data: dict[str, Any], flow: bool) -> None:
    text = yaml.dump(data, Dumper=_Dumper, default_flow_style=flow, allow_unicode=True, width=60)
    loaded = load_text(text.encode("utf-8"), "brief.yaml")
    assert loaded.diagnostics == [] and loaded.data == data
    rows = text.splitlines()
    for path, (line, column) in loaded.lines.values.items():
        if path:
            assert 1 <= line <= len(rows) and 1 <= column <= len(rows[line - 1]) + 1, (path, line, column)


# The whole pipeline, on mutations of real briefs.


def _paths(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, path + (index,))


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: tuple) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The brief's text after a few random edits, of its data or of its lines."""
    data = copy.deepcopy(_parsed(text))
    for _ in range(draw(st.integers(1, 4))):
        places = [path for path, _ in _paths(data) if path]
        path = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["delete", "retype", "swap", "odd", "empty"]))
        if action == "delete":
            _delete(data, path)
        elif action == "retype":
            _set(
                data,
                path,
                draw(
                    st.one_of(
                        st.integers(),
                        st.booleans(),
                        st.none(),
                        st.just([]),
                        st.just({}),
                        st.lists(ODD_TEXT, max_size=2),
                        ODD_TEXT,
                    )
                ),
            )
        elif action == "swap":
            other = draw(st.sampled_from(places))
            first, second = dict(_paths(data)).get(path), dict(_paths(data)).get(other)
            if not (other[: len(path)] == path or path[: len(other)] == other):
                _set(data, path, second)
                _set(data, other, first)
        elif action == "odd":
            value = dict(_paths(data))[path]
            if isinstance(value, str):
                at = draw(st.integers(0, len(value)))
                _set(data, path, value[:at] + draw(ODD_TEXT) + value[at:])
        else:
            _set(data, path, "")
        if not isinstance(data, dict):
            break
    out = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    rows = out.splitlines(keepends=True)
    edit = draw(st.sampled_from(["none", "truncate", "duplicate-line", "drop-line", "swap-lines"]))
    if edit == "truncate":
        out = out[: draw(st.integers(0, len(out)))]
    elif rows and edit != "none":
        at, other = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(rows) - 1))
        if edit == "duplicate-line":
            rows.insert(at, rows[at])
        elif edit == "drop-line":
            del rows[at]
        else:
            rows[at], rows[other] = rows[other], rows[at]
        out = "".join(rows)
    return out


@functools.cache
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # every value as text: exact, and easy to retype


@pytest.fixture(scope="module")
def base_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(FIXTURES / "base", Path(folder) / "base")
        yield Path(folder) / "base"


@pytest.fixture(scope="module")
def reference_folder() -> Iterator[Path]:
    if not (REFERENCE_BRIEF / "brief.yaml").is_file():
        pytest.skip("the reference brief is not in this checkout")
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(REFERENCE_BRIEF, Path(folder) / "reference")
        yield Path(folder) / "reference"


def validate_text(folder: Path, text: str) -> None:
    path = folder / "brief.yaml"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    result = validate_brief(path)
    check_answer(result.diagnostics, raw, result.file)


BASE_TEXT = (FIXTURES / "base" / "brief.yaml").read_text(encoding="utf-8")


@CHEAP
@given(st.data())
def test_validate_answers_every_mutation_of_the_base_brief(base_folder: Path, data: st.DataObject) -> None:
    validate_text(base_folder, data.draw(mutated(BASE_TEXT)))


@COSTLY
@given(st.data())
def test_validate_answers_every_mutation_of_the_reference_brief(reference_folder: Path, data: st.DataObject) -> None:
    original = (REFERENCE_BRIEF / "brief.yaml").read_text(encoding="utf-8")
    validate_text(reference_folder, data.draw(mutated(original)))


@THROUGH_THE_CLI
@given(st.data())
def test_the_command_line_exits_0_or_1_and_prints_no_traceback(base_folder: Path, data: st.DataObject) -> None:
    text = data.draw(mutated(BASE_TEXT))
    (base_folder / "brief.yaml").write_text(text, encoding="utf-8")
    done = run_cli(
        ["validate", "brief.yaml", "--format", data.draw(st.sampled_from(["text", "json", "github"]))], base_folder
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
