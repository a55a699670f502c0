"""No value from a brief, an archive or a path can drive the terminal or forge a line, in any
output format: text, JSON and GitHub annotations of diagnostics, the Markdown of a pull-request
comment (which also links, loads and notifies nothing), and build's progress lines."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefgen.diagnostics import Diagnostic
from briefgen.report import format_github, format_json, format_text
from briefgen.versions.change_report import markdown_text
from support import FIXTURES, run_cli
from versions_support import GitRepo, extended, isolated_git  # noqa: F401 (autouse: no user git settings)

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Text as hostile as it gets: controls, line breaks, bidirectional overrides, Markdown and HTML.
PIECES = (
    list("\x1b\x07\x00\r\n\t\x7f\x9b\u2028\u202e\u2066 ")
    + list("ab1![]()*_~`<>&@#:/.|$\\{}-+=")
    + ["https://", "www.", "**", "![x](https://e.org/i.png)", "[Approve](https://e.org)", "<img src=x>"]
)
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


def diagnostic(message: str, hint: str, file: str) -> Diagnostic:
    return Diagnostic("BG401", "error", message, file, 3, 5, hint)


@settings(max_examples=200, deadline=None)
@given(message=HOSTILE, hint=HOSTILE, file=HOSTILE)
def test_text_and_github_reports_hold_one_line_per_item_and_no_control(message: str, hint: str, file: str) -> None:
    item = diagnostic(message, hint, file)
    text = format_text([item]).split("\n")
    assert len(text) == 1 + bool(hint) and all(line.startswith("    hint: ") for line in text[1:])
    github = format_github([item], [file]).split("\n")
    assert len(github) == 2 and all(line.startswith("::") for line in github)
    for line in text + github:
        assert not UNSAFE.search(line), line


@settings(max_examples=200, deadline=None)
@given(message=HOSTILE, hint=HOSTILE, file=HOSTILE)
def test_json_report_escapes_every_control_and_keeps_the_values(message: str, hint: str, file: str) -> None:
    out = format_json([diagnostic(message, hint, file)], 1, [file])
    assert not UNSAFE.search(out.replace("\n", ""))
    data = json.loads(out)
    assert (data["diagnostics"][0]["message"], data["diagnostics"][0]["hint"], data["notes"][0]["file"]) == (
        message,
        hint,
        file,
    )


GITHUB_LIKE = MarkdownIt("commonmark").enable(["strikethrough", "table"])


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE)
def test_markdown_comment_text_shows_as_written_and_links_loads_or_notifies_nothing(text: str) -> None:
    from briefgen.report import printable

    rendered = GITHUB_LIKE.render(f"- **KJ1** statement: {markdown_text(text)}\n")
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"ul", "li", "strong"}, rendered
    assert rendered.count("<strong>") == 1
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u200b", "")
    assert shown.strip() == f"KJ1 statement: {printable(text)}".strip()
    bare = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert not re.search(r"(?i)://|www\.|[@#][^\u200b]", bare), bare
    assert not UNSAFE.search(rendered.replace("\n", ""))


def test_build_progress_lines_escape_a_hostile_folder_name(tmp_path: Path) -> None:
    """A folder name git can carry (ESC, BEL, a bidirectional override, a line break)."""
    name = "x\x1b[2J\x07\u202e\nbuilt fake"
    shutil.copytree(FIXTURES / "base", tmp_path / "briefs" / name)
    done = run_cli(["build", "briefs", "--format", "html", "--out", "site"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert not UNSAFE.search(done.stdout.replace("\n", ""))
    assert done.stdout.splitlines()[0].startswith(
        "built briefs/x\\x1b[2J\\x07\\u202e\\nbuilt fake/brief.yaml → site/base/"
    )
    assert len(done.stdout.splitlines()) == 2


def test_github_format_escapes_archived_text_in_a_hint(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "base", tmp_path / "b")
    source = next((tmp_path / "b" / "sources").iterdir())
    source.write_text(source.read_text(encoding="utf-8") + "\nofficials \x1b]0;pwned\x07 said\n", encoding="utf-8")
    brief = tmp_path / "b" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace('quote: "a second paragraph', 'quote: "officials pwned said', 1), encoding="utf-8")
    done = run_cli(["validate", "b", "--format", "github"], tmp_path)
    assert "BG401" in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [["diff", "HEAD~1", "HEAD"], ["diff", "HEAD~1", "HEAD", "--format", "markdown"], ["history", "HOSTILE"]],
    ids=["diff text", "diff markdown", "history"],
)
def test_diff_and_history_escape_a_hostile_folder_name_from_git(tmp_path: Path, args: list[str]) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    name = "briefs/x\x1b[2J\x07\u202e"
    repo.git("mv", "briefs/versioned", name)
    repo.write(extended(), f"{name}/brief.yaml")
    repo.commit("Move \x1b[31mand extend", "2026-02-10T10:00:00+00:00")
    done = run_cli([name if arg == "HOSTILE" else arg for arg in args], repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "x\\x1b[2J\\x07\\u202e" in done.stdout or "x\\\\x1b\\[2J\\\\x07\\\\u202e" in done.stdout
    assert not UNSAFE.search((done.stdout + done.stderr).replace("\n", ""))
