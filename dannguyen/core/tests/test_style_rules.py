"""House rules that a linter cannot check (style-anchors §4.13)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def python_sources():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        yield path


def test_no_status_assignment_outside_workflow_modules():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in python_sources()
        if path.name != "workflow.py" and re.search(r"\.status\s*=[^=]", path.read_text("utf-8"))
    ]

    assert offenders == []


def test_no_inline_scripts_or_styles_in_templates():
    offenders = []
    for path in PACKAGE.rglob("*.html"):
        text = path.read_text("utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(path.relative_to(PACKAGE)))
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(PACKAGE)))

    assert offenders == []


def test_no_asset_from_a_cdn():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.html")
        if re.search(r"(src|href)=\"(https?:)?//", path.read_text("utf-8"))
    ]

    assert offenders == []
