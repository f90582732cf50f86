"""`healthlint check --fix` and `--diff`: safe fixes, byte-exact, atomic and idempotent."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.model.problems import Fix
from linter.output import atomic
from linter.output.fixes import Source, apply
from linter.parsing.decode import split_lines
from tests.conftest import SAMPLES
from tests.conftest import run_cli as run

KNEE = (SAMPLES / "knee-arthroscopy.md").read_text(encoding="utf-8")
PARAGRAPH = "You will rest in a recovery room. The staff will check your breathing and your pulse.\n"
#: the knee sample (clean) with one paragraph pasted twice; fixing must give KNEE back
PASTED = KNEE.replace(PARAGRAPH, PARAGRAPH + "\n" + PARAGRAPH, 1)
AS_OF = ("--as-of", "2026-11-24")


def encode(text: str, newline: str = "\n", encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    return bom + text.replace("\n", newline).encode(encoding)


def test_pasted_copy_is_deleted_and_nothing_else_changes(tmp_path: Path) -> None:
    article = tmp_path / "knee.md"
    article.write_bytes(PASTED.encode("utf-8"))
    assert PASTED != KNEE
    code, out, err = run("check", str(article), "--fix", *AS_OF)
    assert article.read_bytes() == KNEE.encode("utf-8")  # the first copy stays, one blank line
    assert out == "1 file checked: 0 errors, 0 warnings\n"  # linted again after fixing
    assert err == "healthlint: fixed 1 problem in 1 file\n"
    assert code == 0


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["CRLF", "CR", "LF"])
@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"])
def test_encoding_bom_and_line_endings_are_kept(
    tmp_path: Path, newline: str, encoding: str, bom: bytes
) -> None:
    article = tmp_path / "knee.md"
    article.write_bytes(encode(PASTED, newline, encoding, bom))
    code, _, _ = run("check", str(article), "--fix", *AS_OF)
    assert article.read_bytes() == encode(KNEE, newline, encoding, bom)
    assert code == 0


def test_mixed_line_endings_and_no_final_newline_are_kept(tmp_path: Path) -> None:
    lines = PASTED.rstrip("\n").split("\n")
    endings = ["\r\n", "\n", "\r"]
    mixed = "".join(line + endings[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    article = tmp_path / "knee.md"
    article.write_bytes(mixed.encode("utf-8"))
    run("check", str(article), "--fix", *AS_OF)
    index = lines.index(PARAGRAPH.rstrip("\n"), lines.index(PARAGRAPH.rstrip("\n")) + 1)
    kept = [i for i in range(len(lines)) if i not in (index, index + 1)]  # the copy, a blank
    expected = "".join(lines[i] + endings[i % 3] for i in kept[:-1]) + lines[kept[-1]]
    assert article.read_bytes() == expected.encode("utf-8")


def test_fixing_again_changes_nothing_and_does_not_write(tmp_path: Path) -> None:
    article = tmp_path / "knee.md"
    article.write_bytes(PASTED.replace("\n", "\r\n").encode("utf-8"))
    run("check", str(article), "--fix", *AS_OF)
    once = article.read_bytes()
    before = article.stat()
    code, _, err = run("check", str(article), "--fix", *AS_OF)
    assert article.read_bytes() == once
    assert article.stat().st_ino == before.st_ino  # not replaced: nothing was written
    assert err == "healthlint: fixed 0 problems in 0 files\n"
    assert code == 0


def test_write_is_atomic_and_keeps_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "knee.md"
    article.write_bytes(PASTED.encode("utf-8"))
    article.chmod(0o640)
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        renames.append((str(src), str(dst)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError):
        atomic.write_atomic(article, b"half")
    # the temporary file was in the same folder, the article is untouched, nothing is left
    assert Path(renames[0][0]).parent == tmp_path and renames[0][1] == str(article)
    assert article.read_bytes() == PASTED.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["knee.md"]
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    run("check", str(article), "--fix", *AS_OF)
    assert article.read_bytes() == KNEE.encode("utf-8")
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["knee.md"]


def test_a_symlinked_article_is_fixed_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(PASTED.encode("utf-8"))
    link = tmp_path / "link.md"
    link.symlink_to(real)
    run("check", str(link), "--fix", *AS_OF)
    assert link.is_symlink()
    assert real.read_bytes() == KNEE.encode("utf-8")


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("knee.md").write_bytes(PASTED.encode("utf-8"))
    code, out, err = run("check", "knee.md", "--diff", *AS_OF)
    assert Path("knee.md").read_bytes() == PASTED.encode("utf-8")
    assert out == (
        "--- a/knee.md\n+++ b/knee.md\n@@ -61,8 +61,6 @@\n"
        f" \n {PARAGRAPH} \n-{PARAGRAPH}-\n ### How Long Will It Take?\n \n"
        " Most of the time it takes 30 to 60 minutes.\n"
    )
    assert err == "healthlint: 1 fix would be applied to 1 file\n"
    assert code == 1
    Path("knee.md").write_bytes(KNEE.encode("utf-8"))
    assert run("check", "knee.md", "--diff", *AS_OF)[:2] == (0, "")


def test_residue_lines_are_deleted_and_the_rest_of_the_export_kept(tmp_path: Path) -> None:
    article = tmp_path / "colonoscopy.txt"
    original = (SAMPLES / "colonoscopy.txt").read_bytes()
    article.write_bytes(original)
    before_code, before, _ = run("check", str(article), *AS_OF)
    assert "boilerplate-residue" in before
    run("check", str(article), "--fix", *AS_OF)
    _, after, _ = run("check", str(article), *AS_OF)
    assert "boilerplate-residue" not in after
    fixed_lines = article.read_text(encoding="utf-8").splitlines()
    kept = set(original.decode("utf-8").splitlines())
    # every line left was in the original, except a heading without its back-to-top link
    # and a heading split off from its text
    assert [line for line in fixed_lines if line not in kept] == [
        "Reasons for Procedure", "How Long Will It Take?", "About 30 to 60 minutes."]
    assert "Copyright © Example Medical Art, Inc." not in fixed_lines
    assert "Health Library Search" not in fixed_lines
    assert before_code == 1


def test_fixable_substitutions_are_applied_even_two_on_one_line(tmp_path: Path) -> None:
    config = tmp_path / "style.yaml"
    config.write_text(
        "extends: procedure\nrules:\n"
        "  house-email:\n    check: substitution\n    severity: info\n"
        "    params: {swap: {e-mail: email}, fixable: true}\n"
        "  house-doctor:\n    check: substitution\n    severity: info\n"
        "    params: {swap: {physician: doctor}, fixable: true}\n"
        "  house-unfixable:\n    check: substitution\n    severity: info\n"
        "    params: {swap: {utilize: use}}\n",
        encoding="utf-8",
    )
    line = "Most people go home the same day."
    changed = "Send an e-mail to your physician. Physicians utilize it at https://x.org/e-mail."
    article = tmp_path / "knee.md"
    article.write_bytes(KNEE.replace(line, changed, 1).encode("utf-8"))
    code, out, _ = run("check", str(article), "--fix", "--config", str(config), *AS_OF)
    assert article.read_bytes() == KNEE.replace(line, (
        "Send an email to your doctor. Physicians utilize it at https://x.org/e-mail."), 1).encode()
    assert "house-unfixable" in out and "house-email" not in out and "house-doctor" not in out
    assert code == 0


def test_fix_refuses_stdin() -> None:
    result = CliRunner().invoke(main, ["check", "-", "--fix"], input="# T\n")
    assert result.exit_code == 2
    assert "--fix and --diff cannot rewrite stdin" in result.stderr


# ----------------------------------------------------------------------------- applying


def fixed(text: str, *fix: Fix) -> str:
    source, _ = apply(Source.from_bytes(text.encode("utf-8")), fix)
    return source.to_bytes().decode("utf-8")


@pytest.mark.parametrize(("text", "fix", "expected"), [
    ("A\n\nB\n\nB\n", Fix(5, 5), "A\n\nB\n"),  # the last paragraph: no blank line left at the end
    ("A\n\nB\n\nB", Fix(5, 5), "A\n\nB"),  # ... and no final newline added
    ("B\n\nA\n", Fix(1, 1), "A\n"),  # the first line: no blank line left at the top
    ("A\n\nB\n\nC\n", Fix(3, 3), "A\n\nC\n"),  # between two blank lines: one remains
    ("A\nB\nC\n", Fix(2, 2), "A\nC\n"),  # plain-text lines without blank lines between
    ("A\r\nB\r\nC", Fix(2, 2, ("X", "Y")), "A\r\nX\r\nY\r\nC"),  # new lines take the file's ending
    ("A\nB", Fix(2, 2, ("X",)), "A\nX"),
], ids=["end", "end-no-newline", "start", "middle", "adjacent", "replace-more", "replace-last"])
def test_apply(text: str, fix: Fix, expected: str) -> None:
    assert fixed(text, fix) == expected


def test_overlapping_fixes_first_wins_and_ranges_outside_the_file_are_ignored() -> None:
    assert fixed("A\nB\nC\nD\n", Fix(2, 3), Fix(3, 3, ("X",)), Fix(9, 9)) == "A\nD\n"


def test_source_keeps_every_byte() -> None:
    for data in (b"", b"\n", b"a", b"a\r\n\r\n", b"\r\ra\rb", codecs.BOM_UTF8 + b"a\n"):
        assert Source.from_bytes(data).to_bytes() == data
    # line numbers of fixes are the parser's: the same count of lines for any line endings
    assert len(Source.from_bytes(b"a\r\nb\rc\n").lines) == len(split_lines("a\r\nb\rc\n")) == 4


def test_fix_reuses_the_run_s_lint_and_lints_again_only_what_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter import engine
    from linter.output import fixes

    article = tmp_path / "knee.md"
    article.write_text(PASTED, encoding="utf-8")
    linted: list[str] = []
    real = engine.lint_bytes

    def counting(path: str, data: bytes, *args: object, **kwargs: object) -> engine.FileResult:
        linted.append(data.decode("utf-8"))
        return real(path, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_bytes", counting)
    monkeypatch.setattr(fixes, "lint_bytes", counting)
    code, _, _ = run("check", str(article), "--fix", "-j", "1", "--as-of", "2026-11-24")
    assert article.read_text(encoding="utf-8") == KNEE
    # the run's lint of the pasted text, then one lint of the fixed text (not the pasted again)
    assert [{PASTED: "pasted", KNEE: "fixed"}.get(t, "other") for t in linted] == ["pasted", "fixed"]
    assert code in (0, 1)


def test_fix_lints_again_a_file_that_changed_after_the_run_read_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.cli import check as check_command

    article = tmp_path / "knee.md"
    article.write_text(PASTED, encoding="utf-8")
    added = "The writer added this sentence during the run, above the pasted copy.\n\n"
    edited = PASTED.replace("## Reasons for Procedure", added + "## Reasons for Procedure", 1)
    real = check_command.lint

    def lint_then_edit(*args: object, **kwargs: object) -> object:
        results = real(*args, **kwargs)  # type: ignore[arg-type]
        article.write_text(edited, encoding="utf-8")  # saved by a writer during the run
        return results

    monkeypatch.setattr(check_command, "lint", lint_then_edit)
    run("check", str(article), "--fix", "-j", "1", "--as-of", "2026-11-24")
    # the run's lint places the copy two lines too high for the edited text: the fix is
    # worked out on the text as it is now, so the copy goes and the writer's lines stay
    assert article.read_text(encoding="utf-8") == KNEE.replace(
        "## Reasons for Procedure", added + "## Reasons for Procedure", 1)
