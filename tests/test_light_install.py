"""`pip install .` is light: the linter and the audit run without numpy, scipy and datasketch.

Those three are the `audit` extra (the near-duplicate search). These tests run the command in
a fresh interpreter that cannot import them, as after a plain `pip install .`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT, SAMPLES

HEAVY = ("datasketch", "numpy", "scipy")

BLOCKER = f"""\
import sys

class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {HEAVY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, _NotInstalled())
"""


def run_without_extra(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_extra_really_is_missing_in_these_runs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_without_extra(tmp_path, "--version")
    done = subprocess.run([sys.executable, "-c", "import numpy"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)}, check=False)
    assert "No module named 'numpy'" in done.stderr


def test_check_runs_without_the_audit_extra(tmp_path: Path) -> None:
    done = run_without_extra(tmp_path, "check", str(SAMPLES), "--as-of", AS_OF.isoformat(),
                             "--format", "concise")
    assert done.returncode == 1, done.stderr
    assert done.stdout.endswith("9 files checked: 8 errors, 42 warnings, 1 info\n")
    assert done.stderr == ""


def test_audit_writes_its_reports_and_says_what_to_install(tmp_path: Path) -> None:
    done = run_without_extra(tmp_path, "audit", str(SAMPLES), "-o", "r.html", "--json", "a.json",
                             "--csv", "a.csv", "--as-of", AS_OF.isoformat(), "-j", "1")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "healthlint: near-duplicate paragraphs not searched: it needs the audit extra "
        "(datasketch and numpy; numpy is not installed): pip install 'healthlint[audit]'\n")
    assert done.stdout.startswith("9 articles audited:")
    assert "near-duplicates not searched. Report: r.html" in done.stdout
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Not searched: it needs the audit extra (datasketch and numpy" in html
    assert "pip install &#39;healthlint[audit]&#39;" in html
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 9 and data["duplicates"] == []
    assert data["summary"]["duplicates_searched"] is False
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").count("\n") == 10


def test_with_the_extra_the_search_runs(tmp_path: Path) -> None:
    pytest.importorskip("datasketch", reason="the test extra installs the audit extra")
    from click.testing import CliRunner

    from linter.audit.command import audit

    result = CliRunner().invoke(audit, [str(SAMPLES), "-o", str(tmp_path / "r.html"), "--json",
                                        str(tmp_path / "a.json"), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0
    assert json.loads((tmp_path / "a.json").read_text())["summary"]["duplicates_searched"] is True


def test_the_heavy_packages_are_only_in_the_audit_and_test_extras() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].strip().lower() for dep in project["dependencies"]}
    assert not names & set(HEAVY)
    extras = project["optional-dependencies"]
    assert {"datasketch", "numpy"} <= {d.split(">")[0] for d in extras["audit"]}
    assert {"datasketch", "numpy"} <= {d.split(">")[0] for d in extras["test"]}
