"""`healthlint audit`: per-article figures, near-duplicates across articles, exports, exit codes.

The command object is invoked directly (linter/audit/command.py); the browser tests are in
tests/test_audit_browser.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from linter.analysis.similarity import comparable_words, shingles
from linter.audit.collect import FIELDS, Paragraph
from linter.audit.command import audit
from linter.audit.duplicates import DiffPart, find_duplicates, word_diff
from linter.audit.sketch import BAND_SEED, SketchSettings, sketch
from linter.config import load_config
from linter.engine import lint_file
from tests.audit_corpus import write_library
from tests.conftest import AS_OF
from tests.support.corpus import generate_article

EMERGENCY = "If you think you have an emergency, call for medical help right away."
PLANTED = (
    "Wash your hands before you touch the bandage, and change it each day until the cut has "
    "closed. Keep it dry when you bathe by covering it with a plastic bag held by tape."
)
#: the same paragraph, slightly edited in two other articles
PLANTED_EDITS = {
    7: PLANTED,
    23: PLANTED.replace("each day", "every day"),
    41: PLANTED.replace("plastic bag", "clean plastic bag").replace(
        "until the cut has closed", "until the wound closes"),
}
#: shares one sentence with the planted paragraph, but says something else: not a copy
COUSIN = (
    "Wash your hands before you touch the bandage, and change it each day until the cut has "
    "closed. Your nurse will show you how to fold the gauze and where to buy more of it."
)

SIMPLE = """\
---
title: Splint Care
reviewed: 2025-06-01
---

# Splint Care

A splint keeps a hurt bone still. It helps the bone heal. You wear it for a few weeks.
Keep it dry. Do not push things under it. Call us if your fingers turn blue or cold.

## References

- Splints at home. Bone Care website. Available at: https://bones.example.org/splint. Updated May 2024. Accessed June 2, 2024.
- Lee A, Park J. Casts and splints in children. J Bone Care. 2009;12(3):45-51.
"""

HARD = """\
by Dana Whitfield, RN

Arthroscopic Meniscectomy

Arthroscopic partial meniscectomy constitutes a minimally invasive intervention whereby
degenerative or traumatically disrupted meniscal fibrocartilage is resected utilizing
specialized instrumentation introduced percutaneously through portals, consequently
facilitating symptomatic amelioration and functional rehabilitation.

Revision Information

Reviewed by Luis Ortega, MD. Last reviewed: March 3, 2021.
"""

#: a plain-text export keeps markup characters as text: they reach the report verbatim
INJECTED = """\
Wrist Care <script>document.title='PWNED'</script>

Rest your wrist <img src=x onerror="document.body.setAttribute('data-pwned','yes')"> as often as you can during the first two weeks after the splint comes off.

Revision Information

Last reviewed: January 5, 2026
"""


def run_audit(*args: str) -> Result:
    return CliRunner().invoke(audit, [*args, "--as-of", AS_OF.isoformat(), "-j", "1"])


def audit_json(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "audit.json"
    result = run_audit(*args, "-o", str(tmp_path / "report.html"), "--json", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


# ----------------------------------------------------------------------------- duplicates


def test_a_paragraph_planted_in_3_of_50_articles_is_one_group_of_exactly_those_3(
    tmp_path: Path,
) -> None:
    paths = write_library(tmp_path / "library", 50, {**PLANTED_EDITS, 12: COUSIN})
    data = audit_json(tmp_path, str(tmp_path / "library"))
    groups = [g for g in data["duplicates"] if g["variants"][0]["text"] != EMERGENCY]
    assert len(groups) == 1, [g["variants"][0]["text"] for g in groups]
    group = groups[0]
    copies = sorted((c["path"], c["line"]) for v in group["variants"] for c in v["copies"])
    planted_paths = sorted(str(paths[i]) for i in PLANTED_EDITS)
    assert [path for path, _ in copies] == planted_paths
    for path, line in copies:  # each copy is located at the planted paragraph's line
        assert Path(path).read_text(encoding="utf-8").splitlines()[line - 1].startswith("Wash your")
    assert group["articles"] == 3 and group["copies"] == 3
    # three wordings; each edited one is shown as a word diff from the most common one
    diffs = {tuple((d["op"], d["text"]) for d in v["diff"] if d["op"] != "same")
             for v in group["variants"][1:]}
    assert diffs == {
        (("removed", "each"), ("added", "every")),
        (("removed", "cut has closed."), ("added", "wound closes."), ("added", "clean")),
    }
    # the only other group is the emergency statement every article carries word for word
    boilerplate = [g for g in data["duplicates"] if g["variants"][0]["text"] == EMERGENCY]
    assert [(g["articles"], len(g["variants"])) for g in boilerplate] == [(50, 1)]


def test_copies_within_one_article_are_not_a_library_group() -> None:
    text = "Keep the bandage dry for two days and change it when it gets wet or dirty."
    same_article = [Paragraph("a.md", 3, text), Paragraph("a.md", 9, text)]
    assert find_duplicates(same_article) == []
    groups = find_duplicates([*same_article, Paragraph("b.md", 5, text.upper())])
    assert [(g.articles, g.copies, g.drifted) for g in groups] == [(("a.md", "b.md"), 3, False)]


def test_paragraphs_below_the_similarity_are_not_grouped() -> None:
    first = Paragraph("a.md", 1, PLANTED)
    assert find_duplicates([first, Paragraph("b.md", 1, COUSIN)]) == []
    assert len(find_duplicates([first, Paragraph("b.md", 1, COUSIN)], similarity=0.3)) == 1


def test_drifted_groups_come_before_identical_ones() -> None:
    paragraphs = [Paragraph(f"{n}.md", 1, EMERGENCY + " Stay calm and wait.") for n in range(5)]
    paragraphs += [Paragraph("x.md", 2, PLANTED), Paragraph("y.md", 2, PLANTED_EDITS[23])]
    groups = find_duplicates(paragraphs)
    assert [(len(g.articles), g.drifted) for g in groups] == [(2, True), (5, False)]


def test_sketches_are_datasketch_minhash_bit_for_bit() -> None:
    # The workers sign all of an article's paragraphs in one numpy pass; the digests,
    # shingle hashes and LSH band keys must be those of one datasketch MinHash per
    # paragraph (as the main process made them before), or the groups would change.
    np = pytest.importorskip("numpy")
    datasketch = pytest.importorskip("datasketch")
    texts = [PLANTED, COUSIN, EMERGENCY, *PLANTED_EDITS.values(), "Rest.", "Rest rest rest.", "",
             *(block for block in generate_article(3).text.split("\n\n") if block.strip())]
    settings = SketchSettings(0.7, 2)
    sketches = sketch(settings, "a.md", list(enumerate(texts, 1)))
    lsh = datasketch.MinHashLSH(threshold=0.5, num_perm=128)
    multipliers = np.random.RandomState(BAND_SEED).randint(
        0, 2**63, size=lsh.r, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    digests, hashes, keys, masks = [], [], [], []
    for text in texts:
        tokens = comparable_words(text)
        digests.append(hashlib.blake2b(" ".join(tokens).encode(), digest_size=16).digest())
        encoded = [s.encode("utf-8") for s in shingles(tokens, 2)]
        hashes.extend(sorted({zlib.crc32(s) for s in encoded}))
        mask = sum({1 << (zlib.crc32(s) % 128) for s in encoded})
        masks.append(array("Q", [mask & (2**64 - 1), mask >> 64]).tobytes())
        signature = datasketch.MinHash(num_perm=128, scheme="affine32", hashfunc=zlib.crc32)
        signature.update_batch(encoded)
        values = signature.hashvalues[: lsh.b * lsh.r].astype(np.uint64)
        keys.append((values.reshape(lsh.b, lsh.r) * multipliers).sum(axis=1).tobytes())
    assert len(texts) > 20 and sketches.lines == tuple(range(1, len(texts) + 1))
    assert sketches.digests == b"".join(digests)
    assert sketches.shingles == array("I", hashes).tobytes()
    assert sketches.band_keys == b"".join(keys)
    assert sketches.masks == b"".join(masks)


def test_a_parallel_audit_is_the_serial_one_and_its_main_process_loads_no_datasketch(
    tmp_path: Path,
) -> None:
    pytest.importorskip("datasketch")
    library = tmp_path / "library"
    write_library(library, 12, {3: PLANTED, 5: PLANTED, 8: PLANTED_EDITS[23],
                                10: PLANTED_EDITS[41]})
    runner = (
        "import sys\n"
        "from linter.cli import main\n"
        "try:\n"
        "    main.main(sys.argv[1:], prog_name='healthlint')\n"
        "finally:\n"
        "    print('datasketch' in sys.modules, 'scipy' in sys.modules)\n"
    )
    outputs = {}
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", runner, "audit", str(library), "-o", str(tmp_path / f"{jobs}.html"),
             "--json", str(tmp_path / f"{jobs}.json"), "--as-of", AS_OF.isoformat(), "-j", jobs],
            capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        outputs[jobs] = done.stdout.splitlines()[-1]
    # the workers sketch the paragraphs: the main process only sorts and compares them
    assert outputs == {"1": "True True", "2": "False False"}
    for ext in ("json", "html"):
        assert (tmp_path / f"1.{ext}").read_bytes() == (tmp_path / f"2.{ext}").read_bytes()
    data = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))
    planted = [g for g in data["duplicates"] if g["variants"][0]["text"] == PLANTED]
    assert [(g["copies"], len(g["variants"])) for g in planted] == [(4, 3)]


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("Call us at 555-0100 before noon.", "Call us at 555-0199 before noon today.") == (
        DiffPart("same", "Call us at"),
        DiffPart("removed", "555-0100"),
        DiffPart("added", "555-0199"),
        DiffPart("same", "before"),
        DiffPart("removed", "noon."),
        DiffPart("added", "noon today."),
    )


# ----------------------------------------------------------------------------- figures


@pytest.fixture()
def small_library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    (library / "splint-care.md").write_text(SIMPLE, encoding="utf-8")
    (library / "meniscectomy.txt").write_text(HARD, encoding="utf-8")
    return library


def test_csv_has_the_figures_of_every_article(small_library: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    result = run_audit(str(small_library), "-o", str(tmp_path / "r.html"), "--csv", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == FIELDS
    by_title = {row["title"]: row for row in rows}
    assert sorted(by_title) == ["Arthroscopic Meniscectomy", "Splint Care"]
    splint, hard = by_title["Splint Care"], by_title["Arthroscopic Meniscectomy"]
    # review date: front matter `reviewed:` / a "Last reviewed:" line; ages from --as-of
    assert (splint["last_review"], splint["review_age_years"]) == ("2025-06-01", "1.5")
    assert (hard["last_review"], hard["review_age_years"]) == ("2021-03-03", "5.7")
    # the oldest reference is dated by its newest date; the 2009 journal article is oldest
    assert (splint["oldest_reference_year"], splint["reference_age_years"]) == ("2009", "17")
    assert (splint["references"], hard["oldest_reference_year"]) == ("2", "")
    assert float(hard["grade"]) > 16 > 8 > float(splint["grade"])
    # the grade is the one the readability rule reports
    message = next(p.message for p in lint_file(hard["path"], load_config(None), AS_OF).problems
                   if p.rule == "readability" and p.message.startswith("The prose reads"))
    assert message.startswith(f"The prose reads at grade {float(hard['grade']):g} (")
    # problem counts are the counts `healthlint check` reports for the same file
    config = load_config(None)
    for row in rows:
        problems = lint_file(row["path"], config, AS_OF).problems
        counted = [int(row[k]) for k in ("errors", "warnings", "infos")]
        assert counted == [sum(p.severity.value == s for p in problems)
                           for s in ("error", "warning", "info")]


def test_json_has_summary_articles_with_problems_and_duplicates(
    small_library: Path, tmp_path: Path
) -> None:
    data = audit_json(tmp_path, str(small_library))
    assert data["as_of"] == AS_OF.isoformat()
    summary = data["summary"]
    assert summary["articles"] == 2
    assert summary["target_grade"] == 8  # the readability rule's target_grade
    assert (summary["review_policy_years"], summary["reference_policy_years"]) == (3, 5)
    assert summary["overdue_reviews"] == 1 and summary["stale_references"] == 1
    hard = next(a for a in data["articles"] if a["path"].endswith("meniscectomy.txt"))
    assert {"review-date", "readability"} <= {p["rule"] for p in hard["problems"]}
    assert hard["warnings"] == sum(p["severity"] == "warning" for p in hard["problems"])
    assert summary["problems"]["warning"] == sum(a["warnings"] for a in data["articles"])
    assert data["duplicates"] == []


def test_an_unreadable_article_is_a_failed_row_not_a_crash(small_library: Path, tmp_path: Path) -> None:
    (small_library / "empty.md").write_text("", encoding="utf-8")
    (small_library / "binary.txt").write_bytes(b"\x00\x01\x02")
    data = audit_json(tmp_path, str(small_library))
    failed = {Path(a["path"]).name: a for a in data["articles"] if a["failed"]}
    assert sorted(failed) == ["binary.txt", "empty.md"]
    empty = failed["empty.md"]
    assert (empty["title"], empty["errors"], empty["grade"], empty["last_review"]) == ("empty", 1, None, None)
    assert [p["message"] for p in empty["problems"]] == ["file is empty; an article needs a title and text"]


def test_options_override_the_policies_of_the_rules(small_library: Path, tmp_path: Path) -> None:
    data = audit_json(tmp_path, str(small_library), "--target-grade", "6", "--review-years", "1",
                      "--reference-years", "20")
    summary = data["summary"]
    assert (summary["target_grade"], summary["review_policy_years"]) == (6, 1)
    assert (summary["overdue_reviews"], summary["stale_references"]) == (2, 0)


# ----------------------------------------------------------------------------- exit codes


def test_exit_0_whatever_it_finds_unless_fail_on(small_library: Path, tmp_path: Path) -> None:
    report = str(tmp_path / "r.html")
    assert run_audit(str(small_library), "-o", report).exit_code == 0
    assert run_audit(str(small_library), "-o", report, "--fail-on", "error").exit_code == 1


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    paths = write_library(tmp_path / "library", 3)
    config = load_config(None)
    severities = {p.severity.value for f in paths for p in lint_file(str(f), config, AS_OF).problems}
    assert severities == {"warning"}  # complete articles, with warnings only
    report = str(tmp_path / "r.html")
    result = run_audit(str(tmp_path / "library"), "-o", report, "--fail-on", "error")
    assert result.exit_code == 0
    assert result.stdout.startswith("3 articles audited: 0 errors,")
    assert run_audit(str(tmp_path / "library"), "-o", report, "--fail-on", "warning").exit_code == 1


def test_no_articles_is_an_error(tmp_path: Path) -> None:
    result = run_audit(str(tmp_path), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert result.stderr == f"healthlint: no articles (.md, .txt) in {tmp_path}\n"
    assert not (tmp_path / "r.html").exists()


# ----------------------------------------------------------------------------- progress


def test_no_progress_bar_when_stderr_is_not_a_terminal(small_library: Path, tmp_path: Path) -> None:
    result = run_audit(str(small_library), "-o", str(tmp_path / "r.html"))
    assert result.stderr == ""
    config = load_config(None)
    problems = [p for f in sorted(small_library.iterdir()) for p in lint_file(str(f), config, AS_OF).problems]
    errors = sum(p.severity.value == "error" for p in problems)
    warnings = sum(p.severity.value == "warning" for p in problems)
    assert result.stdout == (
        f"2 articles audited: {errors} errors, {warnings} warnings; 0 % pass; "
        f"0 near-duplicate paragraph groups. Report: {tmp_path / 'r.html'}\n"
    )


def test_progress_bar_on_request(small_library: Path, tmp_path: Path) -> None:
    result = run_audit(str(small_library), "-o", str(tmp_path / "r.html"), "--progress")
    assert "Auditing articles" in result.stderr
    assert "Auditing" not in result.stdout


# ----------------------------------------------------------------------------- HTML


def test_article_text_is_escaped_in_the_report(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "wrist.txt").write_text(INJECTED, encoding="utf-8")
    (library / "wrist-copy.txt").write_text(INJECTED.replace("January", "February"),
                                            encoding="utf-8")
    html = _render(tmp_path, library)
    assert "<script>document.title" not in html
    # in the table, the charts and the near-duplicate group (the paragraph is in both)
    assert html.count("Wrist Care &lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;") >= 4
    assert html.count("&lt;img src=x onerror=&#34;document.body.setAttribute(") == 1
    assert "<img" not in html
    assert len(re.findall(r"<script\b", html)) == 1  # the report's own, allowed by hash


def test_report_is_self_contained(small_library: Path, tmp_path: Path) -> None:
    html = _render(tmp_path, small_library)
    assert re.findall(r"""\b(?:src|href|action)\s*=\s*["']?[^#"'\s]""", html) == []
    assert "<link" not in html and "@import" not in html and "url(" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None and "default-src 'none'" in csp.group(1)


def test_report_table_has_a_row_per_article_and_their_problems(
    small_library: Path, tmp_path: Path
) -> None:
    html = _render(tmp_path, small_library)
    rows = re.findall(r'<tr id="a-\d+"', html)
    assert len(rows) == 2
    assert html.count('<svg class="chart"') == 5
    assert "No review date" not in html  # both have one
    assert "Last review March 3, 2021 is 5 years old" in html


def _render(tmp_path: Path, library: Path) -> str:
    report = tmp_path / "report.html"
    result = run_audit(str(library), "-o", str(report))
    assert result.exit_code == 0, result.output
    return report.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- console script


def test_console_script_runs_the_audit(small_library: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-m", "linter", "audit", str(small_library), "-o", str(report),
         "--as-of", AS_OF.isoformat()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress bar
    assert done.stdout.startswith("2 articles audited:")
    assert report.read_text(encoding="utf-8").count('<tr id="a-') == 2
