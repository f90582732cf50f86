"""The JSON format: every problem with its place, rule, message and fix."""

from __future__ import annotations

import json

from linter.output.escaping import json_encodable
from linter.output.report import Report


def format_json(report: Report) -> str:
    return json_encodable(json.dumps(
        {
            "version": 1,
            "files": report.files,
            "problems": [p.as_dict() for p in report.problems],
        },
        indent=2,
        ensure_ascii=False,
    ))
