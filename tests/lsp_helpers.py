"""Helpers for the language-server tests: start, initialize, open, wait, apply edits."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.conftest import AS_OF

TIMEOUT = 30.0
#: every publishDiagnostics, in order, per client (pytest-lsp keeps only the latest per URI,
#: and `wait_for_notification` misses one that arrives together with another)
PUBLISHED: dict[int, list[types.PublishDiagnosticsParams]] = {}
_CONSUMED: dict[tuple[int, str], int] = {}


def _record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    PUBLISHED.setdefault(id(client), []).append(params)


#: what the server asked the client to register (VS Code accepts a file watcher)
REGISTERED: dict[int, list[types.Registration]] = {}


def _register(client: LanguageClient, params: types.RegistrationParams) -> None:
    REGISTERED.setdefault(id(client), []).extend(params.registrations)


def recording_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record,
                                   types.CLIENT_REGISTER_CAPABILITY: _register})
    return client


def server_config(*command: str) -> ClientServerConfig:
    return ClientServerConfig(server_command=list(command or (sys.executable, "-m", "linter", "server")),
                              client_factory=recording_client)


SERVER = server_config()


async def initialize(client: LanguageClient, root: Path | None = None,
                     options: dict[str, Any] | None = None, capabilities: str = "neovim") -> None:
    params = types.InitializeParams(
        capabilities=client_capabilities(capabilities),
        root_uri=root.as_uri() if root else None,
        workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)] if root else None,
        initialization_options={"asOf": AS_OF.isoformat(), "debounceMs": 50, **(options or {})},
    )
    result = await client.initialize_session(params)
    ENCODING[id(client)] = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16


#: the position encoding each client and server agreed on
ENCODING: dict[int, str] = {}


def encoding_of(client: LanguageClient) -> str:
    return ENCODING.get(id(client), "utf-16")


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    return 1 if encoding == "utf-32" else len(char.encode("utf-16-le")) // 2


async def wait_diagnostics(client: LanguageClient, uri: str, version: int | None = None,
                           timeout: float = TIMEOUT) -> list[types.Diagnostic]:
    """The next diagnostics published for `uri` not returned before (for `version`, if given)."""
    uri, version = await wait_published(client, {uri}, version, timeout)
    return list(PUBLISHED[id(client)][version].diagnostics)


async def wait_published(client: LanguageClient, uris: set[str], version: int | None = None,
                         timeout: float = TIMEOUT) -> tuple[str, int]:
    """(URI, index in PUBLISHED) of the next diagnostics for one of `uris`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        published = PUBLISHED.get(id(client), [])
        start = min(_CONSUMED.get((id(client), u), 0) for u in uris)
        for index in range(start, len(published)):
            params = published[index]
            if params.uri in uris and index >= _CONSUMED.get((id(client), params.uri), 0) \
                    and (version is None or params.version == version):
                _CONSUMED[(id(client), params.uri)] = index + 1
                return params.uri, index
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no diagnostics for {sorted(uris)} in {timeout} s")
        await asyncio.sleep(0.01)


def open_document(client: LanguageClient, uri: str, text: str, language: str = "markdown",
                  version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


def lines_with_ends(text: str) -> list[str]:
    """Lines as LSP counts them (CRLF, CR and LF end a line), with their endings."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def offset(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """Index into `text` of an LSP position (columns in `encoding`; CRLF, CR and LF end lines)."""
    lines = lines_with_ends(text)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character or char in "\r\n":
            return start + index
        units += _units(char, encoding)
    return start + len(line)


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str = "utf-16") -> str:
    """Apply LSP text edits (all relative to the original text), as an editor does."""
    spans = sorted(((offset(text, e.range.start, encoding), offset(text, e.range.end, encoding),
                     e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def code_point_column(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """1-based code-point column of an LSP position, as the CLI counts columns."""
    index = offset(text, position, encoding)
    line_start = sum(len(line) for line in lines_with_ends(text)[: position.line])
    return index - line_start + 1
