"""Never lose a writer's text, never let an article or a file name forge output (issue 10).

Each test is named after what it protects. Tests that need the real process (its stdout,
FIFOs, devices, another user) run the installed `healthlint` in a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linter.audit.command import audit
from linter.cli import main
from linter.config import ConfigError, load_config
from linter.engine import PARSE_ERROR
from linter.output import fixes
from linter.output.escaping import markdown_text, terminal_text
from tests.conftest import AS_OF, lint_text

HEALTHLINT = str(Path(sys.executable).with_name("healthlint"))
ARTICLE = "# Knee Care\n\nRest the knee for two days and keep it raised.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.md").write_text(ARTICLE, encoding="utf-8")
    yield tmp_path


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, [*args, "--as-of", AS_OF.isoformat(), "-j", "1"],
                              input=input)


def proc(*args: str, cwd: Path, input: bytes | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([HEALTHLINT, *args], cwd=cwd, input=input, capture_output=True,
                          timeout=timeout, check=False)


# ----------------------------------------------------------------------------- 4 substitution

SWAP_CONFIG = """\
extends: procedure
rules:
  house-words:
    check: substitution
    severity: info
    params:
      swap: {physician: doctor, disable: turn off}
      fixable: true
"""

SWAP_BEFORE = """\
# Knee Care

A physician explains the care. Write to physician.office@example.org or physician.example.org.
See <https://physician.example.org/a> or <mailto:physician@example.org>, ask a physician.
<!-- healthlint-disable-next-line plain-language -->
Ask a physician <a href="https://example.org" title="physician">here</a> and run `physician --disable`.
<!-- a physician wrote this -->
"""

SWAP_AFTER = """\
# Knee Care

A doctor explains the care. Write to physician.office@example.org or physician.example.org.
See <https://physician.example.org/a> or <mailto:physician@example.org>, ask a doctor.
<!-- healthlint-disable-next-line plain-language -->
Ask a doctor <a href="https://example.org" title="physician">here</a> and run `physician --disable`.
<!-- a physician wrote this -->
"""


def test_substitution_fixes_change_prose_only_never_addresses_comments_or_code(
        folder: Path) -> None:
    (folder / "cfg.yaml").write_text(SWAP_CONFIG, encoding="utf-8")
    (folder / "a.md").write_text(SWAP_BEFORE, encoding="utf-8")
    result = run("check", "a.md", "--config", "cfg.yaml", "--fix")
    assert (folder / "a.md").read_text(encoding="utf-8") == SWAP_AFTER, result.output
    reported = [line for line in result.stdout.splitlines() if "house-words" in line]
    assert reported == []


# ----------------------------------------------------------------------------- 5 concurrent edit

DUPLICATE = ("# Knee Care\n\nRest the knee for two days and keep it raised.\n\n"
             "Rest the knee for two days and keep it raised.\n")


def test_fix_never_overwrites_a_file_saved_while_it_ran(folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "a.md").write_text(DUPLICATE, encoding="utf-8")
    saved = "# Knee Care\n\nThe writer saved this while healthlint ran.\n"
    real = fixes.fix_bytes

    def fix_then_writer_saves(*args: object, **kwargs: object) -> fixes.Fixed:
        fixed = real(*args, **kwargs)  # type: ignore[arg-type]
        (folder / "a.md").write_text(saved, encoding="utf-8")
        return fixed

    monkeypatch.setattr(fixes, "fix_bytes", fix_then_writer_saves)
    result = run("check", "a.md", "--fix")
    assert (folder / "a.md").read_text(encoding="utf-8") == saved
    assert ("healthlint: a.md: cannot fix: it changed since healthlint read it (saved during "
            "the run?); not fixed, run --fix again") in result.stderr
    assert result.exit_code == 2


# ----------------------------------------------------------------------------- 6 writing files


def test_outputs_to_a_fifo_are_written_straight_into_it(folder: Path) -> None:
    fifo = folder / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a reader that never blocks the writer
    try:
        result = proc("check", "good.md", "-o", f"json:{fifo}", cwd=folder)
        assert stat.S_ISFIFO(fifo.stat().st_mode)
        written = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert json.loads(written)["files"] == 1, result.stderr
    assert list(folder.iterdir()) == [fifo, folder / "good.md"] or \
        sorted(p.name for p in folder.iterdir()) == ["good.md", "report.fifo"]


def test_outputs_to_dev_stdout_are_written_straight(folder: Path) -> None:
    result = proc("check", "good.md", "--format", "json", "-o", "text:/dev/stdout",
                  "--summary", "/dev/stderr", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert b"1 file checked" in result.stdout
    assert b"## healthlint:" in result.stderr
    assert b"Traceback" not in result.stderr


def test_fix_keeps_hard_links_owner_and_mode(folder: Path) -> None:
    article = folder / "a.md"
    article.write_text(DUPLICATE, encoding="utf-8")
    os.link(article, folder / "link.md")
    article.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(article, 4321, 4321)
    result = run("check", "a.md", "--fix")
    assert article.read_text(encoding="utf-8") == ARTICLE, result.output
    assert (folder / "link.md").read_text(encoding="utf-8") == ARTICLE
    info = article.stat()
    assert info.st_nlink == 2 and stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (4321, 4321)


def test_fix_keeps_the_owner_when_it_replaces_the_file(folder: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another owner")
    article = folder / "a.md"
    article.write_text(DUPLICATE, encoding="utf-8")
    os.chown(article, 4321, 4322)
    run("check", "a.md", "--fix")
    info = article.stat()
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert (info.st_uid, info.st_gid) == (4321, 4322)


def test_fix_refuses_a_read_only_file_with_a_message(folder: Path) -> None:
    article = folder / "a.md"
    article.write_text(DUPLICATE, encoding="utf-8")
    article.chmod(0o444)
    result = run("check", "a.md", "--fix")
    assert article.read_text(encoding="utf-8") == DUPLICATE
    assert "healthlint: a.md: cannot fix: the file is read-only" in result.stderr
    assert result.exit_code == 2


def test_fix_cleans_up_temporary_files_a_killed_run_left(folder: Path) -> None:
    article = folder / "a.md"
    article.write_text(DUPLICATE, encoding="utf-8")
    stale = folder / ".a.md.healthlint-999999999.tmp"  # no such process
    stale.write_bytes(b"half an article")
    other = folder / ".a.md.someone-else.tmp"  # not ours: left alone
    other.write_bytes(b"x")
    run("check", "a.md", "--fix")
    assert not stale.exists() and other.exists()
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_a_killed_fix_leaves_no_temporary_file(folder: Path) -> None:
    article = folder / "a.md"
    article.write_text(DUPLICATE, encoding="utf-8")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from linter import fixes\n"
        "real = os.fsync\n"
        "def killed(fd):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "os.fsync = killed\n"
        "from linter.cli import main\n"
        "sys.argv = ['healthlint', 'check', 'a.md', '--fix', '-j', '1']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                          timeout=60, check=False)
    assert done.returncode != 0
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "good.md"], done.stderr
    assert article.read_text(encoding="utf-8") == DUPLICATE


# ----------------------------------------------------------------------------- 7 github


def test_github_output_never_starts_a_command_healthlint_did_not_write(folder: Path) -> None:
    names = [f"{i}.md" for i in range(4)]
    for name in names:
        (folder / name).write_text("# T\n\nx\n", encoding="utf-8")
    forged = "::error title=Forged::pwned.md"
    (folder / forged).write_text("# T\n\nx\n", encoding="utf-8")
    (folder / "##[error]x.md").write_text("# T\n\nx\n", encoding="utf-8")
    result = run("check", *names, forged, "##[error]x.md", "--format", "github")
    lines = result.stdout.splitlines()
    overflow = [line for line in lines if "pwned.md" in line and not line.startswith("::error file=")]
    assert overflow and all(not line.lstrip().startswith("::") for line in lines
                            if not line.startswith(("::error file=", "::warning file=",
                                                    "::notice file=")))
    assert not any("##[" in line for line in lines if not line.startswith("::"))


# ----------------------------------------------------------------------------- 8 text


def test_terminal_text_replaces_control_characters() -> None:
    assert terminal_text("a\x1b]0;pwned\x07b\tc\x9b2J\x7fd\ne") == \
        "a\\x1b]0;pwned\\x07b\tc\\x9b2J\\x7fd\\ne"
    assert terminal_text("caf\udce9.md") == "caf\\xe9.md"


def test_text_output_never_carries_escape_sequences_or_forged_lines(folder: Path) -> None:
    name = "a\x1b]0;pwned\x07.md"
    (folder / name).write_text("# T \x1b[2J\n\nx\n", encoding="utf-8")
    newline_name = "b\nb.md:1:1: error forged Forged.md"
    (folder / newline_name).write_text("# T\n\nx\n", encoding="utf-8")
    result = run("check", name, newline_name, "--format", "text")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "a\\x1b]0;pwned\\x07.md:1:1:" in result.stdout
    assert not any(line.startswith("b.md:1:1: error forged") for line in result.stdout.splitlines())
    assert "b\\nb.md:1:1: error forged Forged.md:1:1:" in result.stdout


# ----------------------------------------------------------------------------- 9 summary, CSV

HOSTILE = ("# Verify [your account](https://attacker.example) ![t](https://attacker.example/t.png)"
           "\n\nx\n")


#: a link or an image: `](` or `![` not escaped with a backslash
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|!\[")


def test_markdown_text_has_no_live_links_or_images() -> None:
    shown = markdown_text("[Verify](https://attacker.example) ![t](https://a.example/t.png) "
                          "<b>x</b> www.evil.example a@b.example | *e*")
    assert not LIVE_MARKDOWN.search(shown) and "<b>" not in shown
    assert "https://" not in shown and "www." not in shown and "@b" not in shown
    assert "\\|" in shown and "\\*e\\*" in shown


def test_summary_quotes_article_text_without_live_links(folder: Path) -> None:
    (folder / "[x](https%3A%2F%2Fevil.example).md").write_text(HOSTILE, encoding="utf-8")
    run("check", "[x](https%3A%2F%2Fevil.example).md", "--summary", "summary.md")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert not LIVE_MARKDOWN.search(summary) and "https://attacker" not in summary


def test_audit_csv_cells_are_never_spreadsheet_formulas(folder: Path) -> None:
    names = ["=HYPERLINK(1).md", "+1.md", "-1.md", "@SUM(1).md"]
    for name in names:
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "t.md").write_text('# =HYPERLINK("https://evil.example")\n\nText.\n',
                                 encoding="utf-8")
    result = CliRunner().invoke(audit, ["--csv", "a.csv", "-o", "a.html", "--as-of",
                                        AS_OF.isoformat(), "-j", "1", "--no-progress",
                                        "--", *names, "t.md"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO((folder / "a.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell[:1] in ("=", "+", "@") or cell.startswith("-") and not
                   _number(cell) for cell in cells)
    assert "'=HYPERLINK(1).md" in cells and "'-1.md" in cells
    assert "'=HYPERLINK(\"https://evil.example\")" in cells


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------- 10 file names

LATIN1 = os.fsdecode(b"caf\xe9.md")


@pytest.mark.parametrize("args", [
    ("--format", "sarif"), ("--format", "json"), ("--format", "github"), ("--format", "junit"),
    ("-o", "json:out.json"), ("-o", "text:out.txt"), ("-o", "github:out.txt"),
    ("-o", "sarif:out.txt"), ("--summary", "out.md"),
])
def test_non_utf8_file_names_never_crash_an_output(folder: Path, args: tuple[str, ...]) -> None:
    (folder / LATIN1).write_text(ARTICLE, encoding="utf-8")
    result = proc("check", ".", *args, cwd=folder, timeout=120)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 1
    out = folder / args[1].partition(":")[2] if args[0] == "-o" else \
        folder / args[1] if args[0] == "--summary" else None
    data = out.read_bytes() if out else result.stdout
    text = data.decode("utf-8")  # valid UTF-8
    assert "caf" in text
    if "json" in args[1] or "sarif" in args[1]:
        json.loads(text)


def test_non_utf8_file_names_survive_a_baseline(folder: Path) -> None:
    (folder / LATIN1).write_text(ARTICLE, encoding="utf-8")
    created = proc("baseline", "create", "base.json", ".", cwd=folder)
    assert created.returncode == 0, created.stderr
    checked = proc("check", ".", "--baseline", "base.json", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert b"0 errors" in checked.stdout


def test_non_utf8_file_names_in_an_audit_keep_the_report_whole(folder: Path) -> None:
    (folder / LATIN1).write_text(ARTICLE, encoding="utf-8")
    (folder / "old.html").write_text("<html>the old report</html>", encoding="utf-8")
    result = proc("audit", ".", "-o", "old.html", "--csv", "a.csv", "--json", "a.json",
                  "--no-progress", cwd=folder, timeout=120)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 0
    assert "caf" in (folder / "old.html").read_text(encoding="utf-8")
    json.loads((folder / "a.json").read_text(encoding="utf-8"))
    assert "caf" in (folder / "a.csv").read_text(encoding="utf-8")
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# ----------------------------------------------------------------------------- 11 far years


def test_references_accessed_in_year_9999_do_not_crash_reference_stale() -> None:
    text = ("# Knee Care\n\nRest the knee.\n\n## References\n\n"
            "Knee care. Available at: https://example.org. Accessed December 31, 9999.\n")
    result = lint_text(text)
    assert not [p for p in result.problems if p.rule == "internal-error"], result.problems


def test_review_date_as_of_year_9999_does_not_crash(folder: Path) -> None:
    (folder / "a.md").write_text("---\nreviewed: 9998-01-01\n---\n" + ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a.md", "--as-of", "9999-12-31", "-j", "1"])
    assert "internal-error" not in result.stdout, result.stdout
    assert "reference-stale" not in result.stdout or "crashed" not in result.stdout


# ----------------------------------------------------------------------------- 12 unreadable


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if os.geteuid() != 0:
        return subprocess.run([HEALTHLINT, *args], cwd=cwd, capture_output=True, timeout=60,
                              check=False)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every file and setpriv is not installed to drop privileges")
    drop = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*drop, HEALTHLINT, "--version"], cwd=cwd, capture_output=True,
                           timeout=60, check=False)
    if probe.returncode != 0:  # e.g. the venv lies in a folder private to root
        pytest.skip(f"user nobody cannot run {HEALTHLINT}: {probe.stderr.decode(errors='replace')}")
    return subprocess.run([*drop, HEALTHLINT, *args], cwd=cwd, capture_output=True, timeout=60,
                          check=False)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to root)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="healthlint-safety-"))
    path.chmod(0o755)
    (path / "good.md").write_text(ARTICLE, encoding="utf-8")
    (path / "good.md").chmod(0o644)
    try:
        yield path
    finally:
        for child in path.rglob("*"):
            child.chmod(0o755)
        shutil.rmtree(path)


def test_an_unreadable_file_named_on_the_command_line_is_a_parse_error(shared_folder: Path) -> None:
    (shared_folder / "secret.md").write_text(ARTICLE, encoding="utf-8")
    (shared_folder / "secret.md").chmod(0)
    result = _as_nobody("check", "secret.md", "good.md", "--as-of", "2026-11-24",
                        cwd=shared_folder)
    out = result.stdout.decode()
    assert "secret.md:1:1: error parse-error cannot be read: Permission denied" in out, \
        result.stderr
    assert "good.md:" in out and result.returncode == 2


def test_an_unreadable_subfolder_is_a_parse_error(shared_folder: Path) -> None:
    (shared_folder / "locked").mkdir()
    (shared_folder / "locked" / "x.md").write_text(ARTICLE, encoding="utf-8")
    (shared_folder / "locked").chmod(0)
    result = _as_nobody("check", ".", "--as-of", "2026-11-24", cwd=shared_folder)
    out = result.stdout.decode()
    assert "locked:1:1: error parse-error cannot be read: Permission denied" in out, \
        result.stderr
    assert "good.md:" in out and result.returncode == 2


# ----------------------------------------------------------------------------- 13 --diff


def test_diff_reports_a_missing_or_binary_file(folder: Path) -> None:
    (folder / "bin.md").write_bytes(b"# T\x00\n")
    result = run("check", "missing.md", "bin.md", "--diff")
    assert result.exit_code == 2
    assert "missing.md:1:1: error parse-error cannot be read: No such file or directory" \
        in result.stderr
    assert "bin.md:1:1: error parse-error binary file" in result.stderr


# ----------------------------------------------------------------------------- 14 config


def test_a_config_alias_bomb_is_rejected(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}]\n" for i in range(10))
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="anchors and aliases are not allowed"):
        load_config(path)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_config_that_is_not_a_regular_file_is_a_clear_error(folder: Path, special: str) -> None:
    if special == "fifo":
        os.mkfifo(folder / "fifo")
    result = proc("check", "good.md", "--config", special, cwd=folder, timeout=30)
    assert result.returncode == 2
    assert b"healthlint: configuration error" in result.stderr
    assert b"not a regular file" in result.stderr, result.stderr


def test_stdin_is_read_only_up_to_the_size_cap(folder: Path) -> None:
    result = subprocess.run(f"{HEALTHLINT} check - < /dev/zero", shell=True, cwd=folder,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 2
    assert b"healthlint reads articles up to 4 MiB" in result.stdout


def test_a_config_key_given_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("rules:\n  readability: off\nrules:\n  plain-language: off\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c.yaml:3:1: invalid YAML: key 'rules' is given twice "
                                          r"\(first at line 1\)"):
        load_config(path)


def test_a_front_matter_key_given_twice_is_a_warning() -> None:
    result = lint_text("---\nreviewed: 2026-01-01\nreviewed: 2020-01-01\n---\n" + ARTICLE)
    found = [(p.line, p.severity.value, p.message) for p in result.problems
             if p.rule == PARSE_ERROR]
    assert found == [(3, "warning", "front matter gives 'reviewed' twice (first at line 2); "
                      "the last one is used")]
    assert not result.failed


# ----------------------------------------------------------------------------- 15 bad shapes


@pytest.mark.parametrize("content", [
    '{"version": 1, "entries": 5}',
    '{"version": 1, "entries": [{"path": "a", "rule": "r", "fingerprint": "f", '
    '"occurrence": 1e999}]}',
    '{"version": 1, "entries": [{"path": "a", "rule": "r", "fingerprint": "f", '
    '"occurrence": ' + "9" * 5000 + "}]}",
    "[" * 100_000 + "]" * 100_000,
    '{"version": 1, "entries": [5]}',
])
def test_a_baseline_with_a_bad_shape_is_a_clear_error(folder: Path, content: str) -> None:
    (folder / "base.json").write_text(content, encoding="utf-8")
    result = run("check", "good.md", "--baseline", "base.json")
    assert result.exit_code == 2
    assert "healthlint: baseline error\nbase.json" in result.stderr, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_fix_in_a_read_only_folder_is_a_clear_message(shared_folder: Path) -> None:
    (shared_folder / "a.md").write_text(DUPLICATE, encoding="utf-8")
    (shared_folder / "a.md").chmod(0o666)
    shared_folder.chmod(0o555)
    result = _as_nobody("check", "a.md", "--fix", cwd=shared_folder)
    assert b"Traceback" not in result.stderr, result.stderr
    assert b"healthlint: cannot write a.md:" in result.stderr or \
        b"healthlint: a.md: cannot fix:" in result.stderr, result.stderr
    assert result.returncode == 2


def test_jobs_has_an_upper_bound() -> None:
    result = CliRunner().invoke(main, ["check", "-j", "100000", "x.md"])
    assert result.exit_code == 2 and "-j" in result.output


@pytest.mark.parametrize("option", ["--target-grade", "--review-years", "--similarity"])
def test_audit_options_reject_nan(folder: Path, option: str) -> None:
    result = CliRunner().invoke(audit, [".", option, "nan", "--no-progress"])
    assert result.exit_code == 2 and "not a number" in result.output, result.output


# ----------------------------------------------------------------------------- 16 deep YAML


@pytest.mark.parametrize("depth", [50, 320, 900, 5000])
def test_deep_front_matter_gives_the_same_answer_at_any_depth_and_jobs(
        tmp_path: Path, depth: int) -> None:
    text = "---\nkey: " + "[" * depth + "]" * depth + "\n---\n" + ARTICLE
    for i in range(4):
        (tmp_path / f"{i}.md").write_text(text, encoding="utf-8")
    outputs = set()
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["check", str(tmp_path), "-j", jobs, "--as-of",
                                           AS_OF.isoformat()])
        outputs.add(result.stdout)
    assert len(outputs) == 1
    errors = [p.message for p in lint_text(text).problems if p.rule == PARSE_ERROR]
    if depth > 100:
        assert errors == ["front matter is not valid YAML: nested more than 100 levels deep"]
    else:
        assert errors == []
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(200 + depth if depth < 1000 else limit)
        again = [p.message for p in lint_text(text).problems if p.rule == PARSE_ERROR]
    finally:
        sys.setrecursionlimit(limit)
    assert again == errors


# ----------------------------------------------------------------------------- fix safety net


def test_fix_never_leaves_an_article_empty(folder: Path) -> None:
    # whatever a rule offers, the fixer refuses a result with no text left
    (folder / "a.md").write_text("Copyright © Example Images, Inc.\n", encoding="utf-8")
    run("check", "a.md", "--fix")
    assert (folder / "a.md").read_text(encoding="utf-8") == "Copyright © Example Images, Inc.\n"


# ----------------------------------------------------------------------------- 17 linear time

LINEAR_CONFIG = """\
extends: procedure
rules:
  readability: off
  sentence-length: off
  plain-language: off
  duplicate-paragraph: off
  boilerplate-residue: off
  no-click-here:
    check: existence
    severity: warning
    params: {tokens: [click here]}
  house-words:
    check: substitution
    severity: info
    params: {swap: {physician: doctor}, fixable: true}
"""


def test_a_line_with_100000_hits_is_linted_in_linear_time(tmp_path: Path) -> None:
    # one finding used to cost a pass over its whole line (its context, its column, its
    # line number), so a 2 MiB line of hits took hours; the prose rules that still have
    # that cost (issue 10, item 17) are switched off here and measured by
    # benchmarks/adversarial.py
    (tmp_path / "c.yaml").write_text(LINEAR_CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "c.yaml")
    unit = "Click here and ask a physician. "
    text = "# T\n\n" + unit * 50_000 + "\n"
    start = time.perf_counter()
    result = lint_text(text, config=config)
    took = time.perf_counter() - start
    clicks = [p.column for p in result.problems if p.rule == "no-click-here"]
    swaps = [p.column for p in result.problems if p.rule == "house-words"]
    assert len(clicks) == len(swaps) == 50_000
    assert clicks[:3] == [1, 1 + len(unit), 1 + 2 * len(unit)]
    assert swaps[:2] == [unit.index("physician") + 1, len(unit) + unit.index("physician") + 1]
    assert took < 30, took


def test_a_newline_in_a_file_name_cannot_forge_a_diff_header(folder: Path) -> None:
    name = "x\n+++ evil.md"
    (folder / name).write_text(DUPLICATE, encoding="utf-8")
    result = run("check", name, "--diff")
    assert "--- a/x\\n+++ evil.md\n+++ b/x\\n+++ evil.md\n" in result.stdout
    assert not any(line == "+++ evil.md" for line in result.stdout.splitlines())


def test_a_front_matter_error_after_nel_characters_is_on_a_line_that_exists() -> None:
    # YAML counts NEL (U+0085) as a line break, the file does not (found by the fuzz campaign)
    text = "---\ntitle: 'unclosed\n\x85: 0000-00-00\n\x85: 0000-00-00\n\x85: 0000-00-00\n---\n"
    result = lint_text(text)
    lines = [p.line for p in result.problems if p.rule == PARSE_ERROR]
    assert lines == [5]
