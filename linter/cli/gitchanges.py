"""`--since REF`: the files changed since a git ref, for linting only a pull request's articles.

Changed means: committed on this branch since it left REF (`git diff REF...HEAD`, what a
pull request shows), plus changes not committed yet (staged, unstaged and new untracked
files). Deleted files are left out. Paths come back relative to the current folder.

The repository is the one holding the linted paths (`healthlint check --since main
../site/articles` asks ../site's repository, whatever the current folder); paths in
several repositories ask each of them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path


class GitError(Exception):
    """git could not answer (not a repository, unknown ref, git missing), worded for the user."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False)
    except FileNotFoundError:
        raise GitError("--since needs git, and git was not found on PATH") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def changed_in(ref: str, paths: Sequence[str]) -> list[str]:
    """Files changed since `ref` in the repositories holding `paths` (default: the current
    folder), that are one of `paths` or inside one, relative to the current folder, sorted."""
    here = Path.cwd()
    found: set[str] = set()
    asked: set[Path] = set()
    for given in paths or (".",):
        folder = Path(given) if os.path.isdir(given) else Path(given).parent
        if not folder.is_dir():
            raise GitError(f"--since {ref}: {given}: no such file or folder")
        top = _top(ref, folder.resolve())
        if top not in asked:
            asked.add(top)
            found.update(changed_files(ref, top, relative_to=here))
    return sorted(within(found, paths))


def _top(ref: str, folder: Path) -> Path:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except GitError as exc:
        raise GitError(f"--since {ref}: {folder} is not inside a git repository ({exc})") from None


def changed_files(ref: str, cwd: Path | None = None, relative_to: Path | None = None) -> list[str]:
    """Files changed since `ref` in the repository holding `cwd`, that still exist, relative
    to `relative_to` (default: `cwd`), sorted."""
    cwd = cwd or Path.cwd()
    top = _top(ref, cwd)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except GitError:
        raise GitError(f"--since {ref}: no such commit, branch or tag in this repository "
                       "(in CI, fetch it first: actions/checkout with fetch-depth: 0)") from None
    names: set[str] = set()
    for args in (
        ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", f"{ref}...HEAD", "--"],
        ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "HEAD", "--"],
        ["ls-files", "--others", "--exclude-standard", "-z", "--full-name"],
    ):
        output = _git(args, top)
        names.update(name for name in output.split("\0") if name)
    found = []
    for name in names:
        path = top / name
        if path.is_file():
            found.append(os.path.relpath(path, relative_to or cwd))
    return sorted(found)


def within(files: Iterable[str], paths: Iterable[str]) -> list[str]:
    """The files that are one of `paths` or inside one of them (all when `paths` is empty)."""
    roots = [os.path.abspath(p) for p in paths]
    if not roots:
        return list(files)
    kept = []
    for name in files:
        absolute = os.path.abspath(name)
        if any(absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep)
               for root in roots):
            kept.append(name)
    return kept
