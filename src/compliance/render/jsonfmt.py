"""`--format json`: the interfaces.md object, stable key order, UTF-8, no ASCII escapes."""

from __future__ import annotations

import json

from ..findings import Report


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(by_alias=True), ensure_ascii=False, indent=2) + "\n"
