"""The audit report in a real headless browser (Debian's chromium).

Renders the report for sample_articles/ plus generated articles and two articles that try
to inject script, opens it from disk in chromium, takes a screenshot and reads the DOM
after the page's own script ran: the charts drew, the table has a row per article, the
report's script works (sorting from a link) and the injected script did not run.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.audit.command import audit
from tests.audit_corpus import write_library
from tests.conftest import AS_OF, SAMPLES
from tests.test_audit import INJECTED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it)",
)
WINDOW = (1280, 2000)
GENERATED = 30
REPORT_TITLE = f"Health library audit ({AS_OF.isoformat()})"
#: everything that could reach the network or leave state behind is off
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio")


@dataclass(frozen=True)
class Rendered:
    report: Path
    articles: int
    tmp: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    tmp = tmp_path_factory.mktemp("audit-browser")
    library = tmp / "library"
    shutil.copytree(SAMPLES, library / "samples")
    write_library(library / "generated", GENERATED)
    (library / "injected.txt").write_text(INJECTED, encoding="utf-8")
    (library / "injected-copy.txt").write_text(INJECTED.replace("January", "February"),
                                               encoding="utf-8")
    articles = sum(1 for p in library.rglob("*") if p.suffix in (".md", ".txt"))
    report = tmp / "report.html"
    result = CliRunner().invoke(audit, [str(library), "-o", str(report), "--as-of",
                                        AS_OF.isoformat(), "-j", "1"])
    assert result.exit_code == 0, result.output
    yield Rendered(report, articles, tmp)


def chromium(rendered: Rendered, *args: str, fragment: str = "") -> str:
    profile = rendered.tmp / f"profile-{len(list(rendered.tmp.glob('profile-*')))}"
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args,
         rendered.report.as_uri() + fragment],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def dom(rendered: Rendered) -> str:
    return chromium(rendered, "--dump-dom")


def article_rows(dom: str) -> list[list[str]]:
    """The `data-sort` value (else the text) of each cell, for each row of the articles table."""
    body = re.search(r'<table id="articles-table".*?<tbody>(.*?)</tbody>', dom, re.DOTALL)
    assert body is not None
    rows = []
    for row in re.findall(r"<tr\b.*?</tr>", body.group(1), re.DOTALL):
        cells = []
        for attributes, text in re.findall(r"<td([^>]*)>(.*?)</td>", row, re.DOTALL):
            sort = re.search(r'data-sort="([^"]*)"', attributes)
            cells.append(sort.group(1) if sort else text.strip())
        rows.append(cells)
    return rows


def test_charts_rendered_as_non_empty_svg(dom: str) -> None:
    charts = re.findall(r'<svg class="chart".*?</svg>', dom, re.DOTALL)
    assert len(charts) == 5
    for chart in charts:
        assert len(re.findall(r'<rect class="(?:bar|over|missing|sev-\w+)"', chart)) >= 3


def test_table_has_one_row_per_article(dom: str, rendered: Rendered) -> None:
    assert rendered.articles == len(list(SAMPLES.glob("*.[mt][dx]*"))) + GENERATED + 2
    assert len(article_rows(dom)) == rendered.articles
    # the report's own script ran under its Content-Security-Policy
    assert re.search(r'<table id="articles-table"[^>]*data-ready="true"', dom)


def test_injected_script_did_not_run(dom: str) -> None:
    assert f"<title>{REPORT_TITLE}</title>" in dom
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and "data-pwned" not in body.group()
    assert "<img" not in dom
    assert len(re.findall(r"<script\b", dom)) == 1  # only the report's own
    # the article's markup is on the page as text
    assert "Wrist Care &lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\"&gt;" in dom


def test_a_link_can_sort_the_table(rendered: Rendered) -> None:
    dom = chromium(rendered, "--dump-dom", fragment="#sort=-errors")
    assert re.search(r'<th data-key="errors"[^>]*aria-sort="descending"', dom)
    rows = article_rows(dom)
    assert len(rows) == rendered.articles
    errors = [int(row[3]) for row in rows]
    assert errors == sorted(errors, reverse=True) and errors[0] > errors[-1]


def test_screenshot(rendered: Rendered) -> None:
    shot = rendered.tmp / "report.png"
    chromium(rendered, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == WINDOW
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes
