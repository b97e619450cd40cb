"""File → text for every format a legal document arrives in: TXT, DOCX, PDF, MD, JSON.

The result is always Unicode NFC text with "\\n" line ends plus any metadata the file
itself declares (JSON fields, Markdown front matter or its "THÔNG TIN VĂN BẢN" table).
Anything that cannot be read raises :class:`UnreadableFile` with a precise reason;
recoverable oddities are reported in ``warnings`` instead.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from dannguyen.lib.vietnamese import normalize

from .encoding import LEGACY_ENCODING_REASON, decode_text, detect_legacy_encoding
from .errors import UnreadableFile
from .pdf import read_pdf
from .records import canonical_fields, parse_front_matter, parse_info_table

__all__ = ["DEFAULT_MAX_BYTES", "Extracted", "read_file"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".docx": "docx",
    ".pdf": "pdf",
}
# Sibling files that may hold the text of a metadata-only JSON record, in preference order.
_COMPANION_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


@dataclass
class Extracted:
    """Text read from one file, with what the file declared about itself."""

    path: Path
    format: str
    text: str
    warnings: list[str] = field(default_factory=list)
    #: Canonical metadata fields declared by the file (see records.FIELD_ALIASES).
    record: dict[str, Any] = field(default_factory=dict)


def _unify(text: str) -> str:
    return normalize(text).replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Read PATH into text; the format is chosen by the file's extension.

    Raises :class:`UnreadableFile` for missing, oversized, empty, binary,
    legacy-encoded (TCVN3/VNI), damaged or unsupported files.
    """
    path = Path(path)
    if not path.exists():
        raise UnreadableFile("file not found")
    if not path.is_file():
        raise UnreadableFile("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(f"file is {size} bytes, over the limit of {max_bytes} bytes")
    if size == 0:
        raise UnreadableFile("empty file")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise UnreadableFile("legacy Word .doc format is not supported: save it as .docx or PDF")
    kind = _FORMATS.get(suffix)
    if kind is None:
        raise UnreadableFile(f"unsupported file type {suffix or '(no extension)'!r}")
    warnings: list[str] = []
    if kind == "docx":
        text = _read_docx(path)
    elif kind == "pdf":
        text, warnings = read_pdf(path)
    else:
        text, warnings = decode_text(path.read_bytes())
    text = _unify(text)
    if kind in {"docx", "pdf"} and detect_legacy_encoding(text):
        raise UnreadableFile(LEGACY_ENCODING_REASON)
    extracted = Extracted(path=path, format=kind, text=text, warnings=warnings)
    if kind == "md":
        _markdown(extracted)
    elif kind == "json":
        _json(extracted, max_bytes)
    if not extracted.text.strip() and not extracted.record:
        raise UnreadableFile("no text found in file")
    return extracted


# ------------------------------------------------------------------------ docx


def _read_docx(path: Path) -> str:
    """Paragraphs and table cells in document order, one paragraph per line.

    Legal headers are laid out as a two-column table (issuer and number on the left,
    motto and date on the right), so tables must be read where they stand, not
    appended at the end. A merged cell is reported by python-docx once per grid
    column it spans; it is read once.
    """
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"not a valid .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    _docx_content(document, lines)
    return "\n".join(lines)


def _docx_content(container: Any, lines: list[str]) -> None:
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    _docx_content(cell, lines)
        else:
            lines.append(item.text)


# -------------------------------------------------------------------- markdown

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


def _markdown(extracted: Extracted) -> None:
    front, body = parse_front_matter(extracted.text)
    table, body = parse_info_table(body)
    extracted.record = canonical_fields({**table, **front})
    lines = []
    for line in body.split("\n"):
        if _MD_RULE.match(line):
            lines.append("")
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_LINK.sub(r"\1", _MD_EMPHASIS.sub(r"\2", line))
        lines.append(re.sub(r"^\s*>\s?", "", line))
    extracted.text = "\n".join(lines).strip("\n")


# ------------------------------------------------------------------------ json


def _article_text(item: Any) -> str:
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        return ""
    fields = canonical_fields(item)
    text = str(fields.get("text", ""))
    head = str(fields.get("head") or fields.get("title") or "")
    if head and not text.startswith(head.strip()):
        text = f"{head}\n{text}"
    return text


def _json(extracted: Extracted, max_bytes: int) -> None:
    try:
        data = json.loads(extracted.text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, list):
        if len(data) != 1:
            raise UnreadableFile(f"JSON holds a list of {len(data)} records, not one document")
        data = data[0]
    if not isinstance(data, dict):
        raise UnreadableFile("JSON is not an object describing one document")
    fields = canonical_fields(data)
    text = fields.pop("text", None)
    articles = fields.pop("articles", None)
    preamble = fields.pop("preamble", None)
    if not isinstance(text, str) and isinstance(articles, list) and articles:
        parts = [str(preamble)] if preamble else []
        parts.extend(_article_text(item) for item in articles)
        text = "\n".join(part for part in parts if part)
        extracted.warnings.append("text assembled from the record's articles")
    extracted.record = fields
    if not isinstance(text, str) or not text.strip():
        text = _companion_text(extracted, fields, max_bytes)
    extracted.text = _unify(text or "")
    if not extracted.text.strip():
        extracted.warnings.append("record has no text")
    elif detect_legacy_encoding(extracted.text):
        raise UnreadableFile(LEGACY_ENCODING_REASON)


def _companion_text(extracted: Extracted, fields: dict[str, Any], max_bytes: int) -> str | None:
    """Text of the file that a metadata-only record sits next to, if there is one."""
    candidates: list[Path] = []
    declared = fields.get("txt_path")
    if isinstance(declared, str) and declared:
        candidates.append(extracted.path.parent / Path(declared).name)
    candidates.extend(extracted.path.with_suffix(suffix) for suffix in _COMPANION_SUFFIXES)
    for candidate in candidates:
        if candidate.is_file() and candidate != extracted.path:
            try:
                companion = read_file(candidate, max_bytes=max_bytes)
            except UnreadableFile as exc:
                # The record itself is still good metadata.
                extracted.warnings.append(f"companion file {candidate.name}: {exc.reason}")
                continue
            extracted.warnings.append(f"text read from companion file {candidate.name}")
            extracted.warnings.extend(companion.warnings)
            return companion.text
    return None
