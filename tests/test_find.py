"""`briefgen find`: through the real command line, hits are the passages asked for, each with an
evidence entry that validates when pasted; fuzzy hits rank the right passage first; texts that
normalisation changes inside words (line-break hyphens, ligatures, typography) are found too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.check.pipeline import validate_brief
from briefgen.text.search import search
from support import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def find(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`briefgen find ARGS` run in `cwd`, `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "find", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=None if env is None else {**os.environ, **env},
    )


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    folder = tmp_path / "briefs" / "minimal"
    shutil.copytree(FIXTURES / "minimal", folder)
    return folder


def test_an_exact_hit_prints_its_passage_in_context_and_an_entry_to_paste(brief: Path) -> None:
    done = find("resumed patrols near", "--limit", "1", cwd=brief)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "S1 (sources/s1.txt), paragraph 1, exact:",
        "    Russia’s military police «resumed patrols near» Qamishli — officials said — on 3 August.",
        "      - source: S1",
        '        quote: "resumed patrols near"',
        "        locator: paragraph 1",
    ]


def test_the_entry_pasted_into_the_brief_validates(brief: Path) -> None:
    done = find("--format", "json", "port Tartus fuel", cwd=brief)
    [hit] = json.loads(done.stdout)["hits"][:1]
    assert hit["evidence"]["source"] == "S1"
    yaml = brief / "brief.yaml"
    text = yaml.read_text(encoding="utf-8")
    entry = f"      - source: S1\n        quote: {json.dumps(hit['evidence']['quote'])}\n        locator: {hit['evidence']['locator']}\n"
    yaml.write_text(text.replace("    evidence:\n", "    evidence:\n" + entry, 1), encoding="utf-8")
    assert [d.code for d in validate_brief(yaml).diagnostics] == []


def test_from_the_repository_a_path_and_one_source(brief: Path) -> None:
    repository = brief.parent.parent
    everywhere = find("Tartus", cwd=repository)
    assert everywhere.returncode == 0
    assert everywhere.stdout.startswith("S1 (sources/s1.txt), paragraph 2, exact:")
    given = find("briefs/minimal", "Tartus", "--source", "S1", "--format", "json", cwd=repository)
    hits = json.loads(given.stdout)["hits"]
    assert [(h["source"], h["paragraph"], h["passage"], h["brief"]) for h in hits] == [
        ("S1", 2, "Tartus", "briefs/minimal/brief.yaml")
    ]


def test_from_inside_a_brief_s_sources_folder(brief: Path) -> None:
    done = find("Tartus", "--limit", "1", cwd=brief / "sources")
    assert done.returncode == 0
    assert done.stdout.startswith("S1 (sources/s1.txt), paragraph 2, exact:")


def test_nothing_found_is_exit_1_and_an_unknown_source_exit_2(brief: Path) -> None:
    nothing = find("zzyzx quuxly", cwd=brief)
    assert (nothing.returncode, nothing.stdout) == (1, 'no passage like "zzyzx quuxly" in the archived sources\n')
    unknown = find("Tartus", "--source", "S9", cwd=brief)
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "briefgen: error: no source S9 in brief.yaml\n  hint: give the id of one of the brief's sources\n",
    )


def test_an_unknown_source_names_the_brief_from_wherever_find_runs(brief: Path) -> None:
    inside = find("Tartus", "--source", "S9", cwd=brief / "sources")
    assert (inside.returncode, inside.stderr.splitlines()[0]) == (
        2,
        f"briefgen: error: no source S9 in {brief / 'brief.yaml'}",
    )
    repository = find("Tartus", "--source", "S9", cwd=brief.parent.parent)
    assert (repository.returncode, repository.stderr.splitlines()[0]) == (
        2,
        "briefgen: error: no source S9 in briefs/minimal/brief.yaml",
    )


@pytest.mark.parametrize("query", ["", "   ", "...", "—"])
def test_a_query_without_a_letter_or_digit_is_a_usage_error(brief: Path, query: str) -> None:
    done = find(query, cwd=brief)
    shown = json.dumps(query, ensure_ascii=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"briefgen: error: nothing to find in {shown}: no letter or digit\n"
        '  hint: give the words to find, e.g. briefgen find "restore a daily service"\n',
    )


def test_a_word_beyond_ascii_is_looked_for_in_an_ascii_archive_too(brief: Path) -> None:
    done = find("Gatún", "--source", "S2", cwd=brief)
    assert (done.returncode, done.stdout, done.stderr) == (1, 'no passage like "Gatún" in the archived sources\n', "")


def test_a_draft_s_placeholder_archive_is_skipped_with_one_note(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "briefgen", "new", "draft-one"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    [folder] = [path.parent for path in tmp_path.rglob("brief.yaml")]
    done = find("some words", cwd=folder)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "brief.yaml: skipped source S1: archive \"<Path of the archived text in this brief's folder, e.g. "
        'sources/s1.txt>" does not exist'
    ]


def test_a_misremembered_phrase_ranks_the_passage_it_came_from_first() -> None:
    text = (
        "The port was quiet. Those measures save the equivalent of roughly six ships a day, officials said.\n\n"
        "Six other ships a day were counted last year at the port."
    )
    [best, *_] = search("S1", text.encode(), "measures save roughly six transits a day", 3)
    assert not best.exact
    assert best.passage.startswith("measures save the equivalent of roughly six ships a day")


@pytest.mark.parametrize(
    "text, query, passage",
    [
        ("A fuel sur-\ncharge of 5% was added.", "surcharge of 5%", "sur-charge of 5%"),
        ("The ﬁrst ﬂights left.", "first flights", "ﬁrst ﬂights"),
        (
            "Russia’s “security partnership” — renewed.",
            'Russia\'s "security partnership" - renewed',
            "Russia’s “security partnership” — renewed",
        ),
        ("Ships crossed the Gatún locks.", "the Gatún locks", "the Gatún locks"),
    ],
)
def test_texts_that_normalising_changes_inside_words_are_found(text: str, query: str, passage: str) -> None:
    [hit] = search("S1", text.encode(), query, 1)
    assert (hit.exact, hit.passage) == (True, passage)


def test_a_quote_of_the_reference_brief_is_found_exactly() -> None:
    done = find("briefs/russia-syria-security", "security partnership", "--source", "S1", "--limit", "1", cwd=ROOT)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "S1 (sources/s1-enab-baladi-relay-patrols.txt), paragraph 3, exact:"


def test_an_archive_that_cannot_be_read_is_skipped_with_a_note(brief: Path) -> None:
    (brief / "sources" / "s2.txt").unlink()
    done = find("Tartus", "--limit", "1", cwd=brief)
    assert done.returncode == 0
    assert done.stderr == "brief.yaml: skipped source S2: archive 'sources/s2.txt' does not exist\n"


def test_options_come_anywhere_among_the_path_and_the_words(brief: Path) -> None:
    repository = brief.parent.parent
    expected = find("briefs/minimal", "resumed patrols", "--source", "S1", "--limit", "1", cwd=repository)
    assert expected.returncode == 0, expected.stderr
    for args in (
        ("briefs/minimal", "--source", "S1", "resumed", "patrols", "--limit", "1"),
        ("--limit", "1", "briefs/minimal", "resumed", "--source", "S1", "patrols"),
        ("briefs/minimal", "resumed", "--limit", "1", "--source", "S1", "patrols"),
    ):
        done = find(*args, cwd=repository)
        assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, ""), args
    assert expected.stdout.splitlines()[0] == "S1 (sources/s1.txt), paragraph 1, exact:"


def test_several_leading_paths_are_searched_and_a_word_that_names_nothing_stays_a_word(brief: Path) -> None:
    repository = brief.parent.parent
    shutil.copytree(brief, repository / "elsewhere" / "other")
    done = find("briefs/minimal", "elsewhere", "--source", "S1", "Tartus", "--format", "json", cwd=repository)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["query"] == "Tartus"
    assert [(h["brief"], h["source"], h["paragraph"]) for h in found["hits"]] == [
        ("briefs/minimal/brief.yaml", "S1", 2),
        ("elsewhere/other/brief.yaml", "S1", 2),
    ]
    looks_like_a_path = find("briefs/minimal", "no/such/folder", "Tartus", "--format", "json", cwd=repository)
    assert json.loads(looks_like_a_path.stdout)["query"] == "no/such/folder Tartus"
    # The last word is always a word to find, even when it names a folder.
    last = find("briefs/minimal", "elsewhere", "--format", "json", cwd=repository)
    assert (last.returncode, json.loads(last.stdout)["query"]) == (1, "elsewhere")


def test_searching_several_briefs_counts_the_sources_skipped_in_one_line(brief: Path) -> None:
    repository = brief.parent.parent
    shutil.copytree(brief, repository / "briefs" / "other")
    whole = find("Tartus", cwd=repository)
    for name in ("minimal", "other"):
        (repository / "briefs" / name / "sources" / "s2.txt").unlink()
    done = find("Tartus", cwd=repository)
    assert (done.returncode, done.stdout) == (0, whole.stdout)
    assert done.stderr == (
        "skipped 2 sources in 2 briefs: the archive cannot be read (--verbose names them; briefgen validate says "
        "how to fix them)\n"
    )
    verbose = find("Tartus", "--verbose", cwd=repository)
    assert (verbose.returncode, verbose.stdout) == (0, whole.stdout)
    assert verbose.stderr.splitlines() == [
        "briefs/minimal/brief.yaml: skipped source S2: archive 'sources/s2.txt' does not exist",
        "briefs/other/brief.yaml: skipped source S2: archive 'sources/s2.txt' does not exist",
    ]
    one = find("briefs/other", "Tartus", cwd=repository)
    assert one.stderr == "briefs/other/brief.yaml: skipped source S2: archive 'sources/s2.txt' does not exist\n"
