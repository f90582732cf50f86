"""A real editor: headless Neovim attaches `healthlint server` to a Markdown buffer.

The Lua side (tests/nvim/) opens a bad article, reads `vim.diagnostic.get()` back, asks for
the code actions on the duplicate paragraph and applies the quick fix, as a writer would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.config import load_config
from linter.output.fixes import fix_bytes
from tests.conftest import AS_OF, SAMPLES, run_cli

pytest.importorskip("pygls", reason="the server extra is not installed: pip install 'healthlint[server]'")
NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(
    NVIM is None, reason="Neovim is not installed (Debian: apt-get install -y neovim; .ci/run installs it)")
HERE = Path(__file__).resolve().parent / "nvim"
ARTICLE = SAMPLES / "tonsillectomy.md"


def run_nvim(tmp_path: Path, article: Path, init: Path = HERE / "init.lua") -> dict[str, object]:
    out = tmp_path / "result.json"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "HEALTHLINT_SERVER": f"{sys.executable} -m linter server",
           "HEALTHLINT_AS_OF": AS_OF.isoformat(), "HEALTHLINT_OUT": str(out),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    assert NVIM is not None
    subprocess.run([NVIM, "--headless", "-i", "NONE", "-n", "-u", str(init), str(article),
                    "-c", f"luafile {HERE / 'check.lua'}"],
                   cwd=tmp_path, env=env, timeout=120, check=True, capture_output=True)
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_neovim_shows_the_problems_and_applies_a_quick_fix(tmp_path: Path) -> None:
    article = tmp_path / ARTICLE.name
    shutil.copyfile(ARTICLE, article)
    result = run_nvim(tmp_path, article)
    assert result["error"] is None, result["error"]

    _, out, _ = run_cli("check", str(article), "--format", "json", "--as-of", AS_OF.isoformat())
    severities = {"error": 1, "warning": 2, "info": 3}
    expected = [{"line": p["line"], "col": p["column"], "end_line": p["end_line"],
                 "end_col": p["end_column"], "severity": severities[p["severity"]], "code": p["rule"],
                 "message": p["message"], "source": "healthlint"}
                for p in json.loads(out)["problems"]]
    assert result["before"] == expected

    assert result["titles"] == ["Fix duplicate-paragraph: delete line 55",
                                "Disable duplicate-paragraph for this line"]
    fixed = fix_bytes(str(article), ARTICLE.read_bytes(), load_config(None), AS_OF)
    assert "\n".join(result["lines"]) + "\n" == fixed.after.decode()  # type: ignore[arg-type]
    assert [d for d in result["after"] if d["code"] == "duplicate-paragraph"] == []  # type: ignore[union-attr, index]
    assert article.read_bytes() == ARTICLE.read_bytes()  # the buffer changed, not the file


@pytest.mark.skipif(shutil.which("healthlint", path=str(Path(sys.executable).parent)) is None,
                    reason="the healthlint command is not installed next to this Python")
def test_the_readme_snippet_for_neovim_attaches(tmp_path: Path) -> None:
    """editors/neovim/healthlint.lua as a user sources it: `healthlint server` from PATH."""
    article = tmp_path / ARTICLE.name
    shutil.copyfile(ARTICLE, article)
    init = tmp_path / "init.lua"
    snippet = Path(__file__).resolve().parent.parent / "editors" / "neovim" / "healthlint.lua"
    init.write_text(f'vim.cmd("filetype on")\ndofile("{snippet}")\n', encoding="utf-8")
    result = run_nvim(tmp_path, article, init)
    assert result["error"] is None, result["error"]
    assert "duplicate-paragraph" in [d["code"] for d in result["before"]]  # type: ignore[index, union-attr]
    assert result["titles"] == ["Fix duplicate-paragraph: delete line 55",
                                "Disable duplicate-paragraph for this line"]
