"""All git access. Commands go through the git command line so the user's
hooks, signing and config apply; the environment git exports to hooks is
removed first so ccgov run from a hook talks to the right repository."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ccgov.errors import GitError

# Variables git sets while running hooks; inherited, they would point ccgov's
# own git calls at the outer repository or index.
_HOOK_VARIABLES = (
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_WORK_TREE",
    "GIT_PREFIX",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)


def clean_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _HOOK_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def run(root: Path, args: Sequence[str], *, check: bool = True, input: str | None = None) -> str:
    """Run ``git args`` in ``root`` and return its standard output."""
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=root,
            env=clean_environment(),
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(
            "git is not installed or not on PATH", hint="install git 2.30 or later"
        ) from exc
    if check and completed.returncode != 0:
        said = (completed.stderr or completed.stdout).strip()
        raise GitError(f"git {' '.join(args[:2])} failed: {said}")
    return completed.stdout


def is_work_tree(path: Path) -> bool:
    return run(path, ["rev-parse", "--is-inside-work-tree"], check=False).strip() == "true"


def init(path: Path) -> None:
    run(path, ["init", "--quiet"])


def config_value(root: Path, key: str) -> str | None:
    value = run(root, ["config", "--get", key], check=False).strip()
    return value or None


def commit_paths(
    root: Path, paths: Sequence[str], message: str, *, trailers: dict[str, str]
) -> str:
    """Stage exactly ``paths`` and commit only them; return the new commit id."""
    stage(root, paths)
    return commit_staged_paths(root, paths, message, trailers)


def git_dir(root: Path) -> Path:
    return Path(run(root, ["rev-parse", "--absolute-git-dir"]).strip())


def in_progress_operation(root: Path) -> str | None:
    """A merge, rebase, cherry-pick or revert that git is in the middle of."""
    directory = git_dir(root)
    markers = {
        "MERGE_HEAD": "a merge",
        "rebase-merge": "a rebase",
        "rebase-apply": "a rebase or am",
        "CHERRY_PICK_HEAD": "a cherry-pick",
        "REVERT_HEAD": "a revert",
    }
    for marker, name in markers.items():
        if (directory / marker).exists():
            return name
    return None


def current_branch(root: Path) -> str | None:
    """The checked-out branch, or None when HEAD is detached."""
    name = run(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], check=False).strip()
    return name or None


def has_commits(root: Path) -> bool:
    return bool(run(root, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False).strip())


def changed_paths(root: Path, pathspecs: Sequence[str]) -> dict[str, str]:
    """Paths that differ from HEAD in the index or work tree (incl. untracked), with status.

    Paths are relative to ``root``, which may be a folder inside the git
    repository (porcelain output is relative to the repository's top).
    """
    output = run(
        root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *pathspecs]
    )
    prefix = run(root, ["rev-parse", "--show-prefix"]).strip()
    result: dict[str, str] = {}
    entries = output.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if not entry:
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":
            index += 1  # the rename source follows
        result[path.removeprefix(prefix)] = status
    return result


def index_entry(root: Path, path: str) -> tuple[str, str] | None:
    """(mode, blob id) of ``path`` in the index, or None if it is not staged."""
    line = run(root, ["ls-files", "--stage", "--", path]).strip()
    if not line:
        return None
    mode, blob, _stage_and_path = line.split(" ", 2)
    return mode, blob


def restore_index_entry(root: Path, path: str, entry: tuple[str, str] | None) -> None:
    if entry is None:
        run(root, ["rm", "--cached", "--quiet", "--ignore-unmatch", "--", path])
    else:
        run(root, ["update-index", "--add", "--cacheinfo", f"{entry[0]},{entry[1]},{path}"])


def staged_view(root: Path, index_file: Path | None = None) -> tuple[dict[str, bytes], set[str]]:
    """What makes the files under ``root`` read as the index holds them:
    (content for paths whose work-tree copy differs from the index,
    paths to leave out: untracked files and files the index deletes).

    ``index_file`` is the index git is committing from (git sets
    GIT_INDEX_FILE while it runs a hook, e.g. for ``git commit --only``).
    """
    env = clean_environment()
    if index_file is not None:
        env["GIT_INDEX_FILE"] = str(index_file)

    def git_z(*args: str) -> list[str]:
        completed = subprocess.run(
            ["git", *args], cwd=root, env=env, capture_output=True, check=False
        )
        if completed.returncode != 0:
            raise GitError(f"git {args[0]} failed: {completed.stderr.decode(errors='replace')}")
        return [p for p in completed.stdout.decode("utf-8", "surrogateescape").split("\0") if p]

    untracked = set(git_z("ls-files", "-z", "--others", "--exclude-standard", "--", "."))
    differing = git_z("diff-files", "-z", "--name-only", "--relative")
    overrides: dict[str, bytes] = {}
    excluded = set(untracked)
    for path in differing:
        completed = subprocess.run(
            ["git", "cat-file", "blob", f":./{path}"],
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
        if completed.returncode == 0:
            overrides[path] = completed.stdout
        else:
            excluded.add(path)
    return overrides, excluded


def blob_id(root: Path, data: bytes) -> str:
    """The object id git gives ``data`` as a file (without storing it)."""
    completed = subprocess.run(
        ["git", "hash-object", "--stdin"],
        cwd=root,
        env=clean_environment(),
        input=data,
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        raise GitError(f"git hash-object failed: {completed.stderr.decode(errors='replace')}")
    return completed.stdout.decode().strip()


def stage(root: Path, paths: Sequence[str]) -> None:
    run(root, ["add", "--", *paths])


def commit_staged_paths(
    root: Path, paths: Sequence[str], message: str, trailers: dict[str, str]
) -> str:
    """Commit exactly ``paths`` (already staged); other staged changes stay staged."""
    args = ["commit", "--quiet", "--only", "-m", message]
    for key, value in trailers.items():
        args += ["--trailer", f"{key}: {value}"]
    try:
        run(root, [*args, "--", *paths])
    except GitError as exc:
        if "index.lock" in exc.message:
            raise GitError(
                "git's index is locked by another git process",
                hint="wait for it to finish; if no git is running, a crashed one left "
                ".git/index.lock behind: delete that file",
            ) from exc
        raise
    return run(root, ["rev-parse", "HEAD"]).strip()


def branch_refs(root: Path) -> list[str]:
    """Local and remote-tracking branches."""
    output = run(root, ["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"])
    return [line for line in output.splitlines() if line and not line.endswith("/HEAD")]


def files_at(root: Path, ref: str, directory: str) -> list[str]:
    output = run(root, ["ls-tree", "--name-only", f"{ref}:{directory}"], check=False)
    return [line for line in output.splitlines() if line]


# --- history -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommitInfo:
    sha: str
    author_name: str
    author_email: str
    authored: datetime
    message: str
    parents: tuple[str, ...]

    @property
    def subject(self) -> str:
        return self.message.splitlines()[0] if self.message else ""

    @property
    def trailers(self) -> dict[str, list[str]]:
        """Trailers of the message's last paragraph (``Key: value`` lines)."""
        paragraphs = [p for p in self.message.strip().split("\n\n") if p.strip()]
        found: dict[str, list[str]] = {}
        if len(paragraphs) < 2:
            return found
        for line in paragraphs[-1].splitlines():
            key, sep, value = line.partition(":")
            if sep and key and " " not in key.strip():
                found.setdefault(key.strip(), []).append(value.strip())
        return found


def _open(root: Path) -> Any:
    import git as gitpython

    repo = gitpython.Repo(root)
    # GitPython runs git with os.environ: drop what git exports to hooks (None unsets).
    repo.git.update_environment(**dict.fromkeys(_HOOK_VARIABLES), GIT_TERMINAL_PROMPT="0")
    return repo


def _info(commit: Any) -> CommitInfo:
    return CommitInfo(
        sha=commit.hexsha,
        author_name=commit.author.name or "",
        author_email=commit.author.email or "",
        authored=commit.authored_datetime,
        message=commit.message,
        parents=tuple(p.hexsha for p in commit.parents),
    )


def file_at(root: Path, revision: str, path: str) -> bytes | None:
    completed = subprocess.run(
        ["git", "show", f"{revision}:{path}"],
        cwd=root,
        env=clean_environment(),
        capture_output=True,
        check=False,
    )
    return completed.stdout if completed.returncode == 0 else None


def file_history(root: Path, path: str) -> list[tuple[CommitInfo, str]]:
    """Commits that touched ``path`` (following renames), oldest first, with its path then."""
    output = run(root, ["log", "--follow", "--name-only", "--format=%x00%H", "--", path])
    repo = _open(root)
    entries = []
    for chunk in output.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        entries.append((_info(repo.commit(lines[0])), lines[-1] if len(lines) > 1 else path))
    return list(reversed(entries))


def tree_blobs(root: Path, revision: str, directory: str | None = None) -> dict[str, str]:
    """path -> blob id of every file at ``revision`` under the governed root
    (or under ``directory`` of it)."""
    where = ["--", f"{directory}/"] if directory else []
    listing = run(root, ["ls-tree", "-r", "-z", revision, *where], check=False)
    blobs: dict[str, str] = {}
    for record in listing.split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob":
            blobs[path] = blob
    return blobs


def tree_files(root: Path, revision: str, directory: str) -> dict[str, bytes]:
    """Every file under ``directory`` at ``revision``: path -> content (one git process)."""
    entries = list(tree_blobs(root, revision, directory).items())
    if not entries:
        return {}
    completed = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        env=clean_environment(),
        input="".join(f"{blob}\n" for _, blob in entries).encode(),
        capture_output=True,
        check=True,
    )
    output = completed.stdout
    result: dict[str, bytes] = {}
    offset = 0
    for path, _blob in entries:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        start = header_end + 1
        result[path] = output[start : start + size]
        offset = start + size + 1
    return result


def resolve(root: Path, revision: str) -> str | None:
    """The commit id a revision names, or None."""
    out = run(
        root, ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], check=False
    ).strip()
    return out or None


def commit_before(root: Path, moment: datetime, revision: str = "HEAD") -> str | None:
    """The last commit on ``revision``'s first-parent line committed at or before ``moment``."""
    out = run(
        root,
        ["rev-list", "-1", "--first-parent", f"--before={moment.isoformat()}", revision],
        check=False,
    ).strip()
    return out or None


def is_clean(root: Path) -> bool:
    return not run(root, ["status", "--porcelain", "--untracked-files=normal"]).strip()


def tag_annotated(root: Path, name: str, commit: str, message: str, *, sign: bool = False) -> None:
    """An annotated tag; ``sign`` signs it with the user's configured key."""
    run(root, ["tag", "--sign" if sign else "--annotate", "--message", message, name, commit])


def tag_is_signed(root: Path, name: str) -> bool:
    body = run(root, ["cat-file", "tag", f"refs/tags/{name}"], check=False)
    return "-----BEGIN SSH SIGNATURE-----" in body or "-----BEGIN PGP SIGNATURE-----" in body


def tags(root: Path, pattern: str) -> list[str]:
    """Tag names matching a glob, e.g. ``baseline/*``."""
    output = run(root, ["tag", "--list", pattern])
    return [line.strip() for line in output.splitlines() if line.strip()]


def tag_target(root: Path, name: str) -> str | None:
    return resolve(root, f"refs/tags/{name}")


def commits_between(
    root: Path, base: str | None, head: str, paths: Sequence[str] = (), *, merges: bool = False
) -> list[CommitInfo]:
    """Commits in base..head (all of head when base is None), oldest first;
    merges only with ``merges`` (and, given paths, only those whose result
    differs from every parent there)."""
    revision = f"{base}..{head}" if base else head
    output = run(
        root,
        [
            "log",
            "--reverse",
            *([] if merges else ["--no-merges"]),
            "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1e",
            revision,
            "--",
            *paths,
        ],
    )
    commits = []
    for record in output.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, parents, name, email, date, message = record.split("\x1f", 5)
        commits.append(
            CommitInfo(
                sha, name, email, datetime.fromisoformat(date), message, tuple(parents.split())
            )
        )
    return commits


def commits_touching(
    root: Path, base: str | None, head: str, paths: Sequence[str]
) -> list[tuple[CommitInfo, set[str]]] | None:
    """Commits in base..head that change any of ``paths`` (relative to
    ``root``), oldest first, each with the ones it changes; None when the range
    holds a merge (there, which commits ``git log -- path`` shows depends on
    the path: ask :func:`commits_between` path by path)."""
    revision = f"{base}..{head}" if base else head
    output = run(
        root,
        [
            "log",
            "--reverse",
            "--no-renames",
            "--relative",
            "-z",
            "--name-only",
            "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1d",
            revision,
            "--",
            *paths,
        ],
    )
    found: list[tuple[CommitInfo, set[str]]] = []
    for record in output.split("\x1e"):
        if not record.strip("\0\n"):
            continue
        header, _, names = record.partition("\x1d")
        sha, parents, name, email, date, message = header.split("\x1f", 5)
        if len(parents.split()) > 1:
            return None
        info = CommitInfo(
            sha, name, email, datetime.fromisoformat(date), message, tuple(parents.split())
        )
        found.append((info, {n.strip("\n") for n in names.split("\0") if n.strip("\n")}))
    return found


def empty_tree(root: Path) -> str:
    """The id of the empty tree (what a root commit is compared with)."""
    return run(root, ["hash-object", "-t", "tree", "--stdin"], input="").strip()


def commit_info(root: Path, commit: str) -> CommitInfo:
    output = run(root, ["log", "-1", "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B", commit])
    sha, parents, name, email, date, message = output.split("\x1f", 5)
    return CommitInfo(
        sha, name, email, datetime.fromisoformat(date), message.rstrip("\n"), tuple(parents.split())
    )


def parent(root: Path, commit: str) -> str | None:
    return resolve(root, f"{commit}^")


# --- replaying history -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawChange:
    """One path a commit changed, with the object ids before and after
    (None where the path did not exist). Paths are relative to the governed root."""

    path: str
    old: str | None
    new: str | None


_NULL_OID = re.compile(r"^0+$")


def _raw_entries(fields: list[str]) -> list[RawChange]:
    changes = []
    index = 0
    while index + 1 < len(fields):
        meta, path = fields[index], fields[index + 1]
        index += 2
        if not meta.startswith(":"):
            break
        _old_mode, _new_mode, old, new, _status = meta[1:].split(" ", 4)
        changes.append(
            RawChange(
                path, None if _NULL_OID.match(old) else old, None if _NULL_OID.match(new) else new
            )
        )
    return changes


def rev_list(root: Path, revision: str = "HEAD") -> list[str]:
    """Every commit reachable from ``revision`` (merges too), parents before children."""
    return run(root, ["rev-list", "--topo-order", "--reverse", revision, "--"]).split()


def history(
    root: Path, revision: str = "HEAD", *, commits: Sequence[str] | None = None
) -> Iterator[tuple[CommitInfo, list[RawChange]]]:
    """Every commit reachable from ``revision`` (or exactly ``commits``), parents
    before children, each with what it changed under the governed root against
    its first parent (a merge's own changes come from :func:`changes_between`)."""
    if commits is not None and not commits:
        return
    selection = (
        ["--no-walk=unsorted", "--stdin"]
        if commits is not None
        else [
            "--topo-order",
            "--reverse",
            revision,
        ]
    )
    output = run(
        root,
        [
            "log",
            *selection,
            "--no-renames",
            "--raw",
            "-z",
            "--no-abbrev",
            "--relative",
            "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B",
            "--",
        ],
        input="\n".join(commits) + "\n" if commits is not None else None,
    )
    for chunk in output.split("\x1e")[1:]:
        header, _, raw = chunk.partition("\0")
        sha, parents, name, email, date, message = header.split("\x1f", 5)
        info = CommitInfo(
            sha, name, email, datetime.fromisoformat(date), message, tuple(parents.split())
        )
        yield info, _raw_entries(raw.lstrip("\n").split("\0"))


def changes_between(root: Path, old: str, new: str) -> list[RawChange]:
    """What differs between two commits under the governed root."""
    output = run(
        root, ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", "--relative", old, new]
    )
    return _raw_entries(output.split("\0"))


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    completed = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant],
        cwd=root,
        env=clean_environment(),
        capture_output=True,
        check=False,
    )
    return completed.returncode == 0


class ObjectReader:
    """Reads many git objects through one `git cat-file --batch` process.

    Names are object ids or ``<commit>:./<path>`` (a path relative to the
    governed root). Use as a context manager.
    """

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=root,
            env=clean_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def get(self, name: str) -> tuple[str, bytes] | None:
        """(object id, content) of a blob, or None if there is no such blob."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(name.encode() + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().decode().split()
        if len(header) != 3:
            return None  # "<name> missing" or "ambiguous"
        size = int(header[2])
        data = self._process.stdout.read(size + 1)[:size]
        return (header[0], data) if header[1] == "blob" else None

    def read(self, name: str) -> bytes | None:
        """A blob's content, or None if there is no such blob."""
        found = self.get(name)
        return found[1] if found is not None else None

    def read_many(self, names: Sequence[str]) -> dict[str, bytes | None]:
        """Many blobs at once: the names are written while the answers are read
        (one round trip per object costs more than the objects at 25,000)."""
        import threading

        assert self._process.stdin is not None and self._process.stdout is not None
        stdin, stdout = self._process.stdin, self._process.stdout

        def write() -> None:
            stdin.write(b"".join(name.encode() + b"\n" for name in names))
            stdin.flush()

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        found: dict[str, bytes | None] = {}
        for name in names:
            header = stdout.readline().decode().split()
            if len(header) != 3:
                found[name] = None
                continue
            size = int(header[2])
            data = stdout.read(size + 1)[:size]
            found[name] = data if header[1] == "blob" else None
        writer.join()
        return found


def signatures(
    root: Path, commits: Sequence[str], allowed_signers: Path | None
) -> dict[str, tuple[str, str, str]]:
    """commit -> (git's %G? letter, signer, key fingerprint), verified with
    ``allowed_signers`` as the SSH allowed-signers file (GPG uses the keyring)."""
    if not commits:
        return {}
    args = ["log", "--no-walk=unsorted", "--stdin", "--format=%H%x1f%G?%x1f%GS%x1f%GF"]
    if allowed_signers is not None:
        args = ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers}", *args]
    output = run(root, args, input="\n".join(commits) + "\n")
    found: dict[str, tuple[str, str, str]] = {}
    for line in output.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 4:
            found[parts[0]] = (parts[1], parts[2], parts[3])
    return found


# --- what changed in the work tree (the record index's probe) ----------------


@dataclass(frozen=True, slots=True)
class WorkTreeStatus:
    """``git status`` of a governed root, as the record index needs it."""

    head: str | None  # the commit HEAD names (None: no commit yet)
    # Paths (relative to the governed root) that differ from HEAD in the index
    # or the work tree -> the index's blob when the work-tree file holds
    # exactly it, else None (modified, deleted, unmerged: read the file).
    differing: dict[str, str | None]
    fingerprint: str  # changes whenever any of the above does


def start_status(root: Path) -> subprocess.Popen[bytes] | None:
    """Start ``git status`` of the files under ``root``; :func:`work_tree_status`
    reads its answer (the caller lists the record folders meanwhile)."""
    try:
        return subprocess.Popen(
            [
                "git",
                "status",
                "--porcelain=v2",
                "-z",
                "--branch",
                "--untracked-files=no",
                "--no-renames",
                "--ignore-submodules=all",
                "--",
                ".",
            ],
            cwd=root,
            env=clean_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def work_tree_status(process: subprocess.Popen[bytes] | None, prefix: str) -> WorkTreeStatus | None:
    """What git knows about the files under the root (None if git cannot say).

    Git compares every tracked file's stat data with its index (re-reading
    the files its racy-git rule does not trust), which is what makes an
    unchanged file free to skip. ``prefix`` is the root's path in the
    repository (``rev-parse --show-prefix``). Untracked files are not listed:
    the caller lists the record folders itself.
    """
    import hashlib

    if process is None:
        return None
    output, _ = process.communicate()
    if process.returncode != 0:
        return None
    head: str | None = None
    differing: dict[str, str | None] = {}
    for entry in output.split(b"\0"):
        text = entry.decode("utf-8", "surrogateescape")
        if text.startswith("# branch.oid "):
            oid = text.removeprefix("# branch.oid ")
            head = None if oid == "(initial)" else oid
        elif text.startswith("1 "):
            _, xy, _sub, _mh, mi, _mw, _hh, hi, path = text.split(" ", 8)
            # The work-tree file holds the index's blob: git vouches for its content.
            same = xy[1] == "." and xy[0] != "D" and mi in ("100644", "100755")
            differing[path.removeprefix(prefix)] = hi if same else None
        elif text.startswith("u "):
            differing[text.split(" ", 10)[10].removeprefix(prefix)] = None
    fingerprint = hashlib.sha1(output).hexdigest()
    return WorkTreeStatus(head, differing, fingerprint)


def tree_changes(root: Path, old: str, new: str) -> dict[str, tuple[str, str] | None] | None:
    """path (relative to ``root``) -> (mode, blob) at ``new`` for every path
    under ``root`` that differs between the commits (None: gone at ``new``);
    None if git cannot compare them (an old commit that no longer exists)."""
    completed = subprocess.run(
        ["git", "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", "--relative", old, new],
        cwd=root,
        env=clean_environment(),
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        return None
    fields = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    found: dict[str, tuple[str, str] | None] = {}
    for index in range(0, len(fields) - 1, 2):
        meta, path = fields[index], fields[index + 1]
        if not meta.startswith(":"):
            break
        _old_mode, new_mode, _old, blob, _status = meta[1:].split(" ", 4)
        found[path] = None if _NULL_OID.match(blob) else (new_mode, blob)
    return found


def tracked_modes(root: Path, paths: Sequence[str] | None) -> dict[str, str]:
    """path (relative to ``root``) -> the index's mode, for each of ``paths``
    git tracks (None: every tracked path under ``root``)."""
    found: dict[str, str] = {}
    chunks = (
        [["."]]
        if paths is None
        else [
            [f":(literal){p}" for p in paths[start : start + 1000]]
            for start in range(0, len(paths), 1000)
        ]
    )
    for chunk in chunks:
        completed = subprocess.run(
            ["git", "ls-files", "-s", "-z", "--", *chunk],
            cwd=root,
            env=clean_environment(),
            capture_output=True,
            check=False,
        )
        # ls-files names paths relative to the directory it runs in.
        for entry in completed.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if entry:
                meta, path = entry.split("\t", 1)
                found[path] = meta.split(" ", 1)[0]
    return found
