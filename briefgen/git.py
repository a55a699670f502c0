"""Run git read-only, hardened against repository settings that could run programs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Settings a repository's own config could use to make a read run a program.
_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "diff.external=",
         "-c", "core.pager=cat", "--no-pager")


class GitError(Exception):
    """git is missing, or a git command failed; `message` says what git said."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def run_git(cwd: Path, *args: str, binary: bool = False) -> str | bytes:
    """Run `git args…` in `cwd` and return its standard output."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *_SAFE, *args], cwd=cwd, capture_output=True, env=env, check=False, timeout=60
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise GitError(f"git {args[0]} took longer than 60 s") from error
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding `path`, or None outside any repository."""
    folder = path if path.is_dir() else path.parent
    try:
        return Path(str(run_git(folder, "rev-parse", "--show-toplevel")).strip())
    except (GitError, OSError):
        return None
