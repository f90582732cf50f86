"""Code actions: a quick fix per fixable problem, "fix all", and "disable RULE for this line".

The quick fixes and "fix all" edit the text exactly as `healthlint check --fix` rewrites
the file (the same `Fix`es, applied by `linter.output.fixes`, including its clean-up of the blank
line a deleted paragraph leaves); "fix all" repeats rounds as `--fix` does. "Disable"
inserts `<!-- healthlint-disable-next-line RULE -->` above the line (Markdown only), or adds
the rule to such a comment already there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from lsprotocol import types

from linter.config import Config
from linter.engine import INTERNAL_ERROR, PARSE_ERROR, FileResult
from linter.model.problems import Problem
from linter.output.fixes import FixError, fix_bytes
from linter.server.convert import Lines, diagnostic, fix_edits, overlaps, text_edits
from linter.server.worker import MAX_DIAGNOSTICS

FIX_ALL = "source.fixAll.healthlint"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL]
_NEXT_LINE = re.compile(r"^(\s*)<!--\s*healthlint-disable-next-line\b([^>]*?)\s*-->\s*$")


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client asked for actions of this kind (`only` lists kinds or prefixes)."""
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def code_actions(uri: str, text: str, result: FileResult, lines: Lines, requested: types.Range,
                 only: Sequence[str] | None, config: Config, as_of: dt.date,
                 offer_fix_all: bool = True) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    here = [p for p in result.problems if overlaps(lines.range(p), requested)]
    if wanted(types.CodeActionKind.QuickFix, only):
        actions.extend(_quick_fixes(uri, text, here, lines))
        if not result.failed:
            actions.extend(_disables(uri, text, result, here, lines))
    if offer_fix_all and wanted(FIX_ALL, only) and any(p.fix for p in result.problems) \
            and not result.failed:
        action = fix_all(uri, text, result, config, as_of, lines)
        if action is not None:
            actions.append(action)
    return actions


def _quick_fixes(uri: str, text: str, problems: Sequence[Problem], lines: Lines
                 ) -> Iterator[types.CodeAction]:
    for problem in problems:
        if problem.fix is None:
            continue
        edits = fix_edits(text, [problem.fix], lines.units)
        if not edits:
            continue
        fix = problem.fix
        span = f"line {fix.line}" if fix.end_line == fix.line else f"lines {fix.line}-{fix.end_line}"
        verb = "replace" if fix.replacement else "delete"
        yield types.CodeAction(
            title=f"Fix {problem.rule}: {verb} {span}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(problem, lines)],
            is_preferred=True,
            edit=types.WorkspaceEdit(changes={uri: edits}),
        )


def fix_all(uri: str, text: str, result: FileResult, config: Config, as_of: dt.date, lines: Lines
            ) -> types.CodeAction | None:
    """Every safe fix in the document, in rounds, as `--fix` applies them."""
    try:
        after, applied = fixed_in_rounds(text.encode("utf-8"), result, config, as_of)
        edits = text_edits(text, after.decode("utf-8"), lines.units)
    except (FixError, UnicodeDecodeError):
        return None
    if not edits:
        return None
    return types.CodeAction(
        title=f"Fix all healthlint problems in this file ({applied} "
              f"{'fix' if applied == 1 else 'fixes'})",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def fixed_in_rounds(data: bytes, result: FileResult, config: Config, as_of: dt.date
                    ) -> tuple[bytes, int]:
    """`linter.output.fixes.fix_bytes`, starting from the lint the editor already has of `data`.

    The same rounds (apply every fix, lint again, until none is left or MAX_ROUNDS), one lint
    fewer; a lint cut to the first MAX_DIAGNOSTICS problems is not a start: all are needed.
    """
    if len(result.problems) >= MAX_DIAGNOSTICS:
        fixed = fix_bytes(result.path, data, config, as_of)
        return fixed.after, fixed.applied
    fixed = fix_bytes(result.path, data, config, as_of, result)
    return fixed.after, fixed.applied


def _disables(uri: str, text: str, result: FileResult, problems: Sequence[Problem], lines: Lines
              ) -> Iterator[types.CodeAction]:
    doc = result.document
    if doc is None or doc.format != "markdown":
        return  # plain-text articles have no comments
    code = {n for b in doc.blocks if b.kind == "code" for n in range(b.line, b.end_line + 1)}
    seen: set[tuple[str, int]] = set()
    for problem in problems:
        if problem.rule in (PARSE_ERROR, INTERNAL_ERROR) or (problem.rule, problem.line) in seen:
            continue
        if problem.line <= doc.front_matter_end or problem.line in code:
            continue  # a comment there would be YAML or code, not a directive
        seen.add((problem.rule, problem.line))
        edit = disable_edit(lines, problem.rule, problem.line, _ending(text))
        yield types.CodeAction(
            title=f"Disable {problem.rule} for this line",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(p, lines) for p in problems
                         if p.rule == problem.rule and p.line == problem.line],
            edit=types.WorkspaceEdit(changes={uri: [edit]}),
        )


def disable_edit(lines: Lines, rule: str, line: int, ending: str) -> types.TextEdit:
    """Insert the next-line comment above `line` (1-based), or add `rule` to the one there."""
    index = line - 1
    if index > 0 and (match := _NEXT_LINE.match(lines.lines[index - 1])):
        names = [n for n in re.split(r"[,\s]+", match.group(2)) if n]
        comment = f"{match.group(1)}<!-- healthlint-disable-next-line {', '.join([*names, rule])} -->"
        above = lines.lines[index - 1]
        return types.TextEdit(types.Range(types.Position(index - 1, 0),
                                          types.Position(index - 1, lines.units(above))), comment)
    # the line's own indent keeps the comment inside a list item (code blocks get no comment)
    here = lines.lines[index] if index < len(lines.lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    comment = f"{indent}<!-- healthlint-disable-next-line {rule} -->{ending}"
    return types.TextEdit(types.Range(types.Position(index, 0), types.Position(index, 0)), comment)


def _ending(text: str) -> str:
    match = re.search(r"\r\n|\r|\n", text)
    return match.group() if match else "\n"
