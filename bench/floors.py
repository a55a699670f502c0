"""The floors briefgen is measured against, run as their own processes.

`python bench/floors.py parse FOLDER`: find every brief.yaml under FOLDER and parse it with
PyYAML's C loader (what `briefgen validate` cannot do with less work).
`python bench/floors.py one FILE`: import yaml and pydantic's BaseModel and parse one brief (the
least a validating process must do).
`python bench/floors.py one-model FILE`: the same, defining and using one one-field Pydantic model
(for reference: the least that any program validating with Pydantic pays).
`python bench/floors.py pdf HTML CSS`: WeasyPrint alone turning a page into a tagged PDF/UA-1, with
the same fonts and the same asset fetcher as briefgen's PDF path.
`python bench/floors.py tagging HTML CSS REPS`: lay a page out and write it untagged, as PDF/UA-1
and as PDF/A-3a, REPS times, printing each one's seconds (bench/tagging.py).
"""

from __future__ import annotations

import json
import os
import sys

import yaml


def parse_folder(folder: str) -> int:
    count = 0
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        if "brief.yaml" in files:
            with open(os.path.join(root, "brief.yaml"), "rb") as stream:
                yaml.load(stream.read(), Loader=yaml.CSafeLoader)
            count += 1
    return count


def parse_one(file: str) -> None:
    # The floor of a validating process imports pydantic's models (`import pydantic` alone is
    # lazy and loads next to nothing).
    from pydantic import BaseModel  # noqa: F401

    with open(file, "rb") as stream:
        yaml.load(stream.read(), Loader=yaml.CSafeLoader)


def one_model(file: str) -> None:
    # For reference, not a floor: what any program that validates with a Pydantic model pays on
    # top of `parse_one` (defining a model imports pydantic.fields, annotated_types, pydantic.types
    # and, for pydantic's plugins, importlib.metadata).
    from pydantic import BaseModel, Field

    class Brief(BaseModel):
        id: str = Field(description="The brief's id.")

    with open(file, "rb") as stream:
        Brief.model_validate({"id": yaml.load(stream.read(), Loader=yaml.CSafeLoader)["id"]})


def render_pdf(html_file: str, css_file: str) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefgen.render.fetcher import AssetFetcher

    with open(html_file, encoding="utf-8") as stream:
        html = stream.read()
    with open(css_file, encoding="utf-8") as stream:
        css = stream.read()
    fetcher, fonts = AssetFetcher(), FontConfiguration()
    stylesheet = CSS(string=css, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=fonts, presentational_hints=False
    )
    # The same job as briefgen's: a tagged PDF/UA-1 (WeasyPrint's own tags, without briefgen's completion).
    document.write_pdf(pdf_variant="pdf/ua-1")


def tagging(html_file: str, css_file: str, reps: str) -> None:
    """Print, for each repetition, the seconds of the layout and of writing the PDF untagged, as
    PDF/UA-1 and as PDF/A-3a (briefgen's path, rotating their order): the layout is the same
    for all three, so a noisy machine moves them together."""
    import time

    from briefgen.render.pdf import lay_out, write

    with open(html_file, encoding="utf-8") as stream:
        html = stream.read()
    with open(css_file, encoding="utf-8") as stream:
        css = stream.read()
    variants = [None, "pdf/ua-1", "pdf/a-3a"]
    for rep in range(int(reps) + 1):  # the first is a warm-up
        started = time.perf_counter()
        document = lay_out(html, css)
        seconds = {"layout": time.perf_counter() - started}
        for variant in variants[rep % 3 :] + variants[: rep % 3]:
            started = time.perf_counter()
            data = write(document, variant)
            seconds[variant or "untagged"] = time.perf_counter() - started
            seconds[f"{variant or 'untagged'} bytes"] = len(data)
        if rep:
            print(json.dumps(seconds), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "parse":
        parse_folder(sys.argv[2])
    elif mode == "one":
        parse_one(sys.argv[2])
    elif mode == "one-model":
        one_model(sys.argv[2])
    elif mode == "tagging":
        tagging(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        render_pdf(sys.argv[2], sys.argv[3])
