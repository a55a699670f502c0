"""`briefgen diff` through the real command line, on real temporary git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefgen.cli import main
from versions_support import BASE, GitRepo, edit, extended, isolated_git  # noqa: F401 (isolated_git is an autouse fixture)

V1_1 = edit(
    BASE,
    ('version: "1.0"', 'version: "1.1"'),
    ("    likelihood: likely\n    confidence: moderate", "    likelihood: very likely\n    confidence: high"),
    ("status: observed", "status: emerging"),
)
# On the branch `review`: SC2 renamed SC3, two judgments added, KJ1 reworded, S1 regraded,
# new evidence for IND1.
REVIEW = edit(
    extended(V1_1),
    ('version: "1.1"', 'version: "1.2"'),
    ("  - id: SC2\n", "  - id: SC3\n"),
    ("{scenario: SC2, direction: lowers}", "{scenario: SC3, direction: lowers}"),
    ("Russian patrols will continue.", "Russian patrols will continue and expand east of the Euphrates."),
    ("reliability: C", "reliability: B"),
    (
        'quote: "a second paragraph about fuel supplies ... Tartus"',
        'quote: "a second paragraph about fuel supplies ... Tartus"\n      - source: S1\n        quote: "on 3 August"',
    ),
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """v1.0 and v1.1 tagged on main, then branch `review` with one commit: the working folder."""
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    repo.git("tag", "v1.0")
    repo.write(V1_1)
    repo.commit("Raise KJ1 after new reporting", "2026-02-10T10:00:00+00:00")
    repo.git("tag", "v1.1")
    repo.git("checkout", "-q", "-b", "review")
    repo.write(REVIEW)
    repo.commit("Rename SC2, add judgments", "2026-02-15T10:00:00+00:00")
    monkeypatch.chdir(repo.root)
    return repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_diff_between_two_tags(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "v1.0", "v1.1") == (
        0,
        f"""\
Changes from v1.0 ({repo.short("v1.0")}, 2026-02-01) to v1.1 ({repo.short("v1.1")}, 2026-02-10)

versioned · A versioned brief · version 1.0 of 2026-02-01 → 1.1 of 2026-02-01
  Key judgments
    KJ1: likely → very likely ↑
    KJ1 confidence: moderate → high ↑
  Indicators
    IND1: observed → emerging

1 brief compared: 1 modified; 3 changes
""",
        "",
    )


def test_diff_main_on_a_branch_in_plain_words(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(edit(REVIEW, ("status: emerging", "status: observed")))  # uncommitted
    assert run(capsys, "main") == (
        0,
        f"""\
Changes from main ({repo.short("main")}, 2026-02-10) to the working tree

versioned · A versioned brief · version 1.1 of 2026-02-01 → 1.2 of 2026-02-01
  Key judgments
    KJ1 statement: Russian patrols will continue{{+ and expand east of the Euphrates+}}.
    added KJ2 (unlikely, low confidence): Turkey will not contest the patrols.
    added KJ3 (very likely, moderate confidence): Damascus will welcome the patrols.
  Scenarios
    renamed SC2 → SC3
  Indicators
    IND1: emerging → observed
    IND1 evidence added: S1 “on 3 August”
  Sources
    S1 reliability: C — fairly reliable → B — usually reliable

1 brief compared: 1 modified; 7 changes
""",
        "",
    )


def test_markdown_for_a_pull_request_comment(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "main", "HEAD", "--format", "markdown") == (
        0,
        f"""\
### Assessment changes: `main` ({repo.short("main")}, 2026-02-10) → `HEAD` ({repo.short("HEAD")}, 2026-02-15)

#### versioned · A versioned brief · version 1.1 of 2026-02-01 → 1.2 of 2026-02-01

**Key judgments**

- **KJ1** statement: Russian patrols will continue **and expand east of the Euphrates**.
- added **KJ2** (unlikely, low confidence): Turkey will not contest the patrols.
- added **KJ3** (very likely, moderate confidence): Damascus will welcome the patrols.

**Scenarios**

- renamed **SC2** → **SC3**

**Indicators**

- **IND1** evidence added: **S1** “on 3 August”

**Sources**

- **S1** reliability: C — fairly reliable → B — usually reliable

_1 brief compared: 1 modified; 6 changes_
""",
        "",
    )


def test_json_for_programs(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "v1.0", "v1.1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["from"] == {
        "revision": "v1.0",
        "commit": repo.git("rev-parse", "v1.0").strip(),
        "date": "2026-02-01",
        "working_tree": False,
        "branch_point": False,
    }
    assert data["to"]["revision"] == "v1.1"
    code, out, _ = run(capsys, "v1.0", "--format", "json")
    assert json.loads(out)["to"] == {
        "revision": None,
        "commit": None,
        "date": None,
        "working_tree": True,
        "branch_point": False,
    }
    assert data["summary"] == {
        "briefs": 1,
        "modified": 1,
        "added": 0,
        "removed": 0,
        "unchanged": 0,
        "changes": 3,
        "not_valid": 0,
    }
    (brief,) = data["briefs"]
    assert brief["version"] == {"before": "1.0", "after": "1.1"}
    assert brief["path"] == {"before": "briefs/versioned/brief.yaml", "after": "briefs/versioned/brief.yaml"}
    assert brief["changes"][0] == {
        "kind": "likelihood",
        "section": "key_judgments",
        "item": "KJ1",
        "field": "likelihood",
        "before": "likely",
        "after": "very likely",
        "direction": "up",
    }


def test_clean_working_tree_has_no_changes(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--format", "text") == (
        0,
        f"""\
Changes from HEAD ({repo.short("HEAD")}, 2026-02-15) to the working tree

versioned · A versioned brief · version 1.2 of 2026-02-01: no changes to the assessment

1 brief compared: 1 unchanged; 0 changes
""",
        "",
    )


def main_moves_on(repo: GitRepo) -> None:
    """main, after the branch `review` left it: version 1.1.1, IND1 receding."""
    repo.git("checkout", "-q", "main")
    repo.write(edit(V1_1, ("status: emerging", "status: receding"), ('version: "1.1"', 'version: "1.1.1"')))
    repo.commit("Main moves on", "2026-02-20T10:00:00+00:00")
    repo.git("checkout", "-q", "review")


def test_three_dots_compare_with_where_the_branch_left(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    main_moves_on(repo)
    code, out, _ = run(capsys, "main...", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["from"]["revision"] == "main...HEAD"
    assert data["from"]["commit"] == repo.git("rev-parse", "v1.1").strip()
    kinds = [change["kind"] for change in data["briefs"][0]["changes"]]
    assert "status" not in kinds  # main's later change is not the branch's


def test_diff_main_after_main_moved_on_is_what_the_branch_changes(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    main_moves_on(repo)
    assert run(capsys, "main") == (
        0,
        f"""\
Changes from main (branch point {repo.short("v1.1")}, 2026-02-10) to the working tree

versioned · A versioned brief · version 1.1 of 2026-02-01 → 1.2 of 2026-02-01
  Key judgments
    KJ1 statement: Russian patrols will continue{{+ and expand east of the Euphrates+}}.
    added KJ2 (unlikely, low confidence): Turkey will not contest the patrols.
    added KJ3 (very likely, moderate confidence): Damascus will welcome the patrols.
  Scenarios
    renamed SC2 → SC3
  Indicators
    IND1 evidence added: S1 “on 3 August”
  Sources
    S1 reliability: C — fairly reliable → B — usually reliable

1 brief compared: 1 modified; 6 changes
""",
        "",
    )
    code, out, _ = run(capsys, "main", "--format", "markdown")
    assert out.splitlines()[0] == (
        f"### Assessment changes: `main` (branch point {repo.short('v1.1')}, 2026-02-10) → working tree"
    )
    code, out, _ = run(capsys, "main", "--format", "json")
    assert json.loads(out)["from"] == {
        "revision": "main",
        "commit": repo.git("rev-parse", "v1.1").strip(),
        "date": "2026-02-10",
        "working_tree": False,
        "branch_point": True,
    }
    # Two revisions, and `A..B`, are taken literally: main's own later changes show, reversed.
    for args in (("main", "HEAD"), ("main..HEAD",)):
        code, out, _ = run(capsys, *args)
        assert out.splitlines()[0] == (
            f"Changes from main ({repo.short('main')}, 2026-02-20) to HEAD ({repo.short('HEAD')}, 2026-02-15)"
        )
        assert (
            "versioned · A versioned brief · version 1.1.1 of 2026-02-01 → 1.2 of 2026-02-01" in out
            and "IND1: receding → emerging" in out
        )


def test_one_revision_that_head_descends_from_is_itself(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    main_moves_on(repo)
    for name in ("v1.0", "HEAD~1"):
        code, out, _ = run(capsys, name)
        assert (code, out.splitlines()[0]) == (
            0,
            f"Changes from {name} ({repo.short(name)}, "
            f"{'2026-02-01' if name == 'v1.0' else '2026-02-10'}) to the working tree",
        )


def test_a_brief_added_removed_and_moved(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.git("mv", "briefs/versioned", "briefs/renamed-folder")
    repo.add_brief("briefs/second", BASE.replace("id: versioned", "id: second").replace("A versioned", "A second"))
    code, out, _ = run(capsys, "HEAD")
    assert (code, out.splitlines()[2:5]) == (
        0,
        [
            "versioned · A versioned brief · version 1.2 of 2026-02-01: no changes to the assessment",
            "  moved: briefs/versioned/brief.yaml → briefs/renamed-folder/brief.yaml",
            "",
        ],
    )
    assert (
        "second · A second brief · version 1.0 of 2026-02-01: new brief (1 key judgment, 2 scenarios, 1 implication, "
        "1 indicator, 1 source)" in out
    )
    repo.commit("Move one brief, add another", "2026-02-16T10:00:00+00:00")
    code, out, _ = run(capsys, "HEAD", "HEAD~1")
    assert (code, out.splitlines()[2:]) == (
        0,
        [
            "second · A second brief · version 1.0 of 2026-02-01: brief removed",
            "",
            "versioned · A versioned brief · version 1.2 of 2026-02-01: no changes to the assessment",
            "  moved: briefs/renamed-folder/brief.yaml → briefs/versioned/brief.yaml",
            "",
            "2 briefs compared: 1 removed, 1 unchanged; 0 changes",
        ],
    )


def test_paths_limit_the_briefs_compared(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.add_brief("briefs/second", BASE.replace("id: versioned", "id: second"))
    code, out, _ = run(capsys, "v1.0", "briefs/versioned")
    assert code == 0 and "second" not in out and "1 brief compared: 1 modified" in out
    code, out, _ = run(capsys, "v1.0", "v1.1", "briefs/versioned/brief.yaml")
    assert code == 0 and "1 brief compared: 1 modified; 3 changes" in out


def test_unknown_revision(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "v1.0", "v9") == (
        2,
        "",
        """\
briefgen: error: no brief in 'v9' at v1.0 ({}, 2026-02-01) or the working tree
  hint: if 'v9' is meant as a revision: git knows no tag, branch or commit of that name
""".format(repo.short("v1.0")),
    )
    assert run(capsys, "v1.0..v9") == (
        2,
        "",
        """\
briefgen: error: unknown revision 'v9': git knows no tag, branch or commit of that name
  hint: list them with `git tag`, `git branch --all` or `git log --oneline`
""",
    )


def test_a_brief_absent_at_both_revisions(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "v1.0", "v1.1", "briefs/none") == (
        2,
        "",
        f"""\
briefgen: error: no brief in 'briefs/none' at v1.0 ({repo.short("v1.0")}, 2026-02-01) or v1.1 ({repo.short("v1.1")}, 2026-02-10)
  hint: give the folder of a brief, or a brief.yaml
""",
    )


def test_a_brief_invalid_at_a_revision(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(
        edit(REVIEW, ("likelihood: very likely\n    confidence: high", "likelihood: very likley\n    confidence: high"))
    )
    repo.commit("Typo", "2026-02-16T10:00:00+00:00")
    repo.git("tag", "broken")
    assert run(capsys, "broken", "v1.1") == (
        1,
        "",
        f"""\
briefgen: briefs/versioned/brief.yaml is not a valid brief at broken ({repo.short("broken")}, 2026-02-16), so it cannot be compared:
broken:briefs/versioned/brief.yaml:15:17: error BG203 invalid-value: key_judgments[0].likelihood: 'very likley' is not one of the allowed values
    hint: did you mean 'very likely'?
""",
    )


def test_the_other_briefs_are_compared_when_one_is_not_valid(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.add_brief("briefs/second", BASE.replace("id: versioned", "id: second").replace("A versioned", "A second"))
    repo.commit("A second brief", "2026-02-16T10:00:00+00:00")
    repo.write(REVIEW.replace("status: emerging", "status: seen"))
    repo.write(
        BASE.replace("id: versioned", "id: second")
        .replace("A versioned", "A second")
        .replace('version: "1.0"', 'version: "1.1"')
        .replace("confidence: moderate", "confidence: high", 1),
        "briefs/second/brief.yaml",
    )
    code, out, err = run(capsys, "HEAD")
    assert (code, out, err) == (
        1,
        f"""\
Changes from HEAD ({repo.short("HEAD")}, 2026-02-16) to the working tree

second · A second brief · version 1.0 of 2026-02-01 → 1.1 of 2026-02-01
  Key judgments
    KJ1 confidence: moderate → high ↑

1 brief compared: 1 modified; 1 change; 1 not valid, not compared (see the problems listed)
""",
        """\
briefgen: briefs/versioned/brief.yaml is not a valid brief in the working tree, so it cannot be compared:
briefs/versioned/brief.yaml:63:13: error BG203 invalid-value: indicators[0].status: 'seen' is not one of the allowed values
    hint: allowed: 'not_observed', 'emerging', 'observed', 'receding'
""",
    )
    code, out, _ = run(capsys, "HEAD", "--format", "json")
    assert code == 1 and json.loads(out)["summary"] == {
        "briefs": 1,
        "modified": 1,
        "added": 0,
        "removed": 0,
        "unchanged": 0,
        "changes": 1,
        "not_valid": 1,
    }


def test_a_moved_brief_is_matched_by_id_under_a_path(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.git("mv", "briefs/versioned", "briefs/renamed-folder")
    repo.commit("Move the brief", "2026-02-16T10:00:00+00:00")
    expected = f"""\
Changes from main ({repo.short("main")}, 2026-02-10) to the working tree

versioned · A versioned brief · version 1.1 of 2026-02-01 → 1.2 of 2026-02-01
  moved: briefs/versioned/brief.yaml → briefs/renamed-folder/brief.yaml
"""
    for path in ("briefs/renamed-folder", "briefs/renamed-folder/brief.yaml", "briefs/versioned"):
        code, out, _ = run(capsys, "main", path)
        assert (code, out[: len(expected)]) == (0, expected), path
        assert out.endswith("1 brief compared: 1 modified; 6 changes\n")
    # A copy is not a move: the brief still at its old path is its own earlier version.
    shutil.copytree(repo.root / "briefs/renamed-folder", repo.root / "briefs/copy")
    code, out, _ = run(capsys, "HEAD", "briefs/copy")
    assert (code, out.splitlines()[2:]) == (
        0,
        [
            "versioned · A versioned brief · version 1.2 of 2026-02-01: new brief (3 key judgments, 2 scenarios, 1 implication, "
            "1 indicator, 1 source)",
            "",
            "1 brief compared: 1 added; 0 changes",
        ],
    )


def test_a_brief_invalid_in_the_working_tree(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(REVIEW.replace("status: emerging", "status: seen"))
    code, out, err = run(capsys)
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [
        "briefgen: briefs/versioned/brief.yaml is not a valid brief in the working tree, so it cannot be compared:",
        "briefs/versioned/brief.yaml:63:13: error BG203 invalid-value: indicators[0].status: 'seen' is not one of "
        "the allowed values",
    ]


def test_outside_any_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys) == (
        2,
        "",
        """\
briefgen: error: the current folder is not in a git repository
  hint: versions of a brief are read from git: run this inside the repository that holds the briefs
""",
    )


def test_a_path_outside_the_repository(repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = run(capsys, "HEAD", str(elsewhere))
    assert (code, out) == (2, "")
    assert (
        err
        == f"""\
briefgen: error: {elsewhere} is outside the git repository at {repo.root}
  hint: give paths inside the repository that holds the briefs
"""
    )


def test_a_name_that_is_both_a_revision_and_a_path(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    (repo.root / "v1.0").mkdir()
    assert run(capsys, "v1.0") == (
        2,
        "",
        """\
briefgen: error: 'v1.0' is both a revision and a path
  hint: write the path as ./v1.0, or the revision as v1.0^0
""",
    )
    assert run(capsys, "v1.0^0", "v1.1")[0] == 0
