"""`briefgen build` through the real command line: what is built, refused, reported and reproducible."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from render_support import RICH, RICH_ID, build_once, rich_build
from support import FIXTURES, REFERENCE_BRIEF, REPOSITORY, run_cli


def copy_brief(source: Path, into: Path, name: str) -> Path:
    folder = into / name
    shutil.copytree(source, folder)
    return folder / "brief.yaml"


def test_an_invalid_brief_is_refused_with_its_diagnostics_and_the_valid_ones_are_built(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    copy_brief(FIXTURES / "minimal", briefs, "good")
    bad = copy_brief(FIXTURES / "minimal", briefs, "bad")
    bad.write_text(bad.read_text(encoding="utf-8").replace("id: minimal", "id: other\nmood: sunny"), encoding="utf-8")
    done = run_cli(["build", "briefs", "--format", "html", "--out", "site"], cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stdout + done.stderr
    assert lines[0].startswith("briefs/bad/brief.yaml:") and "error BG201 unknown-field" in lines[0]
    assert lines[-2].startswith("built briefs/good/brief.yaml → site/minimal/ (html, ")
    assert lines[-1] == "2 briefs: 1 built, 1 not built; 1 error"
    assert (tmp_path / "site" / "minimal" / "index.html").is_file()
    assert not (tmp_path / "site" / "other").exists()
    assert not (tmp_path / "site" / "minimal" / "minimal.pdf").exists()


def test_a_path_that_names_no_brief_is_reported_and_the_other_briefs_built(tmp_path: Path) -> None:
    copy_brief(FIXTURES / "minimal", tmp_path / "briefs", "good")
    done = run_cli(["build", "no-such-brief", "briefs", "--format", "html", "--out", "site"], cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert done.returncode == 2, done.stdout + done.stderr
    assert lines[:2] == [
        "no-such-brief: error BG116 no-brief-at-path: no such file or folder",
        "    hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder",
    ]
    assert lines[-2].startswith("built briefs/good/brief.yaml → site/minimal/ (html, ")
    assert lines[-1] == "1 brief: 1 built; 1 error"
    assert (tmp_path / "site" / "minimal" / "index.html").is_file()
    # Naming no brief at all, it builds nothing (no empty listing either).
    done = run_cli(["build", "no-such-brief", "--out", "empty-site"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (
        2,
        "no-such-brief: error BG116 no-brief-at-path: no such file or folder\n"
        "    hint: give a brief file, a folder of briefs (each as <slug>/brief.yaml), or a file in a brief's folder\n"
        "0 briefs: 0 built; 1 error\n",
    )
    assert not (tmp_path / "empty-site").exists()


def test_building_twice_gives_byte_identical_html_and_pdf() -> None:
    first = rich_build().out
    second = build_once(str(RICH), "--jobs", "1")
    assert second.done.returncode == 0, second.done.stdout + second.done.stderr
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second.out)) for p in second.out.rglob("*") if p.is_file())
    assert f"{RICH_ID}/{RICH_ID}.pdf" in names and f"{RICH_ID}/sources/S4.html" in names
    for name in names:
        assert (first / name).read_bytes() == (second.out / name).read_bytes(), name


def test_templates_are_overridden_by_name_and_the_others_stay_built_in(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_cover.html.j2").write_text(
        '<header class="cover" id="cover"><h1 class="title">{{ title|upper }}</h1>'
        '<p class="house">House style {{ version }}</p></header>\n',
        encoding="utf-8",
    )
    (templates / "listing.html.j2").write_text("{% for b in briefs %}{{ b.id }};{% endfor %}\n", encoding="utf-8")
    done = run_cli(
        ["build", str(RICH), "--format", "html", "--templates", str(templates), "--out", str(tmp_path / "site")],
        cwd=REPOSITORY,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / RICH_ID / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="title">KOSTARA’S TECHNICAL PRESENCE IN VELAND</h1>' in page
    assert '<p class="house">House style 2.1</p>' in page
    assert '<section class="annex" id="annex">' in page  # a partial not overridden
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == f"{RICH_ID};\n"


def test_an_override_may_include_a_template_that_is_missing_if_it_says_ignore_missing(tmp_path: Path) -> None:
    """Jinja's `include ... ignore missing` writes nothing for a missing template; working out
    what the page's parts read must not make that an internal error."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_cover.html.j2").write_text(
        '{% include "_house.html.j2" ignore missing %}<header class="cover" id="cover"><h1>{{ title }}</h1></header>\n',
        encoding="utf-8",
    )
    done = run_cli(
        ["build", str(RICH), "--format", "html", "--templates", str(templates), "--out", str(tmp_path / "site")],
        cwd=REPOSITORY,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / RICH_ID / "index.html").read_text(encoding="utf-8")
    assert '<header class="cover" id="cover"><h1>Kostara’s technical presence in Veland</h1></header>' in page


def test_a_broken_override_names_the_template_and_exits_2(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "_scale.html.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    done = run_cli(
        ["build", str(RICH), "--format", "html", "--templates", str(templates), "--out", str(tmp_path / "site")],
        cwd=REPOSITORY,
    )
    assert done.returncode == 2
    assert "briefgen: error: template _scale.html.j2 (line 1): 'no_such_value' is undefined" in done.stderr


def test_pdf_only_writes_no_pages_and_the_listing_links_the_pdf(tmp_path: Path) -> None:
    done = run_cli(["build", str(FIXTURES / "minimal"), "--format", "pdf", "--out", "site"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (tmp_path / "site" / "minimal").iterdir()) == ["minimal.pdf"]
    assert 'href="minimal/minimal.pdf">A minimal brief</a>' in (tmp_path / "site" / "index.html").read_text()
    assert len(PdfReader(tmp_path / "site" / "minimal" / "minimal.pdf").pages) >= 3


def test_a_render_past_its_time_limit_is_stopped_with_a_clear_error(tmp_path: Path) -> None:
    done = run_cli(["build", str(FIXTURES / "minimal"), "--timeout", "0.05", "--out", "site"], cwd=tmp_path)
    assert done.returncode == 1
    assert "error BG602 render-failed: rendering took longer than the time limit (0.05 s)" in done.stdout
    assert "hint: shorten the brief or its archived sources, or raise the limit with --timeout SECONDS" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 brief: 0 built, 1 not built; 1 error"
    assert not (tmp_path / "site").exists()


def test_two_briefs_with_one_id_build_once_and_the_second_is_reported(tmp_path: Path) -> None:
    copy_brief(FIXTURES / "minimal", tmp_path / "briefs", "a")
    copy_brief(FIXTURES / "minimal", tmp_path / "briefs", "b")
    done = run_cli(["build", "briefs", "--format", "html", "-j", "2", "--out", "site"], cwd=tmp_path)
    assert done.returncode == 1
    assert (
        "briefs/b/brief.yaml:3:5: error BG601 duplicate-brief-id: brief id 'minimal' is also the id of "
        "briefs/a/brief.yaml; both would be written to the same output folder"
    ) in done.stdout
    assert "built briefs/a/brief.yaml → site/minimal/" in done.stdout


def test_source_pages_left_from_an_earlier_build_are_removed(tmp_path: Path) -> None:
    brief = copy_brief(FIXTURES / "minimal", tmp_path, "minimal")
    first = run_cli(["build", str(brief), "--format", "html", "--out", "site"], cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    brief.write_text(re.sub(r"\bS2\b", "S7", brief.read_text(encoding="utf-8")), encoding="utf-8")
    second = run_cli(["build", str(brief), "--format", "html", "--out", "site"], cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert sorted(p.name for p in (tmp_path / "site" / "minimal" / "sources").iterdir()) == ["S1.html", "S7.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "epub"], "argument --format: unknown format epub; choose from html, pdf, docx"),
        (["--jobs", "0"], "argument --jobs/-j: must be more than 0, not 0"),
        (["--timeout", "soon"], "argument --timeout: not a number: 'soon'"),
        (["--templates", "no-such-folder"], "no such templates folder: no-such-folder"),
    ],
)
def test_usage_errors_exit_2_with_a_message(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli(["build", *args], cwd=tmp_path)
    assert done.returncode == 2
    assert f"briefgen: error: {message}" in done.stderr


def test_the_build_command_does_not_import_the_renderer_until_it_renders() -> None:
    code = (
        "import sys; from briefgen.cli import build_parser; build_parser().parse_args(['build']); "
        "print(sorted(m for m in ('weasyprint', 'jinja2', 'markdown_it') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(
    not (REFERENCE_BRIEF / "brief.yaml").is_file(), reason="the reference brief is not in this checkout"
)
def test_the_reference_brief_builds_to_both_formats() -> None:
    built = build_once(str(REFERENCE_BRIEF))
    assert built.done.returncode == 0, built.done.stdout + built.done.stderr
    folder = built.out / "russia-syria-security"
    reader = PdfReader(folder / "russia-syria-security.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) >= 10
    assert reader.metadata is not None and reader.metadata.title == "Russia’s return as a security actor in Syria"
    assert all("page" in page.extract_text() for page in reader.pages)
    assert "Annex A: Sourcing" in text and "Appendix: estimative language" in text
    assert sorted(p.name for p in (folder / "sources").iterdir()) == [f"S{n}.html" for n in range(1, 6)]
