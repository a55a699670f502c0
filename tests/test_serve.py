"""`briefgen serve` over real HTTP: what it serves and refuses, the PDF on demand, and how it
keeps running through briefs that break, vanish and appear. (In a browser: test_serve_browser.py.)"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest

from briefgen.serve import pages
from serve_support import Served, alive, descendants, serving
from support import FIXTURES, REFERENCE_BRIEF, run_cli

MINIMAL_ID = "minimal"


@pytest.fixture
def briefs(tmp_path: Path) -> Path:
    """A folder of briefs: the minimal fixture, as briefs/minimal."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "briefs" / "minimal")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page(served: Served, path: str) -> str:
    status, _, body = served.request(path)
    assert status == 200, (path, status, body[:300])
    return body.decode("utf-8")


def overlay_lines(html: str) -> list[str]:
    """The diagnostics laid over a page, as text, a line for each line `validate` prints."""
    found = re.findall(
        r'<span class="briefgen-(?:line|hint)">(.*?)</span>(?=<span class="briefgen-hint">|</li>)', html, re.S
    )
    return [unescape(re.sub(r"<[^>]+>", "", text)) for text in found]


def after(served: Served, key: str, generation: int) -> dict:
    return served.wait(lambda s: s["briefs"].get(key, {}).get("generation", 0) > generation, f"a new render of {key}")


REFUSED = (
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/minimal/..%2f..%2f..%2fetc%2fpasswd",
    "/minimal/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/minimal/sources/",
    "/minimal/sources",
    "/_pdf/",
    "/.hidden",
    "/minimal/index.html%00.txt",
    "/leak/passwd",
    "/leak.html",
)


def test_only_files_under_the_preview_folder_are_served(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        preview = served.preview_folder()
        (preview / "leak").symlink_to("/etc")
        (preview / "leak.html").symlink_to("/etc/passwd")
        for path in REFUSED:
            status, _, body = served.request(path)
            assert (path, status) == (path, 404)
            assert b"root:" not in body
        assert served.request("/minimal")[0] == 307  # to /minimal/, where its relative links work


def test_requests_for_another_host_are_refused(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        for host in ("evil.example", f"evil.example:{served.port}", f"127.0.0.1:{served.port + 1}", ""):
            status, _, body = served.request("/minimal/", headers={"Host": host})
            assert status == 403, host
            assert body.startswith(b"briefgen serve answers only to ")
        for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}"):
            assert served.request("/minimal/", headers={"Host": host})[0] == 200


def test_no_endpoint_writes(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            for path in ("/", "/minimal/index.html", "/_serve/events", "/_serve/pdf/minimal"):
                assert served.request(path, method)[0] == 405, (method, path)
        assert served.request("/minimal/index.html", "HEAD")[0] == 200


def test_the_preview_page_carries_the_reload_script_and_build_does_not(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        html = page(served, "/minimal/")
        (policy,) = [
            unescape(found) for found in re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        ]
        assert policy.startswith("default-src 'none'; style-src 'sha256-")
        (nonce,) = re.findall(r"script-src 'nonce-([A-Za-z0-9_-]+)'", policy)
        assert "connect-src 'self'" in policy
        assert re.findall(r"<script[^>]*>", html) == [
            f'<script nonce="{nonce}" id="briefgen-reload" data-watch="minimal">'
        ]
        assert nonce not in page(served, "/minimal/")  # a nonce a response
        assert "Live preview" in html
    out = briefs / "out"
    done = run_cli(["build", "briefs", "--format", "html", "--out", str(out)], cwd=briefs)
    assert done.returncode == 0, done.stdout + done.stderr
    built = (out / MINIMAL_ID / "index.html").read_text(encoding="utf-8")
    assert "<script" not in built and "briefgen-preview" not in built
    assert not (briefs / "build").exists()  # serve never wrote the user's build/


def test_the_listing_links_each_brief_and_its_pdf(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        html = page(served, "/")
        assert 'href="/minimal/"' in html and 'href="/_serve/pdf/minimal"' in html


def test_the_pdf_is_made_on_demand_and_cached(briefs: Path) -> None:
    with serving(briefs, "briefs") as served:
        status, headers, body = served.request("/_serve/pdf/minimal")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert "Making the PDF" in body.decode("utf-8")
        deadline = time.monotonic() + 120
        while headers["content-type"] != "application/pdf" and time.monotonic() < deadline:
            time.sleep(0.2)
            status, headers, body = served.request("/_serve/pdf/minimal")
        assert headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")
        made = [line for line in served.lines if line.startswith("made the PDF of ")]
        generation = served.state()["briefs"]["minimal"]["generation"]
        (briefs / "briefs" / "minimal" / "brief.yaml").touch()  # a save that changes nothing
        after(served, "minimal", generation)
        status, headers, again = served.request("/_serve/pdf/minimal")
        while headers["content-type"] != "application/pdf" and time.monotonic() < deadline:
            time.sleep(0.2)
            status, headers, again = served.request("/_serve/pdf/minimal")
        assert again == body
        assert [line for line in served.lines if line.startswith("made the PDF of ")] == made  # from the cache


def test_an_invalid_brief_shows_its_last_good_render_with_the_diagnostics(briefs: Path) -> None:
    brief = briefs / "briefs" / "minimal" / "brief.yaml"
    with serving(briefs, "briefs", "--editor-url", "vscode://file{path}:{line}:{column}") as served:
        generation = served.state()["briefs"]["minimal"]["generation"]
        edit(brief, "likelihood: likely", "likelihood: likley")
        after(served, "minimal", generation)
        html = page(served, "/minimal/")
        printed = run_cli(["validate", "briefs"], cwd=briefs).stdout.splitlines()[:-1]
        assert overlay_lines(html) == printed
        location = printed[0].split(": ", 1)[0]
        file, line, column = location.rsplit(":", 2)
        assert f'<a href="vscode://file{briefs / file}:{line}:{column}">{location}</a>' in html
        assert "is not valid: 1 error" in html and "This is its last valid render." in html
        assert 'class="briefgen-overlay"' in html and "<main" in html  # over the last good render


def test_a_brief_never_valid_shows_its_diagnostics_alone(briefs: Path) -> None:
    edit(briefs / "briefs" / "minimal" / "brief.yaml", "likelihood: likely", "likelihood: likley")
    with serving(briefs, "briefs") as served:
        html = page(served, "/minimal/")
        assert "BG203" in html and "It has not been valid since the preview started." in html
        assert 'class="brief"' not in html


def test_briefs_that_break_vanish_and_appear_show_and_the_server_keeps_running(briefs: Path) -> None:
    folder = briefs / "briefs" / "minimal"
    with serving(briefs, "briefs") as served:
        generation = served.state()["briefs"]["minimal"]["generation"]
        (folder / "sources" / "s1.txt").rename(folder / "sources" / "renamed.txt")
        after(served, "minimal", generation)
        html = page(served, "/minimal/")
        assert "BG311" in html and "archive &#39;sources/s1.txt&#39; does not exist" in html
        assert "This is its last valid render." in html

        shutil.copytree(FIXTURES / "minimal", briefs / "briefs" / "second")
        edit(briefs / "briefs" / "second" / "brief.yaml", "id: minimal", "id: second")
        served.wait(lambda s: s["briefs"].get("second", {}).get("generation", 0) > 0, "the new brief")
        assert 'href="/second/"' in page(served, "/")

        shutil.rmtree(folder)
        served.wait(lambda s: s["briefs"]["minimal"]["removed"], "the brief removed")
        assert "This brief was removed while the preview ran." in page(served, "/minimal/")
        assert "removed while the preview ran" in page(served, "/")
        assert 'href="/second/"' in page(served, "/")


def test_a_render_past_the_limit_shows_and_the_server_keeps_running(briefs: Path) -> None:
    with serving(briefs, "briefs", "--timeout", "0.001") as served:
        html = page(served, "/minimal/")
        assert "could not be rendered" in html and "rendering took longer than the time limit (0.001 s)" in html


def test_a_template_that_cannot_render_shows_on_the_page(briefs: Path) -> None:
    templates = briefs / "templates"
    templates.mkdir()
    (templates / "_summary.html.j2").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    with serving(briefs, "briefs", "--templates", "templates") as served:
        html = page(served, "/minimal/")
        assert "could not be rendered" in html and "no_such_variable" in html
        generation = served.state()["briefs"]["minimal"]["generation"]
        (templates / "_summary.html.j2").unlink()  # the built-in one again: a template change renders again
        generation = after(served, "minimal", generation)["briefs"]["minimal"]["generation"]
        assert "could not be rendered" not in page(served, "/minimal/")
        (templates / "_summary.html.j2").write_text("<p>An override that appeared</p>\n", encoding="utf-8")
        after(served, "minimal", generation)
        assert "<p>An override that appeared</p>" in page(served, "/minimal/")


def test_a_settings_change_renders_again(briefs: Path) -> None:
    (briefs / ".git").mkdir()  # the top of the repository: settings are looked for up to here
    with serving(briefs, "briefs") as served:
        generation = served.state()["briefs"]["minimal"]["generation"]
        (briefs / "briefgen.toml").write_text("[severity\n", encoding="utf-8")  # above the folder served
        after(served, "minimal", generation)
        html = page(served, "/minimal/")
        assert "could not be rendered" in html and "briefgen.toml:1:10: BG120 settings-syntax: Expected" in html
        # In the terminal as validate and build print it: located, with its severity and hint.
        served.wait(lambda s: "    hint: fix the TOML syntax" in served.lines, "the settings error printed")
        at = served.lines.index("briefs/minimal/brief.yaml: could not be rendered:")
        assert served.lines[at : at + 3] == [
            "briefs/minimal/brief.yaml: could not be rendered:",
            "briefgen.toml:1:10: error BG120 settings-syntax: Expected ']' at the end of a table declaration",
            "    hint: fix the TOML syntax",
        ]


def test_a_burst_of_saves_is_rendered_once_the_last_one_wins(briefs: Path) -> None:
    brief = briefs / "briefs" / "minimal" / "brief.yaml"
    with serving(briefs, "briefs") as served:
        before = served.previews()
        text = brief.read_text(encoding="utf-8")
        for number in range(5):  # as an editor saves: a temporary file renamed over the brief
            temporary = brief.with_name(".brief.yaml.tmp")
            temporary.write_text(text.replace("title: ", f"title: Draft {number} ", 1), encoding="utf-8")
            os.replace(temporary, brief)
        served.wait(lambda s: s["previews"] > before and not s["pending"], "the burst rendered")
        time.sleep(0.5)
        assert "Draft 4 " in page(served, "/minimal/")
        assert served.previews() - before < 5  # fewer renders than saves (one, or two when a render was under way)
        # A render not shown left nothing but the spares, one a file of the brief at most.
        assert len(list((served.preview_folder() / ".staged").iterdir())) <= 3


def test_each_save_serves_its_own_pages_written_over_the_spares(briefs: Path) -> None:
    # From the third save on, the worker writes each page over the server's copy before the
    # last (longer and shorter ones in turn): what is served is this save's page, byte for byte.
    from briefgen.build.pipeline import render_validated
    from briefgen.check.pipeline import validate_brief

    brief = briefs / "briefs" / "minimal" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    with serving(briefs, "briefs") as served:
        for title in ["A much longer title " * 6, "Short ", "Mid-length title " * 3, "B ", "Short "]:
            generation = served.state()["briefs"]["minimal"]["generation"]
            brief.write_text(text.replace("title: ", f"title: {title}", 1), encoding="utf-8")
            after(served, "minimal", generation)
            folder = served.preview_folder() / "minimal"
            for name, data in render_validated(validate_brief(brief), None, ("html",)).files.items():
                assert (folder / name).read_bytes() == data, (title, name)
            assert title.strip() in page(served, "/minimal/")
        assert len(list((served.preview_folder() / ".staged").iterdir())) == 3  # a spare a page


def test_serve_warns_when_it_listens_on_every_interface(briefs: Path) -> None:
    with serving(briefs, "briefs", "--host", "0.0.0.0") as served:
        # The port named is the one it listens on (the helper passes --port 0: a free one), not 0.
        assert served.lines[0] == (
            f"briefgen: warning: serving on 0.0.0.0: anyone who can reach this machine on port {served.port} "
            "can read the briefs (use --host 127.0.0.1 to keep them to this machine)"
        )
        # The address given is the loopback one a browser can open, not http://0.0.0.0:PORT/.
        assert served.lines[1] == (
            f"serving 1 brief from briefs at http://127.0.0.1:{served.port}/ (listening on every interface; "
            "Ctrl-C to stop)"
        )
        assert served.request("/", headers={"Host": f"127.0.0.1:{served.port}"})[0] == 200
        assert served.request("/", headers={"Host": f"rebound.example:{served.port}"})[0] == 403


def test_ctrl_c_stops_it_at_once_leaving_nothing(briefs: Path) -> None:
    lines: list[str] = []
    with serving(briefs, "briefs", stopped=lines) as served:
        served.request("/_serve/pdf/minimal")  # a PDF being made when it is stopped
    assert lines[-1] == "stopped"
    assert not [line for line in lines if "Traceback" in line]


@pytest.mark.parametrize("busy", [True, False], ids=["rendering", "idle"])
def test_a_killed_server_leaves_no_worker(briefs: Path, busy: bool) -> None:
    # Killed (SIGKILL: no clean-up of its own), the server takes its workers with it: one in the
    # middle of a render that would take minutes (a template that loops, under the default time
    # limit of 120 s), and one waiting for work (which waits on a pipe it holds both ends of).
    templates = briefs / "templates"
    templates.mkdir()
    if busy:
        (templates / "_summary.html.j2").write_text("{% for i in range(10**10) %}{% endfor %}\n", encoding="utf-8")
    (briefs / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "briefs", "--templates", "templates", "--port", "0"],
        cwd=briefs,
        env={**os.environ, "TMPDIR": str(briefs / "tmp")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    family: set[int] = set()
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("serving 1 brief from briefs at http://127.0.0.1:")
        if busy:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not _busy_workers(process.pid):
                time.sleep(0.05)
            assert _busy_workers(process.pid), "no worker rendering"
        else:
            assert process.stdout.readline().startswith("rendered briefs/minimal/brief.yaml (")
            assert descendants(process.pid) - _children_of(process.pid), "no worker"
        family = descendants(process.pid)
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(alive(pid) for pid in family):
            time.sleep(0.02)
        assert not [pid for pid in family if alive(pid)], "processes left after the server was killed"
    finally:
        family |= descendants(process.pid) if process.poll() is None else set()
        process.kill()
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
        for pid in family:
            if alive(pid):  # what the test found left, stopped so as not to outlive it
                os.kill(pid, signal.SIGKILL)


def _busy_workers(pid: int) -> list[int]:
    """The server's workers (children of its fork server, the server's child) that are using the
    CPU: a worker in the middle of a render."""
    busy = []
    for child in descendants(pid) - _children_of(pid):
        try:
            first = int(Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()[11])
            time.sleep(0.2)
            if int(Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()[11]) > first:
                busy.append(child)
        except OSError:
            continue
    return busy


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)//{path}", "https://example.com/{path}", "vscode://file", "vscode://file{path}{evil}"]
)
def test_editor_urls_that_are_not_an_editors_are_refused(briefs: Path, url: str) -> None:
    done = run_cli(["serve", "briefs", "--port", "0", "--editor-url", url], cwd=briefs)
    assert done.returncode == 2
    assert done.stderr.startswith(f"briefgen: error: --editor-url {url!r} must ")


def test_without_the_serve_extra_the_error_names_it(briefs: Path) -> None:
    script = "import sys; sys.modules['uvicorn'] = None; from briefgen.cli import main; sys.exit(main(['serve']))"
    done = subprocess.run([sys.executable, "-c", script], cwd=briefs, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == (
        "briefgen: error: briefgen serve needs the serve extra, which is not installed (uvicorn is missing)\n"
        "  hint: pip install 'briefgen[serve]' (in a clone: pip install -e '.[serve]')\n"
    )


def test_serve_answers_for_the_reference_brief(tmp_path: Path) -> None:
    shutil.copytree(REFERENCE_BRIEF, tmp_path / "briefs" / "russia-syria-security")
    with serving(tmp_path, "briefs") as served:
        html = page(served, "/russia-syria-security/")
        assert "Tartus" in html
        assert "Live preview" in page(served, "/russia-syria-security/sources/S1.html")


def test_a_served_page_is_the_built_one_with_the_chrome_before_its_end_and_a_nonce_in_its_policy(
    tmp_path: Path,
) -> None:
    # The reference brief in git (the changes section), saved while served: the preview worker
    # renders it again reusing what did not change, and what it shows must be what a build of
    # the brief as saved writes, but for exactly this: the preview's chrome (its <style>, bar,
    # overlay and <script>) just before </body>, and the page's policy widened for its nonce
    # (`pages.widen_csp`: style-src and script-src 'nonce-…', connect-src 'self').
    folder = tmp_path / "briefs" / "russia-syria-security"
    shutil.copytree(REFERENCE_BRIEF, folder)
    identity = ["-c", "user.name=b", "-c", "user.email=b@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "1.1"]):
        subprocess.run(["git", *identity, *args], cwd=tmp_path, check=True, capture_output=True)
    with serving(tmp_path, "briefs") as served:
        generation = served.state()["briefs"]["russia-syria-security"]["generation"]
        edit(folder / "brief.yaml", "Russia will very likely still", "Russia will very likely (edited) still")
        after(served, "russia-syria-security", generation)
        shown = {name: page(served, f"/russia-syria-security/{name}") for name in ("index.html", "sources/S1.html")}
    out = tmp_path / "out"
    done = run_cli(["build", "briefs", "--format", "html", "--out", str(out)], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for name, served_page in shown.items():
        built = (out / "russia-syria-security" / name).read_text(encoding="utf-8")
        assert ("(edited)" in built) is (name == "index.html")
        policy = re.compile(r'(?<=http-equiv="Content-Security-Policy" content=")[^"]*')
        (built_policy,), (served_policy,) = policy.findall(built), policy.findall(served_page)
        (nonce,) = re.findall(r"script-src 'nonce-([A-Za-z0-9_-]+)'", unescape(served_policy))
        assert unescape(served_policy) == pages.widen_csp(unescape(built_policy), nonce)
        start = served_page.index(served_policy)
        undone = served_page[:start] + built_policy + served_page[start + len(served_policy) :]
        end = built.rindex("</body>")
        assert undone[:end] == built[:end], name
        chrome = undone[end : len(undone) - (len(built) - end)]
        assert undone == built[:end] + chrome + built[end:], name
        assert chrome.startswith(f'<style nonce="{nonce}">') and chrome.endswith("</script>\n"), chrome[-200:]


def _children_of(pid: int) -> set[int]:
    return {int(child) for task in Path(f"/proc/{pid}/task").glob("*/children") for child in task.read_text().split()}


def test_a_preview_leaves_out_the_files_the_server_has(briefs: Path, tmp_path: Path) -> None:
    from briefgen.build.pipeline import render_validated
    from briefgen.check.pipeline import validate_brief
    from briefgen.serve.renders import Served as Has
    from briefgen.serve.renders import preview_brief

    staging = tmp_path / "staging"
    staging.mkdir()
    path = briefs / "briefs" / "minimal" / "brief.yaml"
    first = preview_brief(path, None, staging)
    assert first.rendered is not None and first.rendered.files == {} and set(first.staged) == set(first.versions)
    assert set(first.versions) == {"index.html", "sources/S1.html", "sources/S2.html"}
    rendered = render_validated(validate_brief(path), None, ("html",)).files
    for name, staged in first.staged.items():  # each file written whole in the staging folder
        assert Path(staged).parent == staging
        assert Path(staged).read_bytes() == rendered[name]
    edit(path, "title: ", "title: Edited ")  # on every page
    edited = preview_brief(path, None, staging, Has(tmp_path, first.versions))
    assert set(edited.staged) == set(first.versions)
    assert all(edited.versions[name] != first.versions[name] for name in first.versions)
    again = preview_brief(path, None, staging, Has(tmp_path, edited.versions))
    assert again.rendered is not None and again.staged == {} and again.versions == edited.versions
    edit(path, "Russian patrols will continue.", "Russian patrols will go on.")  # on the brief's page alone
    spare = staging / "spare"
    spare.write_bytes(b"x" * 2_000_000)  # longer than the page: what is left of it goes
    judged = preview_brief(path, None, staging, Has(tmp_path, again.versions, {"index.html": str(spare)}))
    assert judged.staged == {"index.html": str(spare)}
    assert spare.read_bytes() == render_validated(validate_brief(path), None, ("html",)).files["index.html"]
    assert len(list(staging.iterdir())) == 7
    for preview in (first, edited):
        preview.discard()
    judged.discard(keep={str(spare)})
    assert list(staging.iterdir()) == [spare]


def test_serve_finds_its_briefs_from_a_briefs_own_folder(briefs: Path) -> None:
    # No PATH, in a brief's own folder: the brief whose folder this is, as validate and build do.
    with serving(briefs / "briefs" / "minimal", temp=briefs / "tmp") as served:
        assert 'href="/minimal/"' in page(served, "/")


def test_a_preview_worker_stopped_in_the_middle_of_a_render_answers_that_it_died(briefs: Path) -> None:
    import asyncio

    from briefgen.serve.renders import Renderer
    from briefgen.serve.renders import Served as Has

    path = briefs / "briefs" / "minimal" / "brief.yaml"
    renderer = Renderer(None, 120.0, briefs / "tmp", briefs / "staging")

    async def scenario() -> tuple[str | None, bool, list[str]]:
        first = await renderer.preview(path, Has(briefs))  # a worker started, and warm
        pending = asyncio.ensure_future(renderer.preview(path, Has(briefs, first.versions)))
        await asyncio.sleep(0)  # the request is sent
        renderer.restart()  # as a change of the templates does
        stopped = await pending
        again = await renderer.preview(path, Has(briefs))  # a fresh worker
        renderer.close()
        message = stopped.problem.message if stopped.problem else None
        return message, again.valid, sorted(again.staged)

    message, valid, staged = asyncio.run(scenario())
    assert message == "rendering stopped: the worker process died (out of memory, or killed)"
    assert valid and staged == ["index.html", "sources/S1.html", "sources/S2.html"]
