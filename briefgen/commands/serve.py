"""`briefgen serve`: a live preview of the briefs being written, in the browser beside the editor."""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
from pathlib import Path

from briefgen.errors import UsageError

EXAMPLE = """examples:
  briefgen serve                          # every brief under briefs/, at http://127.0.0.1:8000/
  briefgen serve briefs/hesk-ferry-link --open
  briefgen serve --port 8123 --templates my-templates
  briefgen serve --editor-url 'vscode://file{path}:{line}:{column}'
"""
EDITOR_VARIABLE = "BRIEFGEN_EDITOR_URL"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_REFUSED_SCHEMES = ("javascript", "data", "vbscript", "http", "https")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from briefgen.commands.build import positive

    parser = subparsers.add_parser(
        "serve",
        help="preview briefs in the browser, rendered again as you save",
        description="Render the HTML of the briefs under PATH into a preview folder of its own (never "
        "build/), serve it on 127.0.0.1, and render a brief again whenever a file it is made from "
        "changes (its YAML, its archived sources, the settings file, the --templates); the page in "
        "the browser reloads by itself. An invalid brief's page shows its last good render with the "
        "diagnostics over it; its PDF is made when asked for. Stop with Ctrl-C. Needs the serve "
        "extra: pip install 'briefgen[serve]'.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        metavar="PATH",
        help="a brief or a folder of briefs (default: the brief whose folder you are in, or the repository's "
        "briefs/, found from any folder of it)",
    )
    parser.add_argument(
        "--port", "-p", type=_port, default=8000, metavar="N", help="port to listen on (default: 8000; 0: any free one)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDR",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 shows the briefs to your network)",
    )
    parser.add_argument("--open", dest="open_browser", action="store_true", help="open the listing in the web browser")
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="folder of templates that override the built-in ones by name (watched too)",
    )
    parser.add_argument(
        "--timeout",
        type=positive(float),
        default=120.0,
        metavar="SECONDS",
        help="stop rendering a brief after this long, as build does (default: 120)",
    )
    parser.add_argument(
        "--editor-url",
        metavar="TEMPLATE",
        default=None,
        help="make each diagnostic's file:line:column a link that opens your editor there, e.g. "
        f"'vscode://file{{path}}:{{line}}:{{column}}' (default: ${EDITOR_VARIABLE}, if set)",
    )
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return int(text)


def editor_template(text: str | None) -> str | None:
    """The editor URL template, checked: an editor's own scheme, with {path} and nothing but
    {path}, {line} and {column} to fill in."""
    if not text:
        return None
    scheme = _SCHEME.match(text)
    hint = "e.g. --editor-url 'vscode://file{path}:{line}:{column}'"
    if scheme is None or scheme.group(1).lower() in _REFUSED_SCHEMES:
        raise UsageError(f"--editor-url {text!r} must start with an editor's URL scheme (vscode:, idea:, …)", hint)
    fields = set(re.findall(r"\{([^{}]*)\}", text))
    if "path" not in fields or not fields <= {"path", "line", "column"} or re.sub(r"\{[^{}]*\}", "", text).count("{"):
        raise UsageError(f"--editor-url {text!r} must hold {{path}}, and may hold {{line}} and {{column}}", hint)
    return text


def run(args: argparse.Namespace) -> int:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
        import watchfiles  # noqa: F401
    except ImportError as error:
        raise UsageError(
            f"briefgen serve needs the serve extra, which is not installed ({error.name} is missing)",
            "pip install 'briefgen[serve]' (in a clone: pip install -e '.[serve]')",
        ) from None
    from briefgen.load.paths import display_path
    from briefgen.serve.server import Options, bind, serve

    if args.path is None:
        from briefgen.workspace import find_workspace

        args.path = find_workspace().briefs[0]
    if not args.path.exists():
        raise UsageError(f"no such file or folder: {args.path}", "give a brief file or a folder of briefs")
    if args.templates is not None and not args.templates.is_dir():
        raise UsageError(
            f"no such templates folder: {args.templates}", "give a folder of .j2 templates named like the built-in ones"
        )
    editor = editor_template(args.editor_url or os.environ.get(EDITOR_VARIABLE))
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            "choose another port with --port N (0: any free one)",
        ) from None
    port = sock.getsockname()[1]  # the one listened on: with --port 0, the free one chosen
    if not _loopback(args.host):
        print(
            f"briefgen: warning: serving on {args.host}: anyone who can reach this machine on port {port} "
            "can read the briefs (use --host 127.0.0.1 to keep them to this machine)",
            file=sys.stderr,
            flush=True,
        )
    options = Options(
        root=Path(display_path(args.path)),
        host=args.host,
        port=port,
        templates=args.templates,
        timeout=args.timeout,
        editor=editor,
        open_browser=args.open_browser,
    )
    try:
        serve(options, sock, lambda text: print(text, flush=True))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("stopped", flush=True)
    return 0


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
