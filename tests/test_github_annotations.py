"""`--format github` conforms to GitHub's workflow-command syntax.

The annotations are read back the way the Actions runner reads a step's output (its
`ActionCommand.TryParseV2`, restated below): split into lines, `::command k=v,k=v::data`, properties
split on `,` then on the first `=`, and each escape undone in the runner's order. Every message and
property must come back exactly, whatever `%`, CR, LF, `:`, `,` or `=` it holds, one line per
diagnostic. The escapes themselves are checked against the test vectors of GitHub's toolkit.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefgen.codes import CODES
from briefgen.diagnostics import Diagnostic
from briefgen.report import escape_data, escape_property, format_github

# The runner's unescaping order: `%25` last, so that an escaped `%0A` (`%250A`) stays `%0A`.
_DATA = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
_PROPERTY = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))
_COMMANDS = {"error", "warning", "notice", "debug", "group", "endgroup", "add-mask"}
# Properties an annotation takes, per GitHub's documentation of `::error` and `::warning`.
_ANNOTATION_PROPERTIES = {"title", "file", "line", "endline", "col", "endcolumn"}


def _net_whitespace(char: str) -> bool:
    """.NET's `Char.IsWhiteSpace`, which the runner's `Trim` uses (not quite Python's `isspace`)."""
    return char in "\t\n\x0b\x0c\r\x85\xa0" or unicodedata.category(char) in ("Zs", "Zl", "Zp")


def _trim_start(text: str) -> str:
    while text and _net_whitespace(text[0]):
        text = text[1:]
    return text


def _trim(text: str) -> str:
    text = _trim_start(text)
    while text and _net_whitespace(text[-1]):
        text = text[:-1]
    return text


def runner_lines(output: str) -> list[str]:
    """A step's output as the runner reads it: lines end at CR LF, CR or LF, and nothing else."""
    lines = re.split(r"\r\n|\r|\n", output)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _split(text: str, separator: str, count: int | None = None) -> list[str]:
    """.NET's `String.Split(separator, count, RemoveEmptyEntries)`."""
    pieces: list[str] = []
    start = 0
    for position, char in enumerate(text):
        if count is not None and len(pieces) == count - 1:
            break
        if char == separator:
            if text[start:position]:
                pieces.append(text[start:position])
            start = position + 1
    if text[start:]:
        pieces.append(text[start:])
    return pieces


def _unescape(text: str, mappings: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """The runner's reading of one line: command, properties (names case-insensitive), data."""
    line = _trim_start(line)
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info = line[2:end]
    name, space, properties = info.partition(" ")
    if name not in _COMMANDS:
        return None
    found: dict[str, str] = {}
    if space:
        for item in _split(_trim(properties), ","):
            pair = _split(item, "=", 2)
            if len(pair) == 2:
                found[pair[0].lower()] = _unescape(pair[1], _PROPERTY)
    return name, found, _unescape(line[end + 2 :], _DATA)


def test_the_parser_reads_githubs_documented_example() -> None:
    assert parse_command("::error file=app.js,line=1,col=5,endColumn=7,title=Syntax::Missing semicolon") == (
        "error",
        {"file": "app.js", "line": "1", "col": "5", "endcolumn": "7", "title": "Syntax"},
        "Missing semicolon",
    )
    assert parse_command("not a command ::error::x") is None


def test_escapes_match_the_toolkit_test_vectors() -> None:
    # From @actions/core's command tests: a property, then a message, with every special character.
    assert escape_property("percent % percent % cr \r cr \r lf \n lf \n colon : colon : comma , comma ,") == (
        "percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A colon %3A colon %3A comma %2C comma %2C"
    )
    assert escape_data("percent % percent % cr \r cr \r lf \n lf \n") == (
        "percent %25 percent %25 cr %0D cr %0D lf %0A lf %0A"
    )
    # A message keeps `:` and `,` as they are: only properties escape them.
    assert escape_data("a: b, c") == "a: b, c"


# Text that a brief can carry into a message or a file name, with every character that the
# syntax gives a meaning to; control characters are left to the test below.
_AWKWARD = st.lists(
    st.sampled_from(["%", ":", ",", "=", " ", "a", "Z", "0", "é", "%0A", "%25", "%3A", "::"]), min_size=1, max_size=20
).map("".join)
_PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), min_size=1)


@given(
    st.one_of(_AWKWARD, st.text(min_size=1)),
    # The runner trims the properties, so the last one must not end in white space: briefgen puts
    # `title` (a code and its name) last.
    st.one_of(_AWKWARD, st.text(min_size=1)).filter(lambda title: not _net_whitespace(title[-1])),
    st.text(),
)
def test_escaping_reads_back_exactly(file: str, title: str, message: str) -> None:
    line = f"::warning file={escape_property(file)},title={escape_property(title)}::{escape_data(message)}"
    assert runner_lines(line) == [line]
    assert parse_command(line) == ("warning", {"file": file, "title": title}, message)


def diagnostics(text: st.SearchStrategy[str]) -> st.SearchStrategy[list[Diagnostic]]:
    located = st.one_of(st.none(), st.tuples(st.integers(1, 10_000), st.integers(1, 500)))
    one = st.builds(
        lambda code, message, file, position, hint: Diagnostic(
            code, CODES[code].severity, message, file, *(position or (None, None)), hint
        ),
        st.sampled_from(sorted(CODES)),
        text,
        text,
        located,
        st.one_of(st.none(), text),
    )
    return st.lists(one, min_size=1, max_size=5)


@given(diagnostics(st.one_of(_AWKWARD, _PRINTABLE)))
def test_every_annotation_reads_back_exactly(found: list[Diagnostic]) -> None:
    lines = runner_lines(format_github(found))
    assert len(lines) == len(found)
    for line, item in zip(lines, found, strict=True):
        parsed = parse_command(line)
        assert parsed is not None, line
        command, properties, data = parsed
        assert command == item.severity
        assert set(properties) <= _ANNOTATION_PROPERTIES
        assert properties["file"] == item.file
        assert properties["title"] == f"{item.code} {item.name}"
        if item.line is None:
            assert "line" not in properties and "col" not in properties
        else:
            assert (properties["line"], properties["col"]) == (str(item.line), str(item.column))
        assert data == item.message + (f"\nhint: {item.hint}" if item.hint else "")


@given(diagnostics(st.text(alphabet=st.sampled_from("\r\n\x1b\x85\u2028\u2029\x00a:%,"), min_size=1)))
def test_line_breaks_and_control_characters_never_split_an_annotation(found: list[Diagnostic]) -> None:
    lines = runner_lines(format_github(found))
    assert len(lines) == len(found)
    for line, item in zip(lines, found, strict=True):
        parsed = parse_command(line)
        assert parsed is not None and parsed[0] == item.severity
        assert set(parsed[1]) == ({"file", "title"} | ({"line", "col"} if item.line else set()))


def test_validate_annotations_name_an_awkward_file_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "briefs" / "a,b:c%25 d"
    folder.mkdir(parents=True)
    (folder / "brief.yaml").write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", "--format", "github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.endswith("1 brief checked: 10 errors, 0 warnings\n")
    parsed = [parse_command(line) for line in runner_lines(done.stdout)]
    assert len(parsed) == 11  # ten errors, and a notice that the deeper checks did not run
    assert {(command, properties["file"]) for command, properties, _ in parsed} == {
        ("error", "briefs/a,b:c%25 d/brief.yaml"),
        ("notice", "briefs/a,b:c%25 d/brief.yaml"),
    }
    assert parsed[-1][1]["title"] == "checks not run"
    by_title = sorted((p["title"], p["line"], p["col"], data) for _, p, data in parsed[:-1])
    assert by_title[0][:3] == ("BG202 missing-field", "1", "1")
    assert "missing required field 'authors' in the brief\nhint: add `authors:` — Authors or the authoring team." in {
        data for *_, data in by_title
    }


def test_annotations_name_files_from_the_repository_top_from_any_folder(tmp_path: Path) -> None:
    from support import run_cli

    folder = tmp_path / "repo" / "briefs" / "x"
    (folder / "sources").mkdir(parents=True)
    (folder / "brief.yaml").write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    annotation = "::error file={},line=1,col=1,title=BG202 missing-field::missing required field 'title' in the brief"

    def first(cwd: Path, form: str) -> str:
        done = run_cli(["validate", "--format", form], cwd)
        assert done.returncode == 1, done.stderr
        return next(line for line in done.stdout.splitlines() if "field 'title'" in line).split("%0A")[0]

    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    for cwd in (folder, folder / "sources", tmp_path / "repo" / "briefs", tmp_path / "repo"):
        assert first(cwd, "github") == annotation.format("briefs/x/brief.yaml"), cwd
    # Text and JSON name files from the current folder, as every message does.
    assert (
        first(folder, "text")
        == "brief.yaml:1:1: error BG202 missing-field: missing required field 'title' in the brief"
    )
    assert json_files(run_cli(["validate", "--format", "json"], folder / "sources").stdout) == {"../brief.yaml"}
    # Outside a repository, from the current folder (there is no top to name them from).
    (tmp_path / "repo" / ".git").rename(tmp_path / "repo" / "git")
    assert first(folder, "github") == annotation.format("brief.yaml")


def json_files(report: str) -> set[str]:
    import json

    return {item["file"] for item in json.loads(report)["diagnostics"]}
