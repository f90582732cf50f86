"""What writers and CI expect from a linter (issue 11): the config of each file, .gitignore,
focused output (--select, --ignore, --quiet, --statistics), colour and progress."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter import __version__
from linter.output import progress
from tests.conftest import SAMPLES
from tests.conftest import run_cli as run
from tests.test_cli import ARTICLE

AS_OF = ("--as-of", "2026-11-24")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_by_path(out: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in json.loads(out)["problems"]:
        found.setdefault(problem["path"], set()).add(problem["rule"])
    return found


def linted(out: str) -> list[str]:
    return sorted({p["path"] for p in json.loads(out)["problems"]})


@pytest.fixture()
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder is outside the library, as in `cd /tmp && healthlint check ...`."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture()
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No global git config or excludes of the machine leak into a test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


# ----------------------------------------------------------------------------- 1. config per file


def two_folders(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    write(library / "a" / ".healthlint.yaml", "extends: procedure\nrules:\n  duplicate-paragraph: off\n")
    write(library / "b" / ".healthlint.yaml", "extends: procedure\nrules:\n  required-section: off\n")
    for name in ("knee.md", "hip.md"):
        write(library / "a" / name)
        write(library / "b" / name)
    return library


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_file_is_linted_with_the_config_of_its_own_folder(
    tmp_path: Path, elsewhere: Path, jobs: str
) -> None:
    two_folders(tmp_path)
    code, out, _ = run("check", "../library/a", "../library/b", "--format", "json", "-j", jobs, *AS_OF)
    found = rules_by_path(out)
    assert sorted(found) == ["../library/a/hip.md", "../library/a/knee.md",
                             "../library/b/hip.md", "../library/b/knee.md"]
    for name in ("hip.md", "knee.md"):
        assert "duplicate-paragraph" not in found[f"../library/a/{name}"]
        assert "required-section" in found[f"../library/a/{name}"]
        assert "duplicate-paragraph" in found[f"../library/b/{name}"]
        assert "required-section" not in found[f"../library/b/{name}"]
    assert code == 1


def test_a_file_named_from_another_folder_finds_its_config(tmp_path: Path, elsewhere: Path) -> None:
    two_folders(tmp_path)
    _, out, _ = run("check", "../library/a/knee.md", "--format", "json", *AS_OF)
    assert "duplicate-paragraph" not in rules_by_path(out)["../library/a/knee.md"]


def test_config_option_overrides_the_config_of_every_folder(tmp_path: Path, elsewhere: Path) -> None:
    two_folders(tmp_path)
    override = write(tmp_path / "strict.yaml", "extends: procedure\n")
    _, out, _ = run("check", "../library", "--config", str(override), "--format", "json", *AS_OF)
    for rules in rules_by_path(out).values():
        assert {"duplicate-paragraph", "required-section"} <= rules


def test_config_command_prints_the_extends_chain_and_the_resolved_rules(
    tmp_path: Path, elsewhere: Path
) -> None:
    library = tmp_path / "library"
    write(library / "base.yaml", "extends: procedure\nrules:\n  sentence-length:\n    params: {max_words: 20}\n")
    config = write(library / "cfg" / ".healthlint.yaml",
                   "extends: ../base.yaml\nignore: [\"drafts/*\"]\nrules:\n  duplicate-paragraph: off\n")
    write(library / "cfg" / "flu.md")
    code, out, _ = run("config", "../library/cfg/flu.md")
    assert code == 0
    lines = out.splitlines()
    assert lines[:5] == [
        "../library/cfg/flu.md:",
        f"  config: {config}",
        "  read from (base first): rules/references.yaml, rules/readability.yaml, "
        f"rules/structure.yaml, rules/procedure.yaml, {library / 'base.yaml'}, {config}",
        f"  ignore (relative to {config.parent}): drafts/*",
        "  template: procedure",
    ]
    assert "    sentence-length         warning  sentence_length  {\"max_words\": 20}" in lines
    assert "    duplicate-paragraph     off      duplicate_paragraphs" in lines
    assert "    required-section        error    required_sections" in lines
    code, shown, _ = run("check", "--show-config", "../library/cfg/flu.md")
    assert (code, shown) == (0, out)


def test_config_command_without_a_config_says_the_built_in_pack_applies(elsewhere: Path) -> None:
    code, out, _ = run("config")
    assert code == 0
    assert out.splitlines()[:2] == [
        ".:", "  config: built-in pack 'procedure' (no .healthlint.yaml in the folder or its parents)"]


def test_ignore_globs_are_relative_to_the_config_folder_and_named_files_are_reported(
    tmp_path: Path, elsewhere: Path
) -> None:
    library = tmp_path / "library"
    config = write(library / "cfg" / ".healthlint.yaml", "extends: procedure\nignore: [\"drafts/*\"]\n")
    write(library / "cfg" / "flu.md")
    write(library / "cfg" / "drafts" / "new.md")
    _, out, err = run("check", "../library/cfg", "--format", "json", *AS_OF)
    assert linted(out) == ["../library/cfg/flu.md"]
    assert err == ""
    code, out, err = run("check", "../library/cfg/drafts/new.md", *AS_OF)
    assert err == (f"healthlint: skipped ../library/cfg/drafts/new.md: excluded by ignore: "
                   f"'drafts/*' in {config}\n")
    assert (code, out) == (0, "0 files checked: 0 errors, 0 warnings\n")


# ----------------------------------------------------------------------------- 2. .gitignore


def writers_repo(root: Path) -> Path:
    """A library as a writer keeps it: articles, ignored drafts, tool folders, a README."""
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("secret.md\n", encoding="utf-8")
    write(root / ".gitignore", "private/\n*.draft.md\n!keep.draft.md\n")
    write(root / "articles" / ".gitignore", "local.md\n")
    for name in ("articles/knee.md", "articles/keep.draft.md", "articles/sub/hip.md",
                 # ignored by git
                 "private/notes.md", "articles/wip.draft.md", "articles/local.md",
                 "articles/sub/local.md", "secret.md", "global.md",
                 # skipped by default
                 "node_modules/pkg/readme.md", "venv/lib/x.md", ".venv/lib/x.md", "build/lib/x.md",
                 "dist/x.md", "healthlint.egg-info/SOURCES.txt", "lib/site-packages/y.md",
                 "README.md", "CHANGELOG.md", "LICENSE.txt", "requirements.txt"):
        write(root / name)
    write(root / "healthlint.egg-info" / "dependency_links.txt", "")  # empty: was a parse error
    return root


@pytest.fixture()
def repo(tmp_path: Path, isolated_git: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = writers_repo(tmp_path / "repo")
    write(isolated_git / ".config" / "git" / "ignore", "global.md\n")  # git's default excludes file
    monkeypatch.chdir(root)
    return root


def test_walking_skips_what_git_ignores_and_tool_folders(repo: Path) -> None:
    code, out, _ = run("check", "--format", "json", *AS_OF)
    assert linted(out) == ["./articles/keep.draft.md", "./articles/knee.md", "./articles/sub/hip.md"]
    assert json.loads(out)["files"] == 3


def test_no_respect_gitignore_lints_what_git_ignores_but_still_skips_tool_folders(repo: Path) -> None:
    _, out, _ = run("check", ".", "--no-respect-gitignore", "--format", "json", *AS_OF)
    assert linted(out) == [
        "./articles/keep.draft.md", "./articles/knee.md", "./articles/local.md",
        "./articles/sub/hip.md", "./articles/sub/local.md", "./articles/wip.draft.md",
        "./global.md", "./private/notes.md", "./secret.md"]


@needs_git
def test_core_excludes_file_from_the_git_config_is_read(repo: Path, isolated_git: Path) -> None:
    custom = write(isolated_git / "my-excludes", "knee.md\n")
    subprocess.run(["git", "config", "--global", "core.excludesFile", str(custom)], check=True)
    _, out, _ = run("check", "--format", "json", *AS_OF)
    # the configured file replaces git's default one: global.md is linted again
    assert linted(out) == ["./articles/keep.draft.md", "./articles/sub/hip.md", "./global.md"]


def test_a_file_named_on_the_command_line_is_linted_even_when_git_ignores_it(repo: Path) -> None:
    _, out, _ = run("check", "private/notes.md", "README.md", "--format", "json", *AS_OF)
    assert linted(out) == ["README.md", "private/notes.md"]


@needs_git
def test_a_fresh_clone_after_pip_install_lints_only_the_articles(tmp_path: Path, isolated_git: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's report: plain `healthlint check` linted README.md and *.egg-info/*.txt."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    write(clone / ".gitignore", "*.egg-info/\n")
    write(clone / "README.md", "# healthlint\n\nA linter.\n")
    write(clone / "healthlint.egg-info" / "dependency_links.txt", "")
    write(clone / "build" / "lib" / "linter" / "rules" / "notes.txt", "Notes\n")
    write(clone / "articles" / "knee.md")
    monkeypatch.chdir(clone)
    code, out, err = run("check", "--format", "json", *AS_OF)
    assert linted(out) == ["./articles/knee.md"]
    assert json.loads(out)["files"] == 1
    assert "parse-error" not in out
    assert code == 1  # the article's own errors


# ----------------------------------------------------------------------------- 6. focus


@pytest.fixture()
def knee(tmp_path: Path) -> Path:
    return write(tmp_path / "knee.md")


def rules_of(out: str) -> set[str]:
    return {p["rule"] for p in json.loads(out)["problems"]}


def test_select_by_rule_id_or_check_kind_reports_only_those(knee: Path) -> None:
    _, out, _ = run("check", str(knee), "--format", "json", *AS_OF)
    assert {"duplicate-paragraph", "required-section", "review-date"} <= rules_of(out)
    _, out, _ = run("check", str(knee), "--select", "duplicate-paragraph", "--format", "json", *AS_OF)
    assert rules_of(out) == {"duplicate-paragraph"}
    _, out, _ = run("check", str(knee), "--select", "duplicate_paragraphs,review_date",
                    "--format", "json", *AS_OF)
    assert rules_of(out) == {"duplicate-paragraph", "review-date"}


def test_ignore_drops_rules_and_wins_over_select(knee: Path) -> None:
    _, all_rules, _ = run("check", str(knee), "--format", "json", *AS_OF)
    _, out, _ = run("check", str(knee), "--ignore", "required-section", "--ignore", "review_date",
                    "--format", "json", *AS_OF)
    assert rules_of(out) == rules_of(all_rules) - {"required-section", "review-date"}
    code, out, _ = run("check", str(knee), "--select", "duplicate-paragraph",
                       "--ignore", "duplicate-paragraph", *AS_OF)
    assert (code, out) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_ignore_applies_to_the_engine_rule_unknown_rule(tmp_path: Path) -> None:
    path = write(tmp_path / "knee.md", ARTICLE + "\n<!-- healthlint-disable-next-line no-such-rule -->\nText.\n")
    _, out, _ = run("check", str(path), "--format", "json", *AS_OF)
    assert "unknown-rule" in rules_of(out)
    _, out, _ = run("check", str(path), "--ignore", "unknown-rule", "--format", "json", *AS_OF)
    assert "unknown-rule" not in rules_of(out)


def test_an_unknown_name_in_select_is_a_usage_error_with_a_suggestion(knee: Path) -> None:
    code, out, err = run("check", str(knee), "--select", "duplicate-paragraph,sentence-lenght")
    assert code == 2
    assert out == ""
    assert err.endswith("Error: --select: 'sentence-lenght' is neither a rule nor a check kind; "
                        "did you mean 'sentence-length'?\n")
    code, _, err = run("check", str(knee), "--ignore", "nonsense")
    assert code == 2
    assert "Error: --ignore: 'nonsense' is neither a rule nor a check kind; see `healthlint rules`." in err


def test_quiet_prints_the_problems_and_no_summary(knee: Path, tmp_path: Path) -> None:
    code, out, _ = run("check", str(knee), "--quiet", "--select", "duplicate-paragraph", *AS_OF)
    assert out == (f"{knee}:9:1: error duplicate-paragraph This paragraph repeats the one at line 7; "
                   "delete one copy.\n")
    assert code == 1
    code, out, err = run("check", str(knee), "-q", "--ignore", "duplicate-paragraph,required-section,"
                         "review-date,emergency-statement", "--fail-on", "error", *AS_OF)
    assert (code, out, err) == (0, "", "")


def test_statistics_counts_problems_per_rule_most_first(knee: Path) -> None:
    code, out, _ = run("check", str(knee), "--statistics", *AS_OF)
    assert out == (
        "5  required-section     error        A required section of the template (or the title "
        "or definition) is missing.\n"
        "1  duplicate-paragraph  error    [*] A paragraph repeats (exactly or nearly) an earlier "
        "one in the same article.\n"
        "1  review-date          warning      The article's last medical review date is missing, "
        "not a date, in the future or too old.\n"
        "[*] fixable with --fix\n"
        "1 file checked: 6 errors, 1 warning\n")
    assert code == 1
    _, quiet, _ = run("check", str(knee), "--statistics", "-q", *AS_OF)
    assert quiet == "".join(out.splitlines(keepends=True)[:-1])
    code, _, err = run("check", str(knee), "--statistics", "--format", "json")
    assert code == 2
    assert "--statistics prints a table; it cannot be combined with --format json" in err


def test_output_format_is_an_alias_of_format(knee: Path) -> None:
    assert run("check", str(knee), "--output-format", "json", *AS_OF) == \
        run("check", str(knee), "--format", "json", *AS_OF)


def test_dash_capital_v_prints_the_version() -> None:
    assert run("-V") == (0, f"healthlint, version {__version__}\n", "")
    assert run("--version")[1] == f"healthlint, version {__version__}\n"


def test_force_color_colours_output_that_is_not_a_terminal_and_no_color_wins(knee: Path) -> None:
    args = ("check", str(knee), "--select", "duplicate-paragraph", *AS_OF)
    _, plain, _ = run(*args)
    assert "\x1b[" not in plain
    _, forced, _ = run(*args, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[31merror\x1b[0m" in forced
    _, both, _ = run(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both
    _, off, _ = run(*args, "--no-color", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in off
    _, zero, _ = run(*args, env={"FORCE_COLOR": "0"})
    assert "\x1b[" not in zero


# ----------------------------------------------------------------------------- 8. progress


def test_progress_bar_on_stderr_when_asked(tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path / "lib" / f"a{i}.md")
    code, out, err = run("check", str(tmp_path / "lib"), "--progress", "-q", *AS_OF)
    assert err == "Checking articles\n"  # click draws the bar itself only on a terminal
    assert "Checking articles" not in out
    _, _, err = run("check", str(tmp_path / "lib"), "-q", *AS_OF)  # not a terminal: no bar
    assert err == ""


def test_progress_is_wanted_on_a_terminal_but_never_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(None) is True
    monkeypatch.setenv("CI", "true")
    assert progress.wanted(None) is False
    assert progress.wanted(True) is True
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    monkeypatch.delenv("CI")
    assert progress.wanted(None) is False


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("ci", [False, True])
def test_a_long_run_on_a_terminal_shows_a_bar_unless_in_ci(tmp_path: Path, ci: bool) -> None:
    """Over a second on a terminal: a bar on stderr; with CI set: nothing, even on a terminal."""
    import pty
    import threading

    healthlint = shutil.which("healthlint")
    if healthlint is None:
        pytest.skip("the healthlint command is not installed")
    article = (SAMPLES / "hip-replacement.md").read_text(encoding="utf-8")
    for i in range(2000):  # several times the 1 s delay with one process
        write(tmp_path / "lib" / f"a{i:04}.md", article)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read while it runs: a full pty buffer would block the bar
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        done = subprocess.run([healthlint, "check", str(tmp_path / "lib"), "-j", "1", "-q", *AS_OF],
                              stdout=subprocess.DEVNULL, stderr=follower, env=env, timeout=120,
                              check=False)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert done.returncode == 0
    if ci:
        assert err == ""
    else:
        assert "Checking articles" in err and "2000/2000" in err


def test_a_git_worktree_reads_info_exclude_of_the_main_repository(
    tmp_path: Path, isolated_git: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a worktree `.git` is a file naming the worktree's git folder, whose `commondir`
    leads to the main repository's, which holds info/exclude (as `git worktree add` makes)."""
    main_git = tmp_path / "main" / ".git"
    (main_git / "info").mkdir(parents=True)
    (main_git / "info" / "exclude").write_text("secret.md\n", encoding="utf-8")
    worktree_git = main_git / "worktrees" / "wt"
    worktree_git.mkdir(parents=True)
    (worktree_git / "commondir").write_text("../..\n", encoding="utf-8")
    tree = tmp_path / "wt"
    write(tree / ".git", f"gitdir: {worktree_git}\n")
    write(tree / "knee.md")
    write(tree / "secret.md")
    monkeypatch.chdir(tree)
    _, out, _ = run("check", "--format", "json", *AS_OF)
    assert linted(out) == ["./knee.md"]


def test_every_subcommand_loads_and_help_lists_it() -> None:
    from linter.cli import COMMANDS, main

    code, out, _ = run("--help")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    for name in COMMANDS:  # each loads from its own module when first used
        code, out, _ = run(name, "--help")
        assert code == 0, out
        assert out.splitlines()[0].split()[:3] == ["Usage:", "main", name]
    assert main.get_command(None, "no-such-command") is None  # type: ignore[arg-type]
