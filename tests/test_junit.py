"""JUnit XML follows --fail-on, has one testsuite per file and passes the xunit schema."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.conftest import run_cli as run
from tests.schemas import schema


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """hip-replacement.md has 14 warnings and no error; knee-arthroscopy.md is clean."""
    folder = tmp_path / "my articles"
    folder.mkdir()
    for name in ("hip-replacement.md", "knee-arthroscopy.md"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken.md").write_bytes(b"# Title\n\nBad \xff byte.\n")
    monkeypatch.chdir(tmp_path)
    return folder


def junit(*args: str) -> tuple[int, ET.Element, str]:
    code, out, _ = run("check", "my articles", "--format", "junit", "--as-of", "2026-11-24", *args)
    return code, ET.fromstring(out), out


def test_warnings_below_fail_on_are_not_failures(articles: Path) -> None:
    (articles / "broken.md").unlink()
    code, root, _ = junit()
    assert code == 0
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("15", "0", "0")
    hip = root.find("testsuite[@name='my articles/hip-replacement.md']")
    assert hip is not None and hip.get("failures") == "0" and hip.get("tests") == "14"
    case = hip.find("testcase")
    assert case is not None and case.find("failure") is None
    assert case.get("name") == "review-date at line 4, column 1"
    assert (case.get("file"), case.get("line")) == ("my articles/hip-replacement.md", "4")
    assert case.findtext("system-out") == (
        "my articles/hip-replacement.md:4:1: warning review-date Last review 2021-04-01 is 5 "
        "years old; the policy is a review every 3 years. Have the article reviewed and update "
        "the date.\n(below --fail-on error: not a failure)")


def test_fail_on_warning_makes_them_failures(articles: Path) -> None:
    (articles / "broken.md").unlink()
    code, root, _ = junit("--fail-on", "warning")
    assert code == 1
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("15", "14", "0")
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("type") == "warning"


def test_one_testsuite_per_file_and_unreadable_files_are_errors(articles: Path) -> None:
    code, root, _ = junit()
    assert code == 2
    suites = [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors"))
              for s in root.findall("testsuite")]
    assert suites == [("my articles/broken.md", "1", "0", "1"),
                      ("my articles/hip-replacement.md", "14", "0", "0"),
                      ("my articles/knee-arthroscopy.md", "1", "0", "0")]
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message", "").startswith("not valid UTF-8")
    clean = root.findall("testsuite")[2].find("testcase")
    assert clean is not None and clean.get("name") == "no problems"


def test_valid_against_the_xunit_schema_without_the_gitlab_attributes(articles: Path) -> None:
    """Jenkins' xunit schema has no `file`/`line` on a testcase; GitLab and GitHub's JUnit
    report actions read them, so they stay, and are stripped here before validating."""
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is in the test extra")
    xsd = xmlschema.XMLSchema10(schema("junit-10.xsd"))
    for args in ((), ("--fail-on", "warning")):
        _, root, text = junit(*args)
        assert not xsd.is_valid(text)  # the GitLab attributes are there
        for case in root.iter("testcase"):
            case.attrib.pop("file", None)
            case.attrib.pop("line", None)
        xsd.validate(ET.tostring(root, encoding="unicode"))


def test_fail_on_never_reports_everything_and_fails_nothing(articles: Path) -> None:
    (articles / "broken.md").unlink()
    (articles / "copy.md").write_text(
        (SAMPLES / "tonsillectomy.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("check", "my articles", "--as-of", "2026-11-24")[0] == 1  # it has errors
    code, root, _ = junit("--fail-on", "never")
    assert code == 0
    assert (root.get("failures"), root.get("errors")) == ("0", "0")
    outs = [t.text or "" for t in root.iter("system-out")]
    assert any(" error duplicate-paragraph " in t and t.endswith("(--fail-on never: not a failure)")
               for t in outs)
