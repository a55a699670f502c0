"""Property test of `build` (issue 5): whatever the brief, a build answers with diagnostics or
outputs, and leaves no partial file: every file in the output folder is one briefgen wrote
whole, as its manifest records it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.build.manifest import MANIFEST, Manifest
from briefgen.build.pipeline import BuildOptions, build
from support import FIXTURES
from test_properties import BASE_TEXT, ODD_TEXT, mutated

PROSE = ("bottom_line", "scope_note")


@st.composite
def odd_prose(draw: st.DrawFn) -> str:
    """The base brief, still valid, with odd characters (controls, bidi overrides, NUL escapes,
    markup) inserted into its prose."""
    data = yaml.safe_load(BASE_TEXT)
    for name in PROSE:
        value = data[name]
        at = draw(st.integers(0, len(value)))
        data[name] = (
            value[:at] + draw(st.one_of(ODD_TEXT, st.sampled_from(["<b>", "](", "[@S1]", "|a|\n|-|"]))) + value[at:]
        )
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_build_leaves_whole_files_or_nothing(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(FIXTURES / "base", work / "brief")
        text = data.draw(st.one_of(odd_prose(), mutated(BASE_TEXT)))
        (work / "brief" / "brief.yaml").write_text(text, encoding="utf-8")
        out = work / "out"
        report = build([work / "brief" / "brief.yaml"], BuildOptions(out=out, formats=("html",), timeout=60))
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) if out.exists() else []
        if report.built:
            manifest = Manifest.read(out)
            assert sorted([*manifest.files, MANIFEST]) == written
            assert all(manifest.intact(name) for name in manifest.files)
            assert f"{report.built[0].folder.name}/index.html" in written
        else:
            assert report.failed and written == []
