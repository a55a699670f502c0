"""Validating a brief takes time linear in what it holds, whatever its text: each class of input
that once made a check quadratic or worse, grown to four times its size (tests/linear.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from briefgen.check.settings import Config
from briefgen.text.wording import sentences
from linear import assert_linear

# Texts that wake the sentence splitter and the wording checks: runs of stops, a sentence end
# every few characters, abbreviations and initials that do not end a sentence, lower-case
# continuations, quotation marks that never close, and terms and confidence in every sentence.
PROSE_PUMPS = (
    ".",
    ". a",
    "a. ",
    "e.g. ",
    "U.S. b",
    "!?",
    "\n\n",
    "\n- ",
    "likely. We are confident. ",
    "We are confident it is likely. ",
    "likely confident ",
    "“",
    "‘",
    "«",
    "](",
    "<http://",
    "5 ",
    "not likely ",
    "the likely ",
    "confidence in ",
)


@pytest.mark.parametrize("unit", PROSE_PUMPS)
def test_sentences_are_split_in_linear_time(unit: str) -> None:
    assert_linear(
        lambda size: "We are confident it is likely " + unit * (size // len(unit)),
        lambda text: sum(1 for _ in sentences(text)),  # type: ignore[arg-type]
        10_000,
        f"sentences() of {unit!r} * n",
    )


def test_sentences_still_split_as_before() -> None:
    text = "It is likely. e.g. this goes on. U.S. forces stay! a lower-case line\n\nNew paragraph...  Next"
    # A stop before a lower-case word ends no sentence; "U.S." is initials, not an end.
    assert [text[start:end] for start, end in sentences(text)] == [
        "It is likely. e.g. this goes on.",
        " U.S. forces stay! a lower-case line\n\n",
        "New paragraph...",
        "  Next",
    ]


def _brief_with_bottom_line(folder: Path, minimal: Path, bottom_line: str) -> Path:
    folder.mkdir(exist_ok=True)
    for archive in (minimal.parent / "sources").iterdir():
        (folder / "sources").mkdir(exist_ok=True)
        (folder / "sources" / archive.name).write_bytes(archive.read_bytes())
    text = minimal.read_text(encoding="utf-8").replace(
        "bottom_line: Russia is back on patrol [@S1].", "bottom_line: " + json.dumps(bottom_line), 1
    )
    (folder / "brief.yaml").write_text(text, encoding="utf-8")
    return folder / "brief.yaml"


@pytest.mark.parametrize("unit", PROSE_PUMPS)
def test_a_prose_field_is_validated_in_linear_time(unit: str, minimal: Path, tmp_path: Path) -> None:
    def make(size: int) -> Path:
        return _brief_with_bottom_line(
            tmp_path / f"n{size}", minimal, "We are confident it is likely " + unit * (size // len(unit))
        )

    def work(path: object) -> object:
        return validate_brief(path, Config())  # type: ignore[arg-type]

    assert_linear(make, work, 5_000, f"validate of a bottom line of {unit!r} * n")


def test_one_sentence_with_likelihood_and_confidence_is_still_reported_once(minimal: Path, tmp_path: Path) -> None:
    path = _brief_with_bottom_line(
        tmp_path / "b", minimal, "We are confident it is likely. It rains. We have high confidence it will likely stop."
    )
    found = [d.message for d in validate_brief(path, Config()).diagnostics if d.code == "BG505"]
    assert found == [
        'one sentence carries both a likelihood ("likely") and a confidence level ("We are confident"): '
        '"We are confident it is likely."',
        'one sentence carries both a likelihood ("likely") and a confidence level ("high confidence"): '
        '"We have high confidence it will likely stop."',
    ]


def test_a_bad_setting_is_located_in_linear_time_after_many_blank_lines(tmp_path: Path) -> None:
    from briefgen.check.settings import read_config
    from briefgen.errors import BriefgenError

    def make(size: int) -> Path:
        path = tmp_path / f"n{size}" / "briefgen.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n" * size + "no-such-setting = 1\n", encoding="utf-8")
        return path

    def work(path: object) -> str:
        with pytest.raises(BriefgenError) as raised:
            read_config(path)  # type: ignore[arg-type]
        return str(raised.value)

    assert f"briefgen.toml:{20_001}:" in work(make(20_000))
    assert_linear(make, work, 20_000, "locating a bad setting after n blank lines")


def _brief_with_top_level(folder: Path, minimal: Path, extra: str) -> Path:
    path = _brief_with_bottom_line(folder, minimal, "Russia is back on patrol [@S1].")
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_many_misspelt_keys_give_a_hundred_diagnostics_and_a_count(minimal: Path, tmp_path: Path) -> None:
    path = _brief_with_top_level(tmp_path / "b", minimal, "".join(f"bottom_lin{n:05d}: x\n" for n in range(5_000)))
    found = [d for d in validate_brief(path, Config()).diagnostics if d.code == "BG201"]
    assert len(found) == 101
    assert found[0].hint == "did you mean 'bottom_line'?"
    assert found[-1].line == found[-2].line + 1
    assert found[-1].message == "4,900 more BG201 problems in this file from here on, not shown (the first 100 are)"
    assert found[-1].hint == "fix the ones shown and validate again"


def test_misspelt_keys_are_reported_in_linear_time(minimal: Path, tmp_path: Path) -> None:
    def make(size: int) -> Path:
        keys = "".join(f"scope_not{n:05d}_{'x' * (n % 7)}: x\n" for n in range(size))
        return _brief_with_top_level(tmp_path / f"n{size}", minimal, keys)

    assert_linear(make, lambda path: validate_brief(path, Config()), 2_000, "validate of n misspelt keys")  # type: ignore[arg-type]


def test_a_misspelt_required_field_is_still_one_problem(minimal: Path, tmp_path: Path) -> None:
    path = _brief_with_bottom_line(tmp_path / "b", minimal, "x")
    path.write_text(path.read_text(encoding="utf-8").replace("scope_note:", "scope_not:"), encoding="utf-8")
    found = [(d.code, d.hint) for d in validate_brief(path, Config()).diagnostics]
    assert found == [("BG201", "did you mean 'scope_note'? It is required, and missing.")]


def test_many_diagnostics_in_one_long_text_are_located_in_linear_time(minimal: Path, tmp_path: Path) -> None:
    # A block scalar is written verbatim: each citation of an unknown source is located at its own
    # line of the file, from the text's line breaks found once (not counted from its start for each).
    def make(size: int) -> Path:
        path = _brief_with_bottom_line(tmp_path / f"n{size}", minimal, "x")
        lines = "".join("  Patrols go on [@NOPE].\n" for _ in range(size // 26))
        text = path.read_text(encoding="utf-8").replace('bottom_line: "x"\n', "bottom_line: |\n" + lines)
        path.write_text(text, encoding="utf-8")
        return path

    found = [d for d in validate_brief(make(2_600), Config()).diagnostics if "NOPE" in d.message]
    assert [(d.line, d.column) for d in found[:3]] == [(11, 18), (12, 18), (13, 18)]
    assert_linear(make, lambda path: validate_brief(path, Config()), 20_000, "locating a citation in each of n lines")  # type: ignore[arg-type]
