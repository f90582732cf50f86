"""`-j N` lints in parallel processes; the output is byte for byte that of `-j 1`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linter.cli import main
from linter.engine import collect, lint_paths
from tests.conftest import AS_OF, SAMPLES
from tests.support.corpus import write_library


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF.isoformat(), "--no-color"])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 generated articles (6 plain text) and two files that cannot be linted."""
    folder = tmp_path_factory.mktemp("library")
    write_library(folder, 60)
    (folder / "00030-binary.md").write_bytes(b"# Title\n\x00\n")
    (folder / "00031-empty.txt").write_text("\n")
    return folder


@pytest.mark.parametrize("output", ["text", "json"])
def test_two_jobs_print_what_one_job_prints(library: Path, output: str) -> None:
    one = check(str(library), "-j", "1", "--format", output)
    two = check(str(library), "-j", "2", "--format", output)
    assert one.exit_code == two.exit_code == 2  # the binary and the empty file
    assert two.stdout == one.stdout
    assert "00030-binary.md" in one.stdout and "parse-error" in one.stdout


@pytest.mark.skipif(not SAMPLES.is_dir() or not any(SAMPLES.iterdir()),
                    reason="sample_articles/ is not there yet")
def test_two_jobs_print_what_one_job_prints_on_the_sample_library() -> None:
    one = check(str(SAMPLES), "-j", "1")
    two = check(str(SAMPLES), "-j", "2")
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)


def test_results_come_back_in_the_order_the_files_were_given(library: Path) -> None:
    from linter.config import load_config

    config = load_config(None)
    files = list(reversed(collect([str(library)], config)))
    serial = list(lint_paths(files, config, AS_OF, jobs=1))
    parallel = list(lint_paths(files, config, AS_OF, jobs=2))
    assert [r.path for r in parallel] == files
    assert parallel == serial
