"""Run git read-only, hardened against repository settings that could run programs."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any, Literal, overload

# Settings a repository's own configuration could use to make a read run a program: the
# fsmonitor hook, hooks, external diff, pagers, signature checks. Filters are named by driver,
# so each filter driver the configuration defines is switched off by name (`_filters_off`).
_SAFE = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "diff.external=",
    "-c",
    "core.pager=cat",
    "-c",
    "log.showSignature=false",
    "-c",
    "color.ui=false",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
    "-c",
    "core.attributesFile=/dev/null",
    "-c",
    "diff.ignoreSubmodules=all",
    "-c",
    "status.submoduleSummary=false",
    "--no-pager",
)
# Options each command that compares contents takes: no textconv, no external diff, and never
# into a submodule (whose own configuration this process has not read).
_NO_PROGRAMS = {
    "diff": ("--no-textconv", "--no-ext-diff", "--ignore-submodules=all"),
    "log": ("--no-textconv", "--no-ext-diff"),
    "status": ("--ignore-submodules=all",),
}
# A filter driver's keys that name a program. (Diff drivers' textconv and command programs are
# switched off by `--no-textconv --no-ext-diff`; no command briefgen runs merges.)
_FILTER_PROGRAM = re.compile(r"^filter\.(.+)\.(clean|smudge|process)$", re.DOTALL)
# Variables from the environment that would name a program for git to run.
_PROGRAM_VARIABLES = (
    "GIT_EXTERNAL_DIFF",
    "GIT_PAGER",
    "PAGER",
    "GIT_EDITOR",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_ASKPASS",
)


class GitError(Exception):
    """git is missing, or a git command failed; `message` says what git said."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@overload
def run_git(cwd: Path, *args: str, binary: Literal[False] = False, stdin: bytes | None = None) -> str: ...
@overload
def run_git(cwd: Path, *args: str, binary: Literal[True], stdin: bytes | None = None) -> bytes: ...
def run_git(cwd: Path, *args: str, binary: bool = False, stdin: bytes | None = None) -> str | bytes:
    """Run `git args…` in `cwd` (with `stdin` as its input) and return its standard output.
    Nothing the repository's configuration names is run: no filter, textconv, external diff,
    fsmonitor, hook, pager or signature program."""
    if _remembered is not None and args and _remembers(args):
        state = repository_state(Path(cwd), worktree=args[0] == "status")
        if state is not None:
            key = (os.path.abspath(cwd), args, binary, stdin, state)
            found = _remembered.get(key)
            if found is None:
                try:
                    found = _run_git(cwd, args, binary, stdin)
                except GitError as error:
                    found = error
                if len(_remembered) >= _REMEMBER_AT_MOST:
                    _remembered.clear()
                _remembered[key] = found
            if isinstance(found, GitError):
                raise GitError(found.message)
            return found
    return _run_git(cwd, args, binary, stdin)


def _run_git(cwd: Path, args: tuple[str, ...], binary: bool, stdin: bytes | None) -> str | bytes:
    env = _environment()
    env.update(_filters_off(cwd, env))
    command = [*args[:1], *_NO_PROGRAMS.get(args[0], ()), *args[1:]] if args else []
    return _run(cwd, command, env, binary, stdin)


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _PROGRAM_VARIABLES}
    # Literal pathspecs: a path is a path, never a glob or `:(magic)` pattern. No system-wide
    # attributes file (the repository's own .gitattributes can only name filter drivers, switched off).
    env.update(
        {
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "GIT_LITERAL_PATHSPECS": "1",
            "GIT_ATTR_NOSYSTEM": "1",
        }
    )
    return env


_FILTER_KEYS: dict[Path, list[str]] = {}


def _filters_off(cwd: Path, env: dict[str, str]) -> dict[str, str]:
    """Environment variables that give every program key of a filter driver defined in the
    configuration git reads in `cwd` an empty value (git's own "no program"), in the highest
    scope of configuration: `GIT_CONFIG_COUNT` and its keys, which, unlike `-c`, take a key
    whatever characters its driver's name holds (after any the environment already sets)."""
    folder = Path(os.path.abspath(cwd))
    if folder not in _FILTER_KEYS:
        try:
            out = _run(folder, ["config", "-z", "--name-only", "--list"], env, True, None)
            listed = out if isinstance(out, bytes) else out.encode()
        except GitError:
            listed = b""
        keys: list[str] = []
        for name in listed.decode("utf-8", "surrogateescape").split("\x00"):
            found = _FILTER_PROGRAM.match(name)
            if found:
                # A required filter that does not run is an error: it is required no more.
                keys += [name, f"filter.{found.group(1)}.required"]
        _FILTER_KEYS[folder] = list(dict.fromkeys(keys))
    keys = _FILTER_KEYS[folder]
    try:
        first = int(env.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        first = 0
    values = {"GIT_CONFIG_COUNT": str(first + len(keys))}
    for number, key in enumerate(keys, first):
        values[f"GIT_CONFIG_KEY_{number}"] = key
        values[f"GIT_CONFIG_VALUE_{number}"] = "false" if key.endswith(".required") else ""
    return values


def _run(cwd: Path, args: list[str], env: dict[str, str], binary: bool, stdin: bytes | None) -> str | bytes:
    try:
        done = subprocess.run(
            ["git", *_SAFE, *args],
            cwd=cwd,
            capture_output=True,
            env=env,
            check=False,
            timeout=60,
            input=stdin if stdin is not None else b"",
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise GitError(f"git {args[0]} took longer than 60 s") from error
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


# A process that renders one brief again and again (`serve`'s preview worker) asks git the same
# questions after every save; `remember()` keeps the answers of these read-only commands for as
# long as the repository's state, as `repository_state` sees it, stays the same.
_READS = frozenset({"rev-parse", "log", "for-each-ref", "cat-file", "ls-tree", "status"})
# And these, by how they begin: the index's entries, the configuration's settings.
_INDEX_READS = (("ls-files", "--stage"), ("config", "-z", "--list"))


def _remembers(args: tuple[str, ...]) -> bool:
    return args[0] in _READS or any(args[: len(read)] == read for read in _INDEX_READS)


_REMEMBER_AT_MOST = 2048
_remembered: dict[tuple[Any, ...], str | bytes | GitError] | None = None
# What git reads in the git folder to answer them (besides objects, which never change).
_GIT_FILES = ("HEAD", "index", "packed-refs", "config", "config.worktree", "shallow", "commondir", "info/exclude")


def remember(keep: bool = True) -> None:
    """Keep the answers of git's read-only commands while the repository does not change (or,
    with `keep` False, stop keeping them)."""
    global _remembered
    _remembered = ({} if _remembered is None else _remembered) if keep else None


def repository_state(cwd: Path, worktree: bool = False) -> tuple[Any, ...] | None:
    """What the answers of git's read-only commands in `cwd` depend on, as file stats: the git
    folder's HEAD (and what it and the branch it names hold), index, refs (every folder under
    refs/, whose times change whenever a ref in it is written, since git writes a ref by renaming
    a new file over it), packed refs and
    configuration (the user's and the system's too); with `worktree`, also the files under `cwd`
    and the ignore files above it (what `git status -- .` reads). Outside any repository, the
    `.git` that could appear above `cwd`. None when the environment points git elsewhere
    (GIT_DIR and the like). (Paths as strings: it runs before each of a render's git questions.)"""
    found = _repository(os.path.abspath(cwd), worktree)
    return None if found is None else found[0]


def kept_state(cwd: Path) -> tuple[Any, ...] | None:
    """`repository_state` while git's answers are remembered (`remember`), None otherwise: what
    a process that renders again after each save keys what it works out from git's answers by."""
    return repository_state(cwd) if _remembered is not None else None


@contextmanager
def one_look() -> Iterator[None]:
    """Within the block, in this thread, git's remembered answers come from one look at each
    repository's state (`repository_state`), taken at its first question: a render asks git some
    ten questions, and each looked at the repository again."""
    looked = getattr(_looks, "states", None)
    _looks.states = {} if looked is None else looked
    try:
        yield
    finally:
        if looked is None:
            del _looks.states


_looks = threading.local()


def _repository(folder: str, worktree: bool) -> tuple[tuple[Any, ...], str | None, str | None] | None:
    """`repository_state` of `folder`, the top of its work tree and its git folder (None outside
    one); within `one_look`, the one taken first."""
    looked: dict[tuple[str, bool], Any] | None = getattr(_looks, "states", None)
    if looked is None:
        return _look(folder, worktree)
    key = (folder, worktree)
    if key not in looked:
        looked[key] = _look(folder, worktree)
        if not worktree:
            _share(looked, folder, looked[key])
    found: tuple[tuple[Any, ...], str | None, str | None] | None = looked[key]
    return found


def _share(looked: dict[tuple[str, bool], Any], folder: str, found: Any) -> None:
    """Note the look just taken at `folder` as the look at each folder above it up to the top of
    its work tree, which it holds: a render asks git in the brief's folder and at the top, and
    looking from a folder is looking from the one above it after one more `.git` not found."""
    if found is None or found[1] is None:
        return
    (top, stats), _, git = found
    above = folder
    for position in range(1, len(stats)):
        if above == top:
            return
        above = os.path.dirname(above)
        looked.setdefault((above, False), ((top, stats[position:]), top, git))


def _look(folder: str, worktree: bool) -> tuple[tuple[Any, ...], str | None, str | None] | None:
    if any(name in _ELSEWHERE or name.startswith("GIT_CONFIG") for name in os.environ):
        return None
    stats: list[object] = []
    top: str | None = None
    candidate = folder
    while True:
        marker = _stat(os.path.join(candidate, ".git"))
        stats.append(marker)
        if worktree:
            stats.append(_stat(os.path.join(candidate, ".gitignore")))
        if marker is not None:
            top = candidate
            break
        parent = os.path.dirname(candidate)
        if parent == candidate:
            break
        candidate = parent
    if top is None:
        return tuple(stats), None, None
    git = os.path.join(top, ".git")
    if os.path.isfile(git):
        try:
            with open(git, encoding="utf-8") as pointer:
                pointed = pointer.read().strip()
        except OSError:
            return None
        if not pointed.startswith("gitdir: "):
            return None
        git = os.path.realpath(os.path.join(top, pointed[len("gitdir: ") :]))
    common = _common(git)
    stats.append(_head(git, common))
    for root in dict.fromkeys([git, common]):
        stats += [_stat(os.path.join(root, name)) for name in _GIT_FILES]
        _folders(os.path.join(root, "refs"), stats)
    stats += [_stat(path) for path in _user_config()]
    if worktree:
        for walked, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            stats += [(walked, name, _stat(os.path.join(walked, name))) for name in sorted(files)]
    return (top, tuple(stats)), top, git


def _head(git: str, common: str) -> tuple[bytes | None, ...]:
    """What HEAD holds and, when it names a branch, what that branch's file holds: the commit
    checked out, read rather than stat'ed (a commit, an amend or a reset within one tick of the
    clock leaves the folder of refs with the times it had). A branch without a file of its own
    is in packed-refs, whose stat the look takes."""
    head = _read(os.path.join(git, "HEAD"))
    if head is None or not head.startswith(b"ref: "):
        return (head,)
    name = os.fsdecode(head[5:].strip())
    if os.path.isabs(name) or ".." in name.split("/"):
        return (head,)  # not a branch git would follow
    # (Refs under refs/worktree, refs/bisect and the like live in the work tree's own folder.)
    return (head, *(_read(os.path.join(root, name)) for root in dict.fromkeys([git, common])))


def _folders(folder: str, stats: list[object]) -> None:
    """Add each folder under `folder` (itself first, then each below it in the order of their
    names, not through links), with its stat, to `stats`."""
    stats.append((folder, _stat(folder)))
    try:
        with os.scandir(folder) as listing:
            below = sorted(entry.name for entry in listing if entry.is_dir(follow_symlinks=False))
    except OSError:
        return
    for name in below:
        _folders(os.path.join(folder, name), stats)


def _read(path: str) -> bytes | None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(handle, 4096)
    except OSError:
        return None
    finally:
        os.close(handle)


def _common(git: str) -> str:
    """The folder a linked work tree's git folder shares with the repository's (itself otherwise)."""
    try:
        with open(os.path.join(git, "commondir"), encoding="utf-8") as pointer:
            return os.path.realpath(os.path.join(git, pointer.read().strip()))
    except OSError:
        return git


def _user_config() -> list[str]:
    """The configuration files git reads besides the repository's: the user's and the system's."""
    home = os.environ.get("HOME", "")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return [os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"), "/etc/gitconfig"]


# Variables that point git at another repository, index, objects or configuration.
_ELSEWHERE = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_REPLACE_REF_BASE",
        "GIT_NO_REPLACE_OBJECTS",
        "GIT_GRAFT_FILE",
    }
)


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding `path`, or None outside any repository."""
    folder = path if path.is_dir() else path.parent
    try:
        return Path(str(run_git(folder, "rev-parse", "--show-toplevel")).strip())
    except (GitError, OSError):
        return None


# Short hashes have a fixed length, so that a rebuild of one commit stamps the same text even
# after the repository has grown (git's own abbreviation lengthens with the object count).
SHORT_HASH = 12

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COMMIT_FORMAT = "%H%x00%cs%x00%an%x00%s"


@dataclass(frozen=True)
class Commit:
    """One commit: its hash, committer date (YYYY-MM-DD), author and subject line."""

    hash: str
    date: str
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.hash[:SHORT_HASH]


def _commit(fields: list[str]) -> Commit:
    # Author names and subjects come from whoever made the commit: no terminal escapes.
    full, date, author, subject = (_CONTROL.sub("?", field) for field in fields)
    return Commit(full, date, author, subject)


def resolve(cwd: Path, revision: str) -> Commit | None:
    """The commit that `revision` (a tag, branch, hash, `HEAD~3`…) names, or None if it names none."""
    if not revision or revision.startswith("-"):
        return None
    try:
        full = str(run_git(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"))
        out = str(run_git(cwd, "log", "-1", "--no-walk", f"--format={_COMMIT_FORMAT}", full.strip(), "--"))
    except GitError:
        return None
    return _commit(out.rstrip("\n").split("\x00"))


def merge_base(cwd: Path, first: str, second: str) -> str | None:
    """The best common ancestor of two commits, or None when their histories never meet."""
    try:
        return str(run_git(cwd, "merge-base", first, second)).strip() or None
    except GitError:
        return None


def tags(cwd: Path) -> dict[str, list[str]]:
    """The names of the tags of the repository by the commit each points at (annotated or not)."""
    out = str(run_git(cwd, "for-each-ref", "--format=%(objectname) %(*objectname) %(refname:short)", "refs/tags"))
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        target, peeled, name = line.split(" ", 2)
        found.setdefault(peeled or target, []).append(_CONTROL.sub("?", name))
    return found


def blobs(root: Path, wanted: list[tuple[str, str]], limit: int) -> list[bytes | int | None]:
    """The files at (commit, path relative to `root`) pairs, exactly as committed (no filters):
    each its bytes, its size when larger than `limit` bytes, or None when there is no such file.
    Two git processes however many are wanted."""
    # git reads one request a line, so a path with a line break cannot be asked for (nor committed
    # by any ordinary means).
    asked = [number for number, (_, path) in enumerate(wanted) if "\n" not in path]
    sizes: list[int | None] = [None] * len(wanted)
    if asked:
        requests = "".join(f"{wanted[number][0]}:{wanted[number][1]}\n" for number in asked).encode("utf-8")
        checked = str(run_git(root, "cat-file", "--batch-check=%(objecttype) %(objectsize)", stdin=requests))
        for number, line in zip(asked, checked.splitlines(), strict=True):
            kind, _, size = line.rpartition(" ")
            sizes[number] = int(size) if kind == "blob" else None
    readable = [number for number, size in enumerate(sizes) if size is not None and size <= limit]
    found: list[bytes | int | None] = [size if size is None or size > limit else b"" for size in sizes]
    if readable:
        requests = "".join(f"{wanted[number][0]}:{wanted[number][1]}\n" for number in readable).encode("utf-8")
        out = bytes(run_git(root, "cat-file", "--batch", binary=True, stdin=requests))
        position = 0
        for number in readable:
            # Each answer: a header `<object id> blob <size>`, a line break, the bytes, a line break.
            header_end = out.index(b"\n", position)
            length = int(out[position:header_end].rsplit(b" ", 1)[1])
            found[number] = out[header_end + 1 : header_end + 1 + length]
            position = header_end + length + 2
    return found


def files_at(root: Path, commit: str, paths: list[str]) -> list[str]:
    """Every file under `paths` (relative to `root`; a file or a folder) in `commit`."""
    out = str(run_git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", *paths))
    return [name for name in out.split("\x00") if name]


def path_log(root: Path, path: str, revision: str = "HEAD") -> list[tuple[Commit, str]]:
    """The commits up to `revision` that changed the file at `path`, newest first, following
    renames: each with the file's path in that commit."""
    out = str(
        run_git(
            root,
            "log",
            "--follow",
            "--date-order",
            "--name-only",
            "-z",
            f"--format={_COMMIT_FORMAT}",
            "--end-of-options",
            revision,
            "--",
            path,
        )
    )
    tokens = out.split("\x00")
    found: list[tuple[Commit, str]] = []
    name = path
    position = 0
    while position + 4 <= len(tokens) and tokens[position]:
        commit = _commit(tokens[position : position + 4])
        position += 4
        # A merge commit lists no file name: the file kept the name it has in its newer commit.
        if position < len(tokens) and tokens[position].startswith("\n"):
            name = tokens[position][1:]
            position += 1
        found.append((commit, name))
    return found


def folder_changed(folder: Path) -> bool:
    """Whether the files under `folder` differ from HEAD (staged or not), or untracked files that
    are not ignored are there: whether `git status --porcelain --untracked-files=all -- .` lists
    anything. While git's answers are remembered (`remember`), worked out as git would from the
    index and HEAD's tree as git lists them (remembered while the repository does not change) and
    the folder's files, hashed as git hashes them: no git process after a save. Whatever that
    cannot tell as git does (a file git does not track, a link, a submodule, attributes or line
    ending conversion, flags on index entries, no commit yet) git status tells."""
    if _remembered is not None:
        compared = _compared(os.path.abspath(folder))
        if compared is not None:
            return compared
    return bool(str(run_git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".")).strip())


# The modes of files `_compared` compares (a link, a submodule, a sparse folder: git status).
_FILE_MODES = frozenset({b"100644", b"100755"})


def _compared(folder: str) -> bool | None:
    found = _repository(folder, worktree=False)
    if found is None:
        return None
    state, top, git = found
    if top is None or git is None:
        return None
    key = (folder, state)
    if key not in _PREPARED:
        if len(_PREPARED) >= _PREPARED_AT_MOST:
            _PREPARED.clear()
        _PREPARED[key] = _prepared(Path(folder))
    prepared = _PREPARED[key]
    if prepared is None:
        return None
    modes, indexed, staged = prepared
    on_disk = _files(folder, top, git)
    if on_disk is None or not on_disk.keys() <= indexed.keys():
        return None  # a file the index does not hold: untracked, or ignored (git status knows which)
    if staged or on_disk.keys() != indexed.keys():
        return True  # staged, or deleted
    for path, (mode, sha) in indexed.items():
        stat, file = on_disk[path]
        if modes and (b"100755" if stat.st_mode & 0o100 else b"100644") != mode:
            return True
        hashed = _hashed(file, stat, len(sha))
        if hashed is None:
            return None
        if hashed != sha:
            return True
    return False


def _prepared(folder: Path) -> tuple[bool, dict[bytes, tuple[bytes, bytes]], bool] | None:
    """What `_compared` reads of the repository for `folder`, which no save in the folder changes:
    whether file modes count, the index's entries under it, and whether any differs from HEAD's
    (staged); None when git status alone can tell (no commit yet, settings or entries that
    change how git compares)."""
    try:
        settings = bytes(run_git(folder, "config", "-z", "--list", binary=True))
        index = bytes(run_git(folder, "ls-files", "--stage", "-z", "-v", "--", ".", binary=True))
        tree = bytes(run_git(folder, "ls-tree", "-r", "-z", "HEAD", "--", ".", binary=True))
    except GitError:
        return None  # no commit yet, or no git
    # (A key with no value, `[core] autocrlf` alone, is true to git.)
    options = {
        key: value if sep else b"true" for key, sep, value in (e.partition(b"\n") for e in settings.split(b"\0") if e)
    }
    if options.get(b"core.autocrlf", b"false").lower() not in (b"false", b"no", b"off", b"0", b""):
        return None
    if options.get(b"core.ignorestat", b"false").lower() not in (b"false", b"no", b"off", b"0", b""):
        return None
    modes = options.get(b"core.filemode", b"true").lower() not in (b"false", b"no", b"off", b"0")
    indexed: dict[bytes, tuple[bytes, bytes]] = {}
    for entry in index.split(b"\0"):
        if entry:
            fields, _, path = entry.partition(b"\t")
            tag, mode, sha, stage = fields.split(b" ")
            if tag != b"H" or stage != b"0" or mode not in _FILE_MODES:
                return None  # assumed unchanged, skipped, in conflict; not a plain file
            indexed[path] = (mode, sha)
    committed: dict[bytes, tuple[bytes, bytes]] = {}
    for entry in tree.split(b"\0"):
        if entry:
            fields, _, path = entry.partition(b"\t")
            mode, kind, sha = fields.split(b" ")
            if kind != b"blob" or mode not in _FILE_MODES:
                return None
            committed[path] = (mode, sha)
    return modes, indexed, indexed != committed


# `_prepared` by folder and the repository's state (`repository_state`) it was read in.
_PREPARED: dict[tuple[str, Any], tuple[bool, dict[bytes, tuple[bytes, bytes]], bool] | None] = {}
_PREPARED_AT_MOST = 64


def _files(folder: str, top: str, git: str) -> dict[bytes, tuple[os.stat_result, bytes]] | None:
    """The files under `folder` by their paths from it as git lists them, with their stats; None
    when git status alone can say how it sees them (a link, a nested repository, attributes)."""
    above = os.path.dirname(folder)
    while len(above) >= len(top) and os.path.dirname(above) != above:
        if os.path.lexists(os.path.join(above, ".gitattributes")):
            return None
        above = os.path.dirname(above)
    if any(os.path.lexists(os.path.join(root, "info", "attributes")) for root in (git, _common(git))):
        return None  # (a linked work tree's git reads the repository's own)
    found: dict[bytes, tuple[os.stat_result, bytes]] = {}
    # Each folder with its path from `folder` as git writes it ('' for `folder` itself).
    pending = [(os.fsencode(folder), b"")]
    while pending:
        walked, prefix = pending.pop()
        try:
            with os.scandir(walked) as listing:
                entries = list(listing)
        except OSError:
            continue  # (as a walk leaves out a folder it cannot list)
        for entry in entries:
            name = entry.name
            if name == b".git":
                if prefix or folder != top:
                    return None  # a repository of its own, or a submodule
                continue
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    return None
            except OSError:
                return None
            if is_dir:
                pending.append((entry.path, prefix + name + b"/"))
                continue
            if name == b".gitattributes":
                return None
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                return None
            if not S_ISREG(stat.st_mode):
                return None  # a link, a socket
            found[prefix + name] = (stat, entry.path)
    return found


def _hashed(file: bytes, stat: os.stat_result, length: int) -> bytes | None:
    """The object id git gives the file's bytes (SHA-1, or SHA-256 in a repository of those),
    hashed again only when its stat changed, or changed so lately that a save in the same tick of
    the clock would not change it (git's "racy" entries)."""
    key = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, length)
    kept = _HASHES.get(file)
    if kept is not None and kept[0] == key and time.time_ns() - stat.st_mtime_ns > _RACY_NS:
        return kept[1]
    try:
        with open(file, "rb") as opened:
            data = opened.read()
    except OSError:
        return None
    digest = hashlib.sha1 if length == 40 else hashlib.sha256
    hashed = digest(b"blob %d\0" % len(data) + data).hexdigest().encode()
    if len(_HASHES) >= _REMEMBER_AT_MOST:
        _HASHES.clear()
    _HASHES[file] = (key, hashed)
    return hashed


_HASHES: dict[bytes, tuple[tuple[int, ...], bytes]] = {}
_RACY_NS = 2_000_000_000
