"""The language server: documents in, diagnostics out, on the same engine as the CLI.

- Lints `.md`, `.markdown` and `.txt` documents (and untitled Markdown or plain-text
  buffers) on open, on save, and while the writer types (after `debounceMs` without a
  change), always from the editor's text, never the file on disk; clears them on close.
- Lints in worker threads (a document over SEPARATE_PROCESS_BYTES in a separate process): a
  huge document does not hold up the others, and a result for text that has changed since
  is dropped, never shown.
- A `.healthlint.yaml` that changes (saved in the editor or reported by the client's file
  watcher) re-lints every open document; a broken one is one diagnostic on that file and a
  message, never a crash.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from linter import __version__
from linter.config import CONFIG_NAMES, Config, ConfigError
from linter.engine import ARTICLE_SUFFIXES, INTERNAL_ERROR, MAX_FILE_BYTES, FileResult
from linter.model.problems import Problem, Severity
from linter.server import actions
from linter.server.convert import SOURCE, Lines, contains, diagnostics, hover_text
from linter.server.settings import ConfigCache, Options, config_file_for, parse_options
from linter.server.worker import MAX_DIAGNOSTICS, lint_for_editor, lint_lean

#: Above this size a document is linted on open and save only, not on every pause in
#: typing, and gets no "fix all": a 4 MiB file takes seconds of CPU per lint (README,
#: "Performance and robustness").
LIVE_LINT_MAX_CHARS = 1024 * 1024
#: Above this size a document is linted in a separate process: its seconds of parsing (and
#: of garbage collection) cannot slow the lints of the other documents.
SEPARATE_PROCESS_BYTES = 256 * 1024
LINT_THREADS = 2
logger = logging.getLogger(__name__)
_CONFIG_WHERE = re.compile(r":(\d+):(\d+): ")


@dataclass(frozen=True, slots=True)
class Linted:
    """One lint of one version of a document's text."""

    version: int | None
    text: str
    lines: Lines
    result: FileResult
    config: Config | None


@dataclass(frozen=True, slots=True)
class _Outcome:
    result: FileResult
    config: Config | None
    config_file: Path | None
    config_error: ConfigError | None = None
    lines: Lines | None = None
    diagnostics: tuple[types.Diagnostic, ...] = ()
    #: problems found but not shown (over MAX_DIAGNOSTICS)
    hidden: int = 0


class HealthlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("healthlint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.options = Options()
        self.option_errors: list[str] = []
        self.configs = ConfigCache()
        self.pool = ThreadPoolExecutor(max_workers=LINT_THREADS, thread_name_prefix="healthlint")
        self._processes: ProcessPoolExecutor | None = None
        self.open: set[str] = set()
        self._lock = threading.Lock()
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.linted: dict[str, Linted] = {}
        #: config file URI -> the error shown for it (one diagnostic, one message)
        self.config_errors: dict[str, str] = {}

    # ------------------------------------------------------------------ documents

    @property
    def root(self) -> Path | None:
        path = self.workspace.root_path
        return Path(path) if path else None

    def document(self, uri: str) -> TextDocument | None:
        return self.workspace.get_text_document(uri) if uri in self.open else None

    def lint_path(self, doc: TextDocument) -> str | None:
        """The path the engine sees (its suffix picks the format), or None: not an article."""
        if to_fs_path(doc.uri) is not None and doc.uri.startswith("file:"):
            path = doc.path
            return path if path.lower().endswith(ARTICLE_SUFFIXES) else None
        name = Path(doc.path).name or "untitled"
        if name.lower().endswith(ARTICLE_SUFFIXES):
            return name
        if doc.language_id == "markdown":
            return f"{name}.md"
        if doc.language_id == "plaintext":
            return f"{name}.txt"
        return None

    def schedule(self, uri: str, delay_ms: int) -> None:
        """Lint the document after `delay_ms`, replacing a lint that has not started yet."""
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay_ms))

    async def _later(self, uri: str, delay_ms: int) -> None:
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        await self.lint(uri)

    async def lint(self, uri: str) -> Linted | None:
        """Lint the document's current text and publish the diagnostics (if still current)."""
        doc = self.document(uri)
        if doc is None or (path := self.lint_path(doc)) is None:
            return None
        version, text = doc.version, doc.source
        is_file = doc.uri.startswith("file:")
        outcome = await asyncio.get_running_loop().run_in_executor(
            self.pool, self._lint_text, path, text, is_file)
        current = self.document(uri)
        if current is None or current.version != version or current.source != text:
            return None  # the text changed while it was linted: a newer lint is on its way
        self._report_config(outcome)
        lines = outcome.lines or Lines.of(text, self.workspace.position_codec.client_num_units)
        linted = Linted(version, text, lines, outcome.result, outcome.config)
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=list(outcome.diagnostics), version=version))
        return linted

    def _lint_text(self, path: str, text: str, is_file: bool) -> _Outcome:
        """In a worker thread: find the config, lint the text, make the diagnostics. Never raises."""
        outcome = self._outcome(path, text, is_file)
        lines = Lines.of(text, self.workspace.position_codec.client_num_units)
        shown = diagnostics(outcome.result.problems, lines)
        if outcome.hidden:
            shown.append(types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)), source=SOURCE,
                severity=types.DiagnosticSeverity.Information,
                message=f"{outcome.hidden} more problems are not shown (an editor shows the first "
                        f"{MAX_DIAGNOSTICS}); `healthlint check` lists them all"))
        return replace(outcome, lines=lines, diagnostics=tuple(shown))

    def _outcome(self, path: str, text: str, is_file: bool) -> _Outcome:
        config_file = None
        try:
            config_file = config_file_for(Path(path) if is_file else None, self.options, self.root)
            loaded = self.configs.get(config_file)
            if isinstance(loaded, ConfigError):
                return _Outcome(FileResult(path, ()), None, config_file, loaded)
            if is_file and loaded.is_ignored(path):
                return _Outcome(FileResult(path, ()), loaded, config_file)
            data = text.encode("utf-8", "surrogatepass")  # a lone surrogate: a decode error
            if SEPARATE_PROCESS_BYTES < len(data) <= MAX_FILE_BYTES:
                result, hidden = self._in_process(path, data, loaded)
            else:
                result, hidden = lint_for_editor(path, data, loaded, self.options.today())
            return _Outcome(result, loaded, config_file, hidden=hidden)
        except Exception as exc:  # a healthlint bug must not stop the server
            problem = Problem(path, 1, 1, 1, 1, INTERNAL_ERROR, Severity.ERROR,
                              f"healthlint could not lint this document: {type(exc).__name__}: "
                              f"{exc}; please report this as a healthlint bug")
            return _Outcome(FileResult(path, (problem,), True), None, config_file)

    def _in_process(self, path: str, data: bytes, config: Config) -> tuple[FileResult, int]:
        with self._lock:
            if self._processes is None:
                # spawn, not fork: this process has threads
                self._processes = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            processes = self._processes
        try:
            return processes.submit(lint_lean, path, data, config, self.options.today()).result()
        except BrokenProcessPool:
            with self._lock:  # the worker died (killed, out of memory): a new one next time
                if self._processes is processes:
                    self._processes = None
            raise

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document's current text (linting it now if needed)."""
        doc = self.document(uri)
        if doc is None:
            return None
        linted = self.linted.get(uri)
        if linted is not None and linted.version == doc.version and linted.text == doc.source:
            return linted
        return await self.lint(uri)

    def relint_all(self) -> None:
        for uri in sorted(self.open):
            self.schedule(uri, 0)

    def close(self, uri: str) -> None:
        self.open.discard(uri)
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # ------------------------------------------------------------------ config files

    def config_changed(self, paths: list[Path]) -> None:
        """A config file changed on disk: forget loaded configs, check it, re-lint everything."""
        self.configs.clear()
        for path in paths:
            loaded = self.configs.get(path) if path.is_file() else None
            error = loaded if isinstance(loaded, ConfigError) else None
            self._report_config(_Outcome(FileResult(str(path), ()), None, path, error))
        self.relint_all()

    def _report_config(self, outcome: _Outcome) -> None:
        if outcome.config_file is None:
            if outcome.config_error is not None:
                self._show(f"healthlint: configuration error\n{outcome.config_error}")
            return
        uri = from_fs_path(str(outcome.config_file)) or outcome.config_file.as_uri()
        message = str(outcome.config_error) if outcome.config_error is not None else None
        if self.config_errors.get(uri) == message:
            return
        if message is None:
            del self.config_errors[uri]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))
            return
        self.config_errors[uri] = message
        where = _CONFIG_WHERE.search(message)
        line, column = (int(where.group(1)) - 1, int(where.group(2)) - 1) if where else (0, 0)
        position = types.Position(line, column)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, [types.Diagnostic(
            range=types.Range(position, position), message=message,
            severity=types.DiagnosticSeverity.Error, code="config-error", source=SOURCE)]))
        self._show(f"healthlint: configuration error; articles under it are not linted until "
                   f"it is fixed\n{message}")

    def _show(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))


def is_config_file(uri: str) -> bool:
    return uri.rsplit("/", 1)[-1] in CONFIG_NAMES


def create_server() -> HealthlintServer:
    server = HealthlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: HealthlintServer, params: types.InitializeParams) -> None:
        ls.options, ls.option_errors = parse_options(params.initialization_options, ls.root)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: HealthlintServer, params: types.InitializedParams) -> None:
        for error in ls.option_errors:
            ls._show(f"healthlint: {error}", types.MessageType.Warning)
        watch = ls.client_capabilities.workspace
        dynamic = watch is not None and watch.did_change_watched_files is not None and \
            bool(watch.did_change_watched_files.dynamic_registration)
        if dynamic:
            options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES])
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="healthlint-config-watch",
                                       method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=options)]))
            except Exception as exc:  # configs are still re-read when saved in the editor
                logger.warning("the client did not register the config file watcher: %s", exc)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config_file(uri):
            ls.config_changed(_paths([uri]))
            return
        ls.open.add(uri)
        ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.document(uri)
        if doc is not None and ls.options.lint_on_change and len(doc.source) <= LIVE_LINT_MAX_CHARS:
            ls.schedule(uri, ls.options.debounce_ms)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config_file(uri):
            ls.config_changed(_paths([uri]))
        elif uri in ls.open:
            ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
        if params.text_document.uri in ls.open:
            ls.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: HealthlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        changed = [c.uri for c in params.changes if is_config_file(c.uri)]
        if changed:
            ls.config_changed(_paths(changed))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=actions.KINDS))
    async def code_action(ls: HealthlintServer, params: types.CodeActionParams
                          ) -> list[types.CodeAction] | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None or linted.config is None:
            return None
        # in a worker thread: "fix all" lints the fixed text again (not for a huge document:
        # it would lint it in rounds, seconds each)
        return await asyncio.get_running_loop().run_in_executor(
            ls.pool, actions.code_actions, params.text_document.uri, linted.text, linted.result,
            linted.lines, params.range, params.context.only, linted.config, ls.options.today(),
            len(linted.text) <= LIVE_LINT_MAX_CHARS)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        here = [p for p in linted.result.problems if contains(linted.lines.range(p), params.position)]
        if not here:
            return None
        return types.Hover(contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=hover_text(here, linted.config)))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: HealthlintServer, params: Any) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.pool.shutdown(wait=False, cancel_futures=True)
        if ls._processes is not None:
            ls._processes.shutdown(wait=False, cancel_futures=True)

    return server


def _paths(uris: list[str]) -> list[Path]:
    return [Path(p) for uri in uris if (p := to_fs_path(uri)) is not None]


def run() -> None:
    """Serve one client over stdin/stdout until it says exit."""
    create_server().start_io()
