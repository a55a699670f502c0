"""`briefgen history` through the real command line, on a real temporary git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.brief.scales import SCALES
from briefgen.cli import main
from briefgen.versions import history
from briefgen.versions.history import history_of, rank
from briefgen.versions.revisions import Repository
from versions_support import BASE, GitRepo, brief_from, edit, extended, isolated_git  # noqa: F401 (isolated_git is an autouse fixture)

V1_1 = edit(
    BASE,
    ('version: "1.0"', 'version: "1.1"'),
    ("date: 2026-02-01", "date: 2026-02-09"),
    ("    likelihood: likely\n    confidence: moderate", "    likelihood: very likely\n    confidence: high"),
)
V1_2 = edit(
    V1_1,
    ('version: "1.1"', 'version: "1.2"'),
    # Dated after its commit: a version is dated by the brief, which history shows beside the commit.
    ("date: 2026-02-09", "date: 2026-02-20"),
    ("status: observed", "status: receding"),
    ("  - id: SC2\n", "  - id: SC3\n"),
    ("{scenario: SC2, direction: lowers}", "{scenario: SC3, direction: lowers}"),
    ("    likelihood: likely\n    timeframe", "    likelihood: roughly even chance\n    timeframe"),
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """1.0, 1.1 (tagged), a commit that breaks the brief, 1.2 in a moved folder by another author."""
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    repo.write(V1_1)
    repo.commit("Raise KJ1 after new reporting", "2026-02-10T10:00:00+00:00")
    repo.git("tag", "-a", "v1.1", "-m", "Release 1.1")
    repo.write(edit(V1_1, ("confidence: high", "confidence: certain")))
    repo.commit("Work in progress", "2026-02-12T10:00:00+00:00")
    repo.git("mv", "briefs/versioned", "briefs/syria")
    repo.write(V1_2, "briefs/syria/brief.yaml")
    repo.commit("Rename SC2; SC1 to even chance", "2026-02-15T10:00:00+00:00", author="Bo Reviewer <bo@example.org>")
    repo.git("tag", "v1.2")
    monkeypatch.chdir(repo.root)
    return repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["history", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_history_lists_versions_and_likelihoods(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    hashes = [repo.short(f"HEAD~{n}") for n in range(4)]
    assert run(capsys, "briefs/syria") == (
        0,
        f"""\
History of versioned · A versioned brief (briefs/syria/brief.yaml): 4 versions

version  date        commit        committed   tags  author       message
1.2      2026-02-20  {hashes[0]}  2026-02-15  v1.2  Bo Reviewer  Rename SC2; SC1 to even chance
—                    {hashes[1]}  2026-02-12        Ann Analyst  Work in progress (not a valid brief: BG203 key_judgments[0].confidence: 'certain' is not one of the allowed values)
1.1      2026-02-09  {hashes[2]}  2026-02-10  v1.1  Ann Analyst  Raise KJ1 after new reporting
1.0      2026-02-01  {hashes[3]}  2026-02-01        Ann Analyst  First version

Likelihood and confidence through time (oldest first)
  KJ1  Russian patrols will continue.
         likely (1.0) → very likely ↑ (1.1)
         confidence moderate (1.0) → high ↑ (1.1)
  SC1  Patrols continue
         likely (1.0) → roughly even chance ↓ (1.2)
  SC3  Patrols stop (formerly SC2)
         unlikely (1.0)

Indicator status through time (oldest first)
  IND1  Patrols seen near Qamishli.
          observed (1.0) → receding (1.2)
""",
        "",
    )


def test_uncommitted_changes_are_a_version(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(edit(V1_2, ("    likelihood: very likely\n", "    likelihood: likely\n")), "briefs/syria/brief.yaml")
    code, out, _ = run(capsys, "briefs/syria/brief.yaml")
    lines = out.splitlines()
    assert (code, lines[0], lines[3]) == (
        0,
        "History of versioned · A versioned brief (briefs/syria/brief.yaml): 5 versions",
        "1.2      2026-02-20  working tree                                 uncommitted changes",
    )
    assert lines[11] == "         likely (1.0) → very likely ↑ (1.1) → likely ↓ (1.2 working tree)"


def test_history_as_json(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "briefs/syria", "--format", "json")
    data = json.loads(out)
    assert (code, data["brief"], data["path"]) == (0, "versioned", "briefs/syria/brief.yaml")
    assert [(v["version"], v["date"], v["committed"], v["tags"], v["path"], v["valid"]) for v in data["versions"]] == [
        ("1.2", "2026-02-20", "2026-02-15", ["v1.2"], "briefs/syria/brief.yaml", True),
        (None, None, "2026-02-12", [], "briefs/versioned/brief.yaml", False),
        ("1.1", "2026-02-09", "2026-02-10", ["v1.1"], "briefs/versioned/brief.yaml", True),
        ("1.0", "2026-02-01", "2026-02-01", [], "briefs/versioned/brief.yaml", True),
    ]
    assert data["versions"][0]["author"] == "Bo Reviewer"
    assert data["versions"][1]["problems"][0]["code"] == "BG203"
    assert data["tracks"][2] == {
        "section": "scenarios",
        "id": "SC3",
        "ids": ["SC2", "SC3"],
        "title": "Patrols stop",
        "likelihood": ["unlikely", None, "unlikely", "unlikely"],
    }
    assert data["tracks"][0]["confidence"] == ["high", None, "high", "moderate"]
    assert data["tracks"][3] == {
        "section": "indicators",
        "id": "IND1",
        "ids": ["IND1"],
        "title": "Patrols seen near Qamishli.",
        "status": ["receding", None, "observed", "observed"],
    }


def test_a_judgment_added_and_removed(repo: GitRepo) -> None:
    repo.write(
        edit(
            V1_2,
            (
                "  - id: SC1\n    title: Patrols continue\n    description: They go on.",
                "  - id: SC4\n    title: Patrols go on\n    description: Russia keeps a presence.",
            ),
        ),
        "briefs/syria/brief.yaml",
    )
    history = history_of(Repository.holding(repo.root), "briefs/syria/brief.yaml")
    assert [(track.id, track.terms) for track in history.tracks[1:3]] == [
        ("SC1", ["likely", "likely", None, "roughly even chance", None]),
        ("SC3", ["unlikely", "unlikely", None, "unlikely", "unlikely"]),
    ]
    assert (history.tracks[3].id, history.tracks[3].terms) == ("SC4", [None, None, None, None, "roughly even chance"])


def test_errors(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "briefs/none") == (
        2,
        "",
        """\
briefgen: error: no version of briefs/none/brief.yaml in git or in the working tree
  hint: give the path of a brief file (or its folder) that git knows
""",
    )
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "brief.yaml") == (
        2,
        "",
        """\
briefgen: error: the current folder is not in a git repository
  hint: versions of a brief are read from git: run this inside the repository that holds the briefs
""",
    )


def test_without_a_path_it_shows_the_brief_whose_folder_it_runs_in(repo: GitRepo) -> None:
    from support import run_cli

    expected = run_cli(["history", "briefs/syria"], repo.root)
    assert expected.returncode == 0 and expected.stdout.startswith("History of versioned")
    for folder in ("briefs/syria", "briefs/syria/sources"):
        done = run_cli(["history"], repo.root / folder)
        assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")
    for folder in ("briefs", "."):  # more than one brief could be meant: history shows one
        done = run_cli(["history"], repo.root / folder)
        assert (done.returncode, done.stdout, done.stderr) == (
            2,
            "",
            "briefgen: error: history shows one brief: give its PATH, or run it in the brief's folder\n"
            "  hint: e.g. `briefgen history briefs/my-brief`\n",
        )


def test_rank_places_a_term_of_another_scale_on_the_nearest_rung() -> None:
    icd, phia = SCALES["ICD-203"], SCALES["PHIA"]
    assert [rank(icd, term) for term in ("remote", "likely", "probable", "almost certain")] == [0, 4, 4, 6]
    assert rank(icd, "realistic possibility") == 3  # PHIA 40–50% is nearest ICD's 45–55%
    assert rank(phia, "roughly even chance") == 3


def test_versions_of_one_number_are_told_apart_by_the_brief_s_date(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    redated = edit(V1_2, ("date: 2026-02-20", "date: 2026-02-21"), ("status: receding", "status: observed"))
    repo.write(redated, "briefs/syria/brief.yaml")
    code, out, _ = run(capsys, "briefs/syria")
    assert code == 0
    assert (
        out.splitlines()[-1] == "          observed (1.0) → receding (1.2 of 2026-02-20) → observed (1.2 of 2026-02-21)"
    )


_VARIANTS = [
    BASE,
    V1_1,
    V1_2,
    extended(),
    edit(extended(), ("  - id: KJ3\n", "  - id: KJ4\n")),
    edit(
        extended(),
        ("  - id: KJ2\n", "  - id: KJ3\n"),
        ("  - id: KJ3\n    statement: Damascus", "  - id: KJ2\n    statement: Damascus"),
    ),
]
_BRIEFS = [brief_from(text) for text in _VARIANTS]


@given(st.lists(st.sampled_from(range(len(_VARIANTS))), min_size=1, max_size=5))
def test_the_tracks_with_the_last_version_are_those_of_a_tracker_that_added_it(picks: list[int]) -> None:
    """The working tree's copy followed from the committed tracks without adding it (what serve
    does after each save) gives the tracks of a tracker that added every version."""
    briefs = [_BRIEFS[pick] for pick in picks]
    committed, every = history._Tracker(), history._Tracker()
    for position, brief in enumerate(briefs):
        every.add(position, brief)
        if position < len(briefs) - 1:
            committed.add(position, brief)
    alone = committed.tracks(len(briefs) - 1)
    assert committed.tracks(len(briefs), briefs[-1]) == every.tracks(len(briefs))
    assert committed.tracks(len(briefs) - 1) == alone  # (the committed tracks are left as they were)
