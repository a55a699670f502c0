"""The floors briefgen is measured against, run as their own processes.

`python bench/floors.py parse FOLDER`: find every brief.yaml under FOLDER and parse it with
PyYAML's C loader (what `briefgen validate` cannot do with less work).
`python bench/floors.py one FILE`: import yaml and pydantic's BaseModel and parse one brief (the
least a validating process must do).
`python bench/floors.py one-model FILE`: the same, defining and using one one-field Pydantic model
(for reference: the least that any program validating with Pydantic pays).
`python bench/floors.py pdf HTML CSS`: WeasyPrint alone turning a page into a PDF, with the same
fonts and the same asset fetcher as briefgen's PDF path.
"""

from __future__ import annotations

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
    document.write_pdf()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "parse":
        parse_folder(sys.argv[2])
    elif mode == "one":
        parse_one(sys.argv[2])
    elif mode == "one-model":
        one_model(sys.argv[2])
    else:
        render_pdf(sys.argv[2], sys.argv[3])
