"""Which files a run lints: walk the named folders, skip what git and the config ignore.

A folder is walked for article files (`.md`, `.markdown`, `.txt`); while walking,
healthlint skips

- hidden files and folders (a name starting with `.`);
- folders that never hold articles: `node_modules`, `venv`, `.venv`, `build`, `dist`,
  `*.egg-info`, `site-packages`, `__pycache__`;
- a repository's own files, which are not patient articles: `README*`, `CHANGELOG*`,
  `CHANGES*`, `HISTORY*`, `CONTRIBUTING*`, `LICENSE*`, `LICENCE*`, `COPYING*`,
  `CODE_OF_CONDUCT*`, `SECURITY*`, `AUTHORS*`, `NOTICE*`, `requirements*.txt`;
- what git ignores (unless `--no-respect-gitignore`): `.gitignore` files, from the
  repository's top folder down to each file (outside a repository, from the walked folder
  down), `.git/info/exclude` and the global excludes file (`git config core.excludesFile`,
  by default `$XDG_CONFIG_HOME/git/ignore`), with git's own rules (pathspec's
  `GitIgnoreSpec`): a deeper `.gitignore` wins over a higher one, the last matching
  pattern of a file wins, `!pattern` re-includes;
- files the config's `ignore:` globs exclude.

A file named on the command line is linted even when git or the defaults would skip it
(you asked for it), except when the config's `ignore:` excludes it: then it is reported as
skipped, with the glob and the config file, and not linted.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pathspec

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
SKIPPED_FOLDERS = ("node_modules", "venv", ".venv", "build", "dist", "*.egg-info", "site-packages",
                   "__pycache__")
NOT_ARTICLES = ("readme*", "changelog*", "changes*", "history*", "contributing*", "license*",
                "licence*", "copying*", "code_of_conduct*", "security*", "authors*", "notice*",
                "requirements*.txt")

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file named on the command line that is not linted, and why (for a message)."""

    path: str
    reason: str


def is_article_name(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


def skipped_folder(name: str) -> bool:
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in SKIPPED_FOLDERS)


def not_an_article(name: str) -> bool:
    lower = name.lower()
    return any(fnmatch.fnmatch(lower, p) for p in NOT_ARTICLES)


def walkable(path: str) -> bool:
    """Whether a walk would pick up this file (for `--since`: changed files git names)."""
    parts = Path(path).parts
    folders = [p for p in parts[:-1] if p not in (".", "..")]
    return bool(parts) and is_article_name(parts[-1]) and not not_an_article(parts[-1]) \
        and not any(skipped_folder(folder) for folder in folders)


def discover(
    paths: Iterable[str],
    config_for: Callable[[str], C],
    is_ignored: Callable[[C, str], str | None],
    respect_gitignore: bool = True,
) -> tuple[list[tuple[str, C]], list[Skipped]]:
    """(file, its config) for every file to lint, in order, and the named files skipped.

    `is_ignored(config, path)` returns why the config excludes the path (None: it does not).
    Files under a named folder come sorted; each file appears once.
    """
    found: list[tuple[str, C]] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for given in paths:
        named = not os.path.isdir(given)
        candidates = [given] if named else walk(given, respect_gitignore)
        for path in candidates:
            if path in seen:
                continue
            seen.add(path)
            if path == "-":
                found.append((path, config_for(path)))
                continue
            config = config_for(path)
            reason = is_ignored(config, path)
            if reason is None:
                found.append((path, config))
            elif named:
                skipped.append(Skipped(path, reason))
    return found, skipped


def walk(folder: str, respect_gitignore: bool = True) -> list[str]:
    """The article files under `folder`, sorted, minus what git and the defaults skip."""
    return sorted(_walk(folder, _GitIgnores(folder) if respect_gitignore else None))


def _walk(folder: str, ignores: _GitIgnores | None) -> Iterator[str]:
    # Symlinked folders are not followed: no loops, no escaping the tree. A subfolder that
    # cannot be listed is yielded itself, so linting it reports why (never skipped silently).
    unreadable: list[str] = []

    def note(error: OSError) -> None:
        if error.filename is not None:
            unreadable.append(os.fspath(error.filename))

    for root, dirs, files in os.walk(folder, onerror=note):
        yield from unreadable
        unreadable.clear()
        dirs[:] = sorted(
            d for d in dirs
            if not skipped_folder(d)
            and not (ignores and ignores.ignored(os.path.join(root, d), is_dir=True))
        )
        for name in files:
            if not is_article_name(name) or not_an_article(name):
                continue
            path = os.path.join(root, name)
            if ignores and ignores.ignored(path, is_dir=False):
                continue
            yield path
    yield from unreadable


@dataclass(frozen=True, slots=True)
class _Spec:
    base: str  # absolute folder the patterns are relative to
    spec: pathspec.GitIgnoreSpec


class _GitIgnores:
    """git's ignore rules for one walk: specs per folder, deepest consulted first."""

    def __init__(self, start: str) -> None:
        self._start = os.path.abspath(start)
        self._chains: dict[str, tuple[_Spec, ...]] = {}
        top = repository_top(self._start)
        chain: tuple[_Spec, ...] = ()
        if top is not None:
            git_dir = _git_common_dir(top)
            for file, base in ((global_excludes_file(), top),
                               (git_dir / "info" / "exclude" if git_dir else None, top)):
                if file is not None:
                    chain = _add(chain, file, base)
            folder = top
            chain = _add(chain, Path(top) / ".gitignore", top)
            for part in Path(os.path.relpath(self._start, top)).parts:
                if part in (".", ""):
                    continue
                folder = os.path.join(folder, part)
                chain = _add(chain, Path(folder) / ".gitignore", folder)
        else:
            chain = _add(chain, Path(self._start) / ".gitignore", self._start)
        self._chains[self._start] = chain

    def _chain(self, folder: str) -> tuple[_Spec, ...]:
        if folder not in self._chains:
            parent = os.path.dirname(folder)
            base = self._chain(parent) if parent != folder and parent.startswith(self._start) else ()
            self._chains[folder] = _add(base, Path(folder) / ".gitignore", folder)
        return self._chains[folder]

    def ignored(self, path: str, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        for spec in reversed(self._chain(os.path.dirname(absolute))):
            relative = Path(os.path.relpath(absolute, spec.base)).as_posix()
            if relative.startswith("../"):
                continue
            result = spec.spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return bool(result.include)
        return False


def _add(chain: tuple[_Spec, ...], file: Path, base: str) -> tuple[_Spec, ...]:
    import pathspec  # only when an ignore file has lines: a named file alone never needs it

    lines = _read_lines(file)
    return (*chain, _Spec(base, pathspec.GitIgnoreSpec.from_lines(lines))) if lines else chain


def _read_lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # absent or unreadable: git ignores it too
        return []


def repository_top(folder: str) -> str | None:
    """The top folder of the git repository holding `folder` (has `.git`), else None."""
    for candidate in (folder, *(str(p) for p in Path(folder).parents)):
        if os.path.exists(os.path.join(candidate, ".git")):
            return candidate
    return None


def _git_common_dir(top: str) -> Path | None:
    """The repository's git folder (for a worktree, the main one, which holds info/exclude)."""
    dot_git = Path(top) / ".git"
    if dot_git.is_dir():
        return dot_git
    text = "\n".join(_read_lines(dot_git))
    if not text.startswith("gitdir:"):
        return None
    git_dir = (Path(top) / text.split(":", 1)[1].strip().splitlines()[0]).resolve()
    common = _read_lines(git_dir / "commondir")
    return (git_dir / common[0].strip()).resolve() if common else git_dir


def global_excludes_file() -> Path | None:
    """`git config core.excludesFile`, else `$XDG_CONFIG_HOME/git/ignore` (git's default)."""
    configured = ""
    try:
        done = subprocess.run(["git", "config", "--get", "core.excludesFile"], capture_output=True,
                              text=True, check=False, timeout=10)
        configured = done.stdout.strip() if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        pass
    if configured:
        return Path(os.path.expanduser(configured))
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(xdg) / "git" / "ignore"
