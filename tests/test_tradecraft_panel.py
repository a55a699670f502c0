"""The tradecraft panel of the rendered brief: which checks ran, findings, waivers with reasons."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from briefgen.check.pipeline import Validated
from briefgen.check.settings import Config
from briefgen.render.compose import build_view
from briefgen.render.html import render_brief_page, render_fonts_css
from briefgen.render.tradecraft import build_tradecraft
from briefgen.versions.stamp import Stamp
from test_tradecraft import brief, check


def waived_and_stale(tmp_path: Path, config: Config | None = None) -> Validated:
    data = brief()
    kj = data["key_judgments"][0]
    kj["confidence"] = "high"
    kj["evidence"] = kj["evidence"][:1]
    kj["waivers"] = [{"check": "BG521", "reason": "S1 is the <b>official</b> record."}]
    data["scenarios"][0]["description"] = "They go on [@S2]."
    data["indicators"][0]["last_reviewed"] = "2025-09-01"
    return check(tmp_path, data, config or Config({"BG523": "off"}))


def panel_html(validated: Validated) -> str:
    assert validated.context is not None
    view = build_view(
        validated.context, Stamp("1.0", in_repo=False), tradecraft=build_tradecraft(validated), review=True
    )
    return render_brief_page(view, None)


def test_panel_data(tmp_path: Path) -> None:
    panel = build_tradecraft(waived_and_stale(tmp_path))
    assert panel["summary"] == "19 checks ran: 1 finding stands; 1 was waived with a written reason."
    assert panel["settings"] == "Severities are briefgen’s defaults."
    assert [(c["code"], c["status_label"]) for c in panel["checks"] if c["status"] != "passed"] == [
        ("BG521", "1 waived"),
        ("BG526", "1 finding"),
    ]
    assert [c["code"] for c in panel["off"]] == ["BG523"]
    assert {"BG531", "BG532"} <= {c["code"] for c in panel["checks"]}  # the bottom-line checks run in it
    assert [(f["code"], f["severity"], f["item"]["id"] if f["item"] else None) for f in panel["findings"]] == [
        ("BG526", "warning", "IND1"),
    ]
    assert [(w["code"], w["item"]["href"] if w["item"] else None, w["reason"]) for w in panel["waived"]] == [
        ("BG521", "#item-KJ1", "S1 is the <b>official</b> record."),
    ]


def test_panel_names_the_settings_file(tmp_path: Path) -> None:
    validated = waived_and_stale(tmp_path, Config({}, 90, tmp_path / "pyproject.toml"))
    assert build_tradecraft(validated)["settings"] == (
        "Severities follow the repository’s settings in pyproject.toml ([tool.briefgen])."
    )


def test_brief_wide_waiver_and_clean_brief(tmp_path: Path) -> None:
    data = brief()
    data["indicators"][0]["last_reviewed"] = "2025-09-01"
    data["waivers"] = [{"check": "indicator-review-stale", "reason": "Collection paused."}]
    panel = build_tradecraft(check(tmp_path, data))
    assert [(w["code"], w["whole_brief"], w["item"]) for w in panel["waived"]] == [
        ("BG526", True, {"id": "IND1", "href": "#item-IND1", "label": "IND1", "title": "indicator IND1"})
    ]
    text = panel_html(check(tmp_path, data))
    assert re.search(r"waived for the whole brief \(here <a class=\"item-link\" href=\"#item-IND1\"", text)
    assert build_tradecraft(check(tmp_path, brief()))["summary"] == "20 checks ran; the brief passes all of them."


def test_panel_in_html(tmp_path: Path) -> None:
    html = panel_html(waived_and_stale(tmp_path))
    section = re.search(r'<section class="tradecraft" id="tradecraft">.*?</section>', html, re.S)
    assert section is not None
    text = section.group(0)
    assert '<a href="#tradecraft">Tradecraft review</a>' in html  # in the contents
    assert text.count('<tr class="check-') == 19
    assert "S1 is the &lt;b&gt;official&lt;/b&gt; record." in text  # a reason is text, never HTML
    assert re.search(
        r"BG521 single-source-high-confidence</span> waived for\s*<a class=\"item-link\" "
        r"href=\"#item-KJ1\"",
        text,
    )
    assert "Turned off in this repository’s settings:\n    BG523 admiralty-diagonal." in text
    assert "indicator IND1 was last reviewed on 2025-09-01, 153 days before the brief&#39;s date" in text


def test_no_panel_without_tradecraft(tmp_path: Path) -> None:
    validated = check(tmp_path, brief())
    assert validated.context is not None
    html = render_brief_page(build_view(validated.context, Stamp("1.0", in_repo=False)), None)
    assert 'id="tradecraft"' not in html


def test_panel_in_pdf(tmp_path: Path) -> None:
    from briefgen.render.pdf import render_pdf

    pdf = render_pdf(panel_html(waived_and_stale(tmp_path)), render_fonts_css(None))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "19 checks ran: 1 finding stands; 1 was waived with a written reason." in text
    assert "waived for KJ1: S1 is the <b>official</b> record." in text


def test_build_renders_the_panel(tmp_path: Path) -> None:
    from briefgen.build.pipeline import render_brief
    from test_tradecraft import write

    data = brief()
    data["indicators"][0]["last_reviewed"] = "2025-09-01"
    rendered = render_brief(write(tmp_path / "b", data), None, ("html",), review=True)
    page = rendered.files["index.html"].decode("utf-8")
    assert '<section class="tradecraft" id="tradecraft">' in page
    assert "20 checks ran: 1 finding stands." in page
    assert "Draft for coordination" in page


def test_a_published_build_carries_a_note_on_the_standards_not_the_panel(tmp_path: Path) -> None:
    from briefgen.build.pipeline import render_brief
    from test_tradecraft import write

    rendered = render_brief(write(tmp_path / "b", brief()), None, ("html",))
    page = rendered.files["index.html"].decode("utf-8")
    # The page's text, without its embedded fonts (base64, where "BG5" may occur by chance).
    text = re.sub(r"data:[^)\"']+", "", page)
    assert 'id="tradecraft"' not in text and "BG5" not in text and "briefgen’s defaults" not in text
    assert "Draft for coordination" not in page
    assert (
        "The 20 tradecraft checks of estimative language, scenarios and sourcing were run on this version, "
        "and the assessment passed all of them." in page
    )
    validated = waived_and_stale(tmp_path)
    assert validated.context is not None
    view = build_view(validated.context, Stamp("1.0", in_repo=False), tradecraft=build_tradecraft(validated))
    page = render_brief_page(view, None)
    assert 'id="tradecraft"' not in page
    assert "1 finding of them stands for review, and 1 was waived where the standard does not apply" in page
    assert re.search(
        r"<li>“Single-source high confidence” was waived for <a class=\"item-link\" href=\"#item-KJ1\"[^>]*>KJ1</a>: "
        r"S1 is the &lt;b&gt;official&lt;/b&gt; record.</li>",
        page,
    )
