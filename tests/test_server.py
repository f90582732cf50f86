"""`healthlint server` end to end: a real LSP client (pytest-lsp) drives the server over stdio.

Each test starts `python -m linter server` as a subprocess and talks JSON-RPC to it, as an
editor does: initialize, open, change, code actions, apply, hover, close, shutdown.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed: pip install 'healthlint[server]'")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (the test extra)")

from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

from linter import rule_url  # noqa: E402
from linter.output.fixes import fix_bytes  # noqa: E402
from tests.conftest import AS_OF, SAMPLES, SEED, lint_text, run_cli  # noqa: E402
from tests.lsp_helpers import (  # noqa: E402
    PUBLISHED,
    REGISTERED,
    SERVER,
    apply_edits,
    change_document,
    code_point_column,
    encoding_of,
    initialize,
    open_document,
    server_config,
    wait_diagnostics,
    wait_published,
)

pytestmark = pytest.mark.asyncio

TONSILS = SAMPLES / "tonsillectomy.md"


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    yield
    await lsp_client.shutdown_session()


def as_cli(text: str, diagnostic: types.Diagnostic, encoding: str) -> dict[str, object]:
    """A diagnostic in the CLI's JSON terms (1-based lines, code-point columns)."""
    severity = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning",
                types.DiagnosticSeverity.Information: "info"}[diagnostic.severity]  # type: ignore[index]
    return {
        "line": diagnostic.range.start.line + 1,
        "column": code_point_column(text, diagnostic.range.start, encoding),
        "end_line": diagnostic.range.end.line + 1,
        "end_column": code_point_column(text, diagnostic.range.end, encoding),
        "rule": diagnostic.code,
        "severity": severity,
        "message": diagnostic.message,
    }


async def test_open_change_fix_close(client: LanguageClient, tmp_path: Path) -> None:
    await initialize(client, tmp_path)
    article = tmp_path / "tonsillectomy.md"
    text = TONSILS.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    uri = article.as_uri()

    open_document(client, uri, text)
    found = await wait_diagnostics(client, uri, 1)
    duplicate = next(d for d in found if d.code == "duplicate-paragraph")
    assert duplicate.range == types.Range(types.Position(54, 0), types.Position(54, 83))
    assert duplicate.message == "This paragraph repeats the one at line 53; delete one copy."
    assert duplicate.severity == types.DiagnosticSeverity.Error
    assert duplicate.source == "healthlint"
    assert duplicate.code_description == types.CodeDescription(rule_url("duplicate-paragraph"))

    # unsaved text (not on disk): the empty section gets content, the problem goes
    edited = text.replace("## Will It Hurt?\n", "## Will It Hurt?\n\nIt hurts for a week or so.\n", 1)
    change_document(client, uri, edited, 2)
    after_change = await wait_diagnostics(client, uri, 2)
    assert "empty-section" not in [d.code for d in after_change]
    assert article.read_text(encoding="utf-8") == text

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(56, 0), types.Position(56, 0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix])))
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    assert titles == ["Fix duplicate-paragraph: delete line 57", "Disable duplicate-paragraph for this line"]
    fix = actions[0]
    assert isinstance(fix, types.CodeAction) and fix.edit is not None and fix.edit.changes is not None
    fixed = apply_edits(edited, fix.edit.changes[uri], encoding_of(client))
    assert fixed == fix_bytes(str(article), edited.encode(), _config(), AS_OF).after.decode()
    assert fixed.count("Children should stay home from school") == 1

    change_document(client, uri, fixed, 3)
    assert "duplicate-paragraph" not in [d.code for d in await wait_diagnostics(client, uri, 3)]

    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await wait_diagnostics(client, uri) == []


def _config():  # type: ignore[no-untyped-def]
    from linter.config import load_config

    return load_config(None)


def _articles() -> list[Path]:
    return sorted(SAMPLES.iterdir())


async def assert_same_as_cli(client: LanguageClient, paths: list[Path]) -> None:
    for path in paths:
        text = path.read_bytes().decode("utf-8")  # as it is: CRLF stays CRLF
        open_document(client, path.as_uri(), text, "markdown" if path.suffix == ".md" else "plaintext")
        found = await wait_diagnostics(client, path.as_uri(), 1)
        code, out, _ = run_cli("check", str(path), "--format", "json", "--as-of", AS_OF.isoformat())
        expected = [{k: v for k, v in p.items() if k != "path"} for p in json.loads(out)["problems"]]
        assert [as_cli(text, d, encoding_of(client)) for d in found] == expected, path.name
        assert code == (1 if any(p["severity"] == "error" for p in expected) else 0)


@pytest.mark.parametrize("editor", ["neovim", "visual_studio_code", "emacs"])
async def test_same_problems_as_the_cli(client: LanguageClient, editor: str) -> None:
    """Every sample article: what the editor shows == what `healthlint check` prints.

    Neovim's capabilities offer UTF-8 positions, VS Code's and Emacs' UTF-16 (the default).
    """
    await initialize(client, SAMPLES.parent, capabilities=editor)
    articles = sorted(SAMPLES.iterdir())
    assert len(articles) >= 6
    await assert_same_as_cli(client, articles)
    if editor == "visual_studio_code":  # it can watch files for the server
        assert [(r.method, r.register_options) for r in REGISTERED[id(client)]] == [(
            "workspace/didChangeWatchedFiles",
            {"watchers": [{"globPattern": "**/.healthlint.yaml"}, {"globPattern": "**/.healthlint.yml"}]})]


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article (../shared/seed) is not on this machine")
async def test_seed_same_problems_as_the_cli(client: LanguageClient) -> None:
    await initialize(client, SEED.parent)
    await assert_same_as_cli(client, sorted(SEED.parent.glob("*.txt")))


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article (../shared/seed) is not on this machine")
async def test_seed_quick_fixes_and_fix_all(client: LanguageClient) -> None:
    await initialize(client)
    text = SEED.read_text(encoding="utf-8")
    uri = SEED.as_uri()
    open_document(client, uri, text, "plaintext")
    await wait_diagnostics(client, uri, 1)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(0, 0), types.Position(len(text.splitlines()), 0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.kind == "source.fixAll.healthlint"
    assert action.edit is not None and action.edit.changes is not None
    expected = fix_bytes(str(SEED), text.encode(), _config(), AS_OF)
    assert apply_edits(text, action.edit.changes[uri], encoding_of(client)) == expected.after.decode()
    assert action.title == f"Fix all healthlint problems in this file ({expected.applied} fixes)"


async def test_hover_shows_the_rules_documentation(client: LanguageClient) -> None:
    await initialize(client)
    text = TONSILS.read_text(encoding="utf-8")
    uri = TONSILS.as_uri()
    open_document(client, uri, text)
    await wait_diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(54, 10)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert value.startswith("**healthlint `duplicate-paragraph`** (error)\n\nThis paragraph repeats")
    assert "Check `duplicate_paragraphs`:" in value
    assert f"[Rule documentation]({rule_url('duplicate-paragraph')})" in value
    nothing = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(1, 0)))
    assert nothing is None


async def test_disable_for_this_line(client: LanguageClient) -> None:
    await initialize(client)
    text = TONSILS.read_text(encoding="utf-8")
    uri = "untitled:Untitled-1"
    open_document(client, uri, text)
    await wait_diagnostics(client, uri, 1)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(54, 3), types.Position(54, 3)),
        context=types.CodeActionContext(diagnostics=[])))
    assert actions is not None
    disable = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Disable"))
    assert disable.edit is not None and disable.edit.changes is not None
    assert list(disable.edit.changes[uri]) == [types.TextEdit(
        types.Range(types.Position(54, 0), types.Position(54, 0)),
        "<!-- healthlint-disable-next-line duplicate-paragraph -->\n")]
    change_document(client, uri, apply_edits(text, disable.edit.changes[uri], encoding_of(client)), 2)
    assert "duplicate-paragraph" not in [d.code for d in await wait_diagnostics(client, uri, 2)]


async def test_config_per_folder_and_its_changes(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "quiet").mkdir()
    config = tmp_path / "quiet" / ".healthlint.yaml"
    config.write_text("extends: procedure\nrules:\n  duplicate-paragraph: off\n", encoding="utf-8")
    await initialize(client, tmp_path)
    text = TONSILS.read_text(encoding="utf-8")
    loud, quiet = (tmp_path / "a.md").as_uri(), (tmp_path / "quiet" / "a.md").as_uri()
    open_document(client, loud, text)
    assert "duplicate-paragraph" in [d.code for d in await wait_diagnostics(client, loud, 1)]
    open_document(client, quiet, text)
    assert "duplicate-paragraph" not in [d.code for d in await wait_diagnostics(client, quiet, 1)]

    # broken: one diagnostic on the config file and a message, the server goes on
    config.write_text("extends: procedure\nrules:\n  duplicate-paragraph: sometimes\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
    on_config = await wait_diagnostics(client, config.as_uri())
    assert [(d.code, d.severity, d.range.start.line) for d in on_config] == \
        [("config-error", types.DiagnosticSeverity.Error, 0)]
    assert "rules.duplicate-paragraph.severity: Input should be 'error', 'warning', 'info' or 'off'" \
        in on_config[0].message
    assert await wait_diagnostics(client, quiet) == []
    await asyncio.sleep(0.2)
    assert any("configuration error" in m.message for m in client.messages)

    # fixed again, announced by saving it in the editor: the error goes, the rule stays off
    config.write_text("extends: procedure\nrules:\n  duplicate-paragraph: off\n  empty-section: off\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri())))
    assert await wait_diagnostics(client, config.as_uri()) == []
    codes = [d.code for d in await wait_diagnostics(client, quiet)]
    assert "duplicate-paragraph" not in codes and "empty-section" not in codes and codes


async def test_options(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "strict.yaml").write_text("extends: procedure\nrules:\n  required-section: off\n", encoding="utf-8")
    await initialize(client, tmp_path, {"configPath": "strict.yaml", "lintOnChange": False,
                                        "asOf": "2040-01-01", "debounceMs": "soon"})
    text = TONSILS.read_text(encoding="utf-8")
    uri = (tmp_path / "a.md").as_uri()
    open_document(client, uri, text)
    found = await wait_diagnostics(client, uri, 1)
    assert "required-section" not in [d.code for d in found]
    review = next(d for d in found if d.code == "review-date")
    assert "years old" in review.message  # as of 2040
    assert [m.message for m in client.messages] == [
        "healthlint: debounceMs must be a number of milliseconds from 0 to 10000, got 'soon'"]

    change_document(client, uri, text + "\n\nMore text.\n", 2)
    with pytest.raises(TimeoutError):
        await wait_diagnostics(client, uri, 2, timeout=1.0)  # lintOnChange: false
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await wait_diagnostics(client, uri, 2)


async def test_too_big_is_refused_and_a_big_one_does_not_block(client: LanguageClient) -> None:
    await initialize(client)
    paragraph = "Rest at home for a day. Drink water and eat soft food when you feel ready.\n\n"
    huge = "# Huge\n\n" + paragraph * (4 * 1024 * 1024 // len(paragraph) + 1)
    open_document(client, "untitled:huge", huge)
    refused = await wait_diagnostics(client, "untitled:huge", 1)
    assert [(d.code, d.message) for d in refused] == [(
        "parse-error", "file is 4.0 MiB; healthlint reads articles up to 4 MiB (split it, or check "
        "that it is an article)")]

    big = "# Big\n\n" + paragraph * (300 * 1024 // len(paragraph))  # over SEPARATE_PROCESS_BYTES
    small = TONSILS.read_text(encoding="utf-8")
    open_document(client, "untitled:big", big)
    started = time.monotonic()
    open_document(client, "untitled:small", small)
    got = [await wait_published(client, {"untitled:big", "untitled:small"}, timeout=60) for _ in range(2)]
    assert [uri for uri, _ in got] == ["untitled:small", "untitled:big"]
    assert time.monotonic() - started < 30
    # the big one (linted in a separate process): the first 1,000 problems and a count of the rest
    shown = PUBLISHED[id(client)][got[1][1]].diagnostics
    expected = lint_text(big).problems
    total = len(expected)
    assert len(shown) == 1001 and total > 1001
    assert (shown[-1].severity, shown[-1].message) == (types.DiagnosticSeverity.Information, (
        f"{total - 1000} more problems are not shown (an editor shows the first 1000); "
        "`healthlint check` lists them all"))
    assert [(d.code, d.range.start.line + 1) for d in shown[:1000]] == [(p.rule, p.line) for p in expected[:1000]]


@pytest_lsp.fixture(config=server_config(sys.executable, str(Path(__file__).with_name("lsp_crashing_server.py"))))
async def crashing(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    yield
    await lsp_client.shutdown_session()


async def test_a_crashing_rule_is_a_diagnostic_and_the_server_goes_on(crashing: LanguageClient) -> None:
    await initialize(crashing)
    text = TONSILS.read_text(encoding="utf-8")
    for number in (1, 2):
        uri = f"untitled:crash-{number}"
        open_document(crashing, uri, text)
        found = await wait_diagnostics(crashing, uri, 1)
        assert [(d.code, d.range.start.line, d.message) for d in found if d.code == "internal-error"] == [
            ("internal-error", 0, "rule readability crashed on this file: RuntimeError: boom; please "
             "report this as a healthlint bug")]
        assert "duplicate-paragraph" in [d.code for d in found]  # the other rules still ran
    hover = await crashing.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier("untitled:crash-1"), types.Position(0, 0)))
    assert hover is not None and "internal-error" in str(hover.contents)


async def test_typing_is_debounced_to_one_lint_of_the_last_text(client: LanguageClient) -> None:
    await initialize(client, options={"debounceMs": 400})
    text = TONSILS.read_text(encoding="utf-8")
    uri = "untitled:typing"
    open_document(client, uri, text)
    await wait_diagnostics(client, uri, 1)
    for version in range(2, 7):  # five keystrokes, well inside the pause
        change_document(client, uri, text.replace("About 30 minutes.", "About 30 minutes." + "!" * version), version)
        await asyncio.sleep(0.02)
    await wait_diagnostics(client, uri, 6)
    assert [p.version for p in PUBLISHED[id(client)] if p.uri == uri] == [1, 6]


@pytest.mark.parametrize("editor", ["neovim", "visual_studio_code"])
async def test_crlf_and_wide_characters_keep_columns_exact(client: LanguageClient, tmp_path: Path,
                                                           editor: str) -> None:
    """CRLF line ends and characters outside the BMP: ranges still match the CLI's columns."""
    await initialize(client, tmp_path, capabilities=editor)
    text = (SAMPLES / "hip-replacement.md").read_text(encoding="utf-8")
    text = text.replace("Hip replacement is frequently", "Hip \U0001f9b4 replacement is frequently")
    text = text.replace("\n", "\r\n")
    article = tmp_path / "hip.md"
    article.write_bytes(text.encode("utf-8"))
    await assert_same_as_cli(client, [article])
    found = client.diagnostics[article.as_uri()]
    frequently = next(d for d in found if d.code == "plain-language" and "frequently" in d.message)
    width = {"utf-8": 4, "utf-16": 2}[encoding_of(client)]  # the emoji before the word
    assert frequently.range.start == types.Position(13, 19 + width + 1)
