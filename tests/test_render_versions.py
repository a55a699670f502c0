"""The rendered brief and git: "Changes since the previous version", the likelihood chart, and
the version stamp on the cover, in the HTML's <meta> and in the PDF's metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.build.pipeline import render_brief
from briefgen.cli import main
from briefgen.errors import BriefgenError
from briefgen.render.timeline import build_changes, build_chart
from briefgen.versions.git import Commit
from briefgen.versions.history import History, Track, Version, history_of
from briefgen.versions.revisions import Repository
from versions_support import BASE, FIXTURE, GitRepo, brief_from, edit, isolated_git  # noqa: F401 (isolated_git is an autouse fixture)

V1_1 = edit(
    BASE,
    ('version: "1.0"', 'version: "1.1"'),
    ("date: 2026-02-01", "date: 2026-02-09"),
    ("    likelihood: likely\n    confidence: moderate", "    likelihood: very likely\n    confidence: moderate"),
)
V1_2 = edit(
    V1_1,
    ('version: "1.1"', 'version: "1.2"'),
    ("date: 2026-02-09", "date: 2026-02-20"),
    ("status: observed", "status: receding"),
    ("Russian patrols will continue.", "Russian patrols will continue in 2026."),
)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """1.0 and 1.1 tagged, a wording change still 1.1, and 1.2 uncommitted in the working tree."""
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    repo.git("tag", "v1.0")
    repo.write(V1_1)
    repo.commit("Raise KJ1", "2026-02-10T10:00:00+00:00")
    repo.git("tag", "v1.1")
    repo.write(V1_1.replace("They stop.", "They halt."))
    repo.commit("Wording", "2026-02-11T10:00:00+00:00")
    repo.write(V1_2.replace("They stop.", "They halt."))
    return repo


def page(path: Path, since: str | None = None) -> str:
    return render_brief(path, None, ("html",), since).files["index.html"].decode("utf-8")


def section(html: str, name: str = "changes") -> str:
    """The changes box (or the annex with every change) as text: tags dropped, `<del>`/`<ins>` kept as [-…-]/{+…+}."""
    found = re.search(rf'<section class="{name}" id="{name}">(.*?)</section>', html, re.S)
    assert found, "no changes section"
    body = found.group(1).split("<figure")[0]
    body = body.replace("<del>", "[-").replace("</del>", "-]").replace("<ins>", "{+").replace("</ins>", "+}")
    body = re.sub(r"<li>", "- ", body)
    text = re.sub(r"<[^>]+>", "", body)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def test_changes_since_the_previous_version_number(repo: GitRepo) -> None:
    html = page(repo.root / "briefs/versioned/brief.yaml")
    assert (
        section(html)
        == """\
What changed since version 1.1
Compared with version 1.1 of 9 February 2026: 3 changes. Every change is listed item by item in Annex B.
- IND1 Patrols seen near Qamishli: now receding (was observed)."""
    )
    assert (
        section(html, "changelog")
        == """\
Annex B: Changes since version 1.1 in full
Compared with version 1.1 of 9 February 2026: 3 changes. Words taken out are struck through, words put in are \
underlined.
Key judgments
- KJ1 statement reworded: Russian patrols will continue{+ in 2026+}.
Scenarios
- SC2 description reworded: They [-stop-]{+halt+}.
Indicators
- IND1: status now receding (was observed)."""
    )
    assert '<a class="item-link" href="#item-KJ1">KJ1</a>' in html
    assert '<a href="#changes">What changed since version 1.1</a>' in html  # in the contents


def test_the_chart_of_likelihood_through_versions(repo: GitRepo) -> None:
    html = page(repo.root / "briefs/versioned/brief.yaml")
    chart = html[html.index('<figure class="history-chart"') : html.index("</figure>")]
    # Only what moved is drawn: KJ1; the scenarios kept their likelihood.
    assert chart.count("<polyline") == 1 and chart.count('stroke-dasharray="5 3"') == 0
    # A column for each version a reader knows: the wording fix that kept 1.1 is not a version of its own.
    assert re.findall(r'font-size="11.5" fill="#1b1f24">([^<]*)<', chart) == ["1.0", "1.1", "1.2"]
    # Each version is dated by the brief's own `date`, not by its commit.
    assert re.findall(r'middle" font-size="11" fill="#5a646e">([^<]*)<', chart) == [
        "1 Feb 2026",
        "9 Feb 2026",
        "20 Feb 2026",
    ]
    # Each column's version and date are the brief's own, with the commit beside them.
    chart_data = build_changes(repo.root / "briefs/versioned/brief.yaml", brief_from(V1_2))
    assert chart_data is not None and chart_data["chart"] is not None
    assert [tuple(column.values()) for column in chart_data["chart"]["versions"]] == [
        ("1.0", "2026-02-01", repo.short("v1.0"), "2026-02-01"),
        ("1.1", "2026-02-09", repo.short("HEAD"), "2026-02-11"),
        ("1.2", "2026-02-20", "working tree", ""),
    ]
    # Beside the likelihoods, each indicator's status and judgment's confidence where it moved.
    assert chart_data["chart"]["moves"] == [
        {"id": "IND1", "href": "#item-IND1", "field": "status", "text": "observed (1.0) → receding (1.2)"}
    ]
    assert ('<li><a class="item-link" href="#item-IND1">IND1</a> status: observed (1.0) → receding (1.2)</li>') in html
    # The chart's words name the versions a reader knows by their numbers, never by a commit
    # (the change came with the first commit of 1.1; the wording fix kept the number).
    assert (
        'aria-label="Likelihood of each key judgment and scenario through the versions: KJ1: likely (1.0), '
        'very likely ↑ (1.1)">'
    ) in html
    assert repo.short("v1.1") not in html
    assert "<script" not in html and "style=" not in chart


def test_the_chart_prints_its_labels_at_8_points_or_more(repo: GitRepo) -> None:
    # Drawn 640 wide and scaled to the box, its labels printed at 5 to 6 points.
    pdfplumber = pytest.importorskip("pdfplumber")
    import io

    pdf = render_brief(repo.root / "briefs/versioned/brief.yaml", None, ("pdf",)).files["versioned.pdf"]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        [chart] = [page for page in document.pages if "almostnochance" in "".join(char["text"] for char in page.chars)]
        sizes = {round(char["size"], 2) for char in chart.chars if char["text"].strip()}
        labels = "".join(char["text"] for char in chart.chars if char["size"] < 11)
    assert "almostnochance" in labels.replace(" ", "") and "1Feb2026" in labels.replace(" ", "")
    # The running head and the page number are at 7.5 points, above and below the text area.
    assert min(sizes - {7.5}) >= 8.0


def test_since_a_revision(repo: GitRepo) -> None:
    html = page(repo.root / "briefs/versioned/brief.yaml", since="v1.0")
    heading, lead = section(html).splitlines()[:2]
    assert heading == "What changed since v1.0"
    assert '<a href="#changes">What changed since v1.0</a>' in html  # the contents name it the same way
    assert lead.startswith("Compared with version 1.0 of 1 February 2026: 4 changes.")
    lead = section(page(repo.root / "briefs/versioned/brief.yaml", since="HEAD~1")).splitlines()[1]
    assert lead.startswith("Compared with version 1.1 of 9 February 2026 (HEAD~1): 3 changes.")
    with pytest.raises(BriefgenError, match="unknown revision 'v7'"):
        page(repo.root / "briefs/versioned/brief.yaml", since="v7")


def test_first_version_and_a_brief_new_since_a_revision(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.add_brief()
    repo.commit("First version", "2026-02-01T10:00:00+00:00")
    assert section(page(repo.root / "briefs/versioned/brief.yaml")) == (
        "What changed since the previous version\nThis is the first version of the assessment."
    )
    repo.add_brief("briefs/other", BASE.replace("id: versioned", "id: other"))
    assert section(page(repo.root / "briefs/other/brief.yaml", since="HEAD")) == (
        "What changed since HEAD\nThe brief did not exist at HEAD."
    )


def test_no_section_outside_git(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "plain")
    html = page(tmp_path / "plain" / "brief.yaml")
    assert 'id="changes"' not in html
    assert '<meta name="briefgen-stamp" content="version 1.0 · not built from a git repository">' in html


def test_since_outside_git_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    shutil.copytree(FIXTURE, tmp_path / "briefs" / "plain")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--since", "v1.0", "--out", "out", "--format", "html"]) == 2
    assert capsys.readouterr() == (
        "",
        """\
briefgen: error: --since v1.0 needs the briefs in a git repository, and briefs/plain is in none
  hint: run briefgen inside the repository of briefs, or drop --since
""",
    )
    assert not (tmp_path / "out").exists()


def test_chart_geometry_puts_each_term_on_its_rung(repo: GitRepo) -> None:
    chart = build_chart(history_of(Repository.holding(repo.root), "briefs/versioned/brief.yaml"))
    # Seven rungs 22 units apart from y=10 (almost certain) down; three columns from x=112 to 404;
    # three lines, each moved 3 units from the next so that equal likelihoods stay visible.
    assert [rung["text"] for rung in chart["rungs"]][::3] == [
        "almost no chance",
        "roughly even chance",
        "almost certain",
    ]
    # SC1 and SC2 never moved: only KJ1 is drawn.
    assert [(line["id"], line["kind"], line["runs"]) for line in chart["lines"]] == [
        ("KJ1", "judgment", ["112.0,54.0 258.0,32.0 404.0,32.0"]),
    ]
    assert [(label["x"], label["y"], label["text"]) for label in chart["labels"]] == [("411.0", "35.5", "KJ1")]
    assert (chart["height"], chart["shown"]) == (184, "")


def test_stamp_on_the_cover_in_meta_and_in_the_pdf(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pypdf = pytest.importorskip("pypdf")
    repo.commit("Version 1.2", "2026-02-20T09:30:00+00:00")
    monkeypatch.chdir(repo.root)
    assert main(["build", "briefs/versioned", "--out", "out"]) == 0, capsys.readouterr()
    label = f"version 1.2 · commit {repo.short('HEAD')} of 2026-02-20"
    html = (repo.root / "out/versioned/index.html").read_text(encoding="utf-8")
    assert f'<meta name="briefgen-stamp" content="{label}">' in html
    assert '<meta name="dcterms.modified" content="2026-02-20">' in html
    assert f'<dd class="stamp">{label}</dd>' in html
    pdf = repo.root / "out/versioned/versioned.pdf"
    assert label in pypdf.PdfReader(pdf).metadata["/Keywords"]
    cover = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert label in " ".join(cover.split())


def test_chart_stacks_the_ids_of_lines_that_end_together() -> None:
    versions = tuple(
        Version(Commit(letter * 40, f"2026-02-0{day}", "Ann", "s"), "brief.yaml", brief_from(text))
        for day, letter, text in ((1, "a", BASE), (2, "b", BASE.replace('version: "1.0"', 'version: "1.1"')))
    )
    tracks = tuple(
        Track("key_judgments", f"KJ{n}", "t", {"likelihood": ["unlikely", "likely"]}, [f"KJ{n}"]) for n in range(1, 6)
    )
    chart = build_chart(History("brief.yaml", versions, tracks))
    assert [(label["x"], label["y"], label["text"]) for label in chart["labels"]] == [
        ("411.0", "45.5", "KJ1 · KJ2"),
        ("411.0", "57.5", "KJ3 · KJ4"),
        ("411.0", "69.5", "KJ5"),
    ]
    assert [column["text"] for column in chart["columns"]] == ["1.0", "1.1"]
    assert [date["text"] for date in chart["dates"]] == ["1 Feb 2026", "1 Feb 2026"]  # the brief's own date


def test_an_incremental_build_notices_a_tag_moving_the_previous_version(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo.root)
    build = ["build", "briefs/versioned", "--out", "out", "--format", "html"]
    assert main(build) == 0
    assert main(build) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 brief: 0 built, 1 up to date"
    repo.git("tag", "-d", "v1.1")
    assert main(build) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 brief: 1 built"
    html = (repo.root / "out/versioned/index.html").read_text(encoding="utf-8")
    assert "Compared with version 1.0 of 1 February 2026: 4 changes." in html


def test_the_log_writes_dates_as_the_brief_does_and_names_a_reworded_estimate_basis(repo: GitRepo) -> None:
    published = "published: {date: 2025-08, estimated: true, basis: written after the events}"
    assert published in V1_2
    repo.write(V1_2.replace(published, published.replace("2025-08", "2025-09")))
    log = section(page(repo.root / "briefs/versioned/brief.yaml"), "changelog")
    assert "- [1] published August 2025 (estimated) → September 2025 (estimated)" in log
    repo.write(V1_2.replace(published, published.replace("after the events", "after the July events")))
    log = section(page(repo.root / "briefs/versioned/brief.yaml"), "changelog")
    assert "- [1] basis of the estimated publication date reworded: written after the {+July +}events" in log
    assert "2025-08" not in log


def test_the_log_writes_grades_out_as_the_annex_does(repo: GitRepo) -> None:
    quote = '        quote: "a second paragraph about fuel supplies ... Tartus"\n'
    assert quote in V1_2
    repo.write(
        V1_2.replace("    reliability: C\n", "    reliability: B\n").replace(quote, quote + "        credibility: 3\n")
    )
    log = section(page(repo.root / "briefs/versioned/brief.yaml"), "changelog")
    assert "- [1]: reliability now B — usually reliable (was C — fairly reliable)." in log
    assert (
        "- IND1: passage of [1] “a second paragraph about fuel supplies ... Tartus” now graded "
        "B3 — usually reliable; possibly true (was ungraded)."
    ) in log
