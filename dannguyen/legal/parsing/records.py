"""Metadata records: JSON documents, Markdown front matter and tables, manifests.

Every source names the same fields differently ("so_hieu", "sohieu", "Số hiệu",
"docNum"), so keys are first reduced to a folded snake_case form and then looked up
in one alias table. Values are validated when turned into :class:`Metadata`;
anything that does not parse becomes a warning, never a silently wrong field.
"""

from __future__ import annotations

import csv
import datetime
import html
import importlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dannguyen.lib.vietnamese import DocumentNumber, find_document_numbers, fold, parse_date

from .errors import UnreadableFile
from .header import Metadata, parse_number_text
from .vocab import normalize_status, normalize_type_name

__all__ = [
    "FIELD_ALIASES",
    "ManifestError",
    "canonical_fields",
    "metadata_from_fields",
    "parse_front_matter",
    "parse_info_table",
    "read_manifest",
]

#: Canonical field → the keys (already reduced by :func:`_key`) that mean it.
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = {
    "so_ky_hieu": (
        "so_ky_hieu",
        "so_ki_hieu",
        "so_hieu",
        "sohieu",
        "so_hieu_van_ban",
        "ky_hieu",
        "so_van_ban",
        "document_number",
        "doc_num",
        "number",
        "so",
    ),
    "type": ("loai", "loai_van_ban", "type", "doc_type", "document_type", "the_loai"),
    "title": ("title", "ten", "ten_van_ban", "trich_yeu", "tieu_de", "name"),
    "description": ("mo_ta", "description", "tom_tat", "summary"),
    "text": ("full_text", "noi_dung", "content", "text", "body", "van_ban", "toan_van"),
    "articles": ("articles", "dieu", "cac_dieu", "provisions"),
    "preamble": ("preamble", "phan_mo_dau"),
    "status": ("tinh_trang", "tinh_trang_hieu_luc", "status", "eff_status", "hieu_luc"),
    "issued_on": ("ngay_ban_hanh", "issued_on", "issue_date", "ngay_ky", "date", "ngay"),
    "effective_on": (
        "ngay_hieu_luc",
        "ngay_co_hieu_luc",
        "effective_on",
        "eff_from",
        "hieu_luc_tu",
        "ngay_ap_dung",
    ),
    "expires_on": ("ngay_het_hieu_luc", "expires_on", "eff_to", "het_hieu_luc_tu"),
    "issuer": (
        "co_quan_ban_hanh",
        "issuer",
        "issuers",
        "agency",
        "agency_name",
        "co_quan",
        "noi_ban_hanh_co_quan",
    ),
    "place": ("noi_ban_hanh", "dia_diem", "place"),
    "signer_name": ("nguoi_ky", "signer", "signer_name"),
    "signer_position": ("chuc_vu", "chuc_vu_nguoi_ky", "signer_position"),
    "gazette_number": ("so_cong_bao", "gazette_number"),
    "gazette_date": ("ngay_dang_cong_bao", "ngay_cong_bao", "gazette_date"),
    "year": ("nam", "year", "nam_ban_hanh"),
    "file": ("file", "path", "tep", "duong_dan", "filename"),
    "txt_path": ("txt_path", "text_path"),
}
_CANONICAL = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}


def _key(raw: str) -> str:
    """ "Số hiệu" → "so_hieu", "issueDate" → "issue_date", "so-ky-hieu" → "so_ky_hieu"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", raw.strip())
    return re.sub(r"[^a-z0-9]+", "_", fold(spaced)).strip("_")


def canonical_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """RECORD with its keys mapped to canonical names; unknown keys are kept, reduced.

    The first alias present wins, so a record with both "so_hieu" and "sohieu" uses
    whichever comes first in the record. Strings are HTML-unescaped because scraped
    catalogues carry entities ("Lu&#x1EAD;t").
    """
    out: dict[str, Any] = {}
    for raw_key, value in record.items():
        key = _key(str(raw_key))
        name = _CANONICAL.get(key, key)
        if isinstance(value, str):
            value = html.unescape(value).strip()
            if not value:
                continue
        if value is None or name in out:
            continue
        out[name] = value
    return out


# ------------------------------------------------------------------ validation

# The gazette's URL slug keeps the number with every separator turned into "-":
# "nghi-dinh-so-158-2025-nd-cp-45240" (trailing digits are the gazette's own id).
_SLUG = re.compile(r"^[a-z\-]*?-?so-(\d{1,6})-(?:(\d{4})-)?([a-z][a-z0-9\-]*?)(?:-\d{3,})?$")


def _number_from_slug(value: str) -> DocumentNumber | None:
    match = _SLUG.match(value.strip().lower())
    if match is None:
        return None
    groups = match[3].split("-")
    if len(groups) > 1 and groups[0].upper() in {"TT", "ND", "QD", "NQ", "TTLT", "CT", "VBHN"}:
        symbol = f"{groups[0]}-{'-'.join(groups[1:])}"
    else:
        symbol = "-".join(groups)
    year = f"{match[2]}/" if match[2] else ""
    return parse_number_text(f"{match[1]}/{year}{symbol.upper()}")


def _number(value: object, warnings: list[str]) -> tuple[DocumentNumber | None, str]:
    text = str(value)
    document = parse_number_text(text)
    if document is None:
        found = find_document_numbers(text)
        document = found[0] if len(found) == 1 else None
    if document is not None:
        return document, "record"
    document = _number_from_slug(text)
    if document is not None:
        # Reported by parse_document only if nothing better replaces it.
        return document, "record-slug"
    warnings.append(f"số ký hiệu {text!r} is not a document number")
    return None, ""


def _date(value: object, name: str, warnings: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        warnings.append(f"{name} {value!r} is not a date")
    return parsed


def _issuers(value: object) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"\s*[;\n]\s*", str(value))
    return [" ".join(str(item).split()) for item in items if str(item).strip()]


# "Luật Công đoàn 2012 (12/2012/QH13)": a catalogue's name for a law, with its year and number.
_NAMED_WITH_NUMBER = (
    r"^(?P<type>{type})\s+(?P<name>[^()]+?)\s+(?P<year>\d{{4}})\s*\((?P<num>[^()]+)\)\.?$"
)
# "Luật số 26/2012/QH13 luật sửa đổi, bổ sung …": the number, then the trích yếu.
_NUMBER_THEN_SUMMARY = r"^(?P<type>{type})\s+số\s+(?P<num>\S+?)[,:]?\s+(?P<rest>\S.*?)\.?$"
# An acronym ("BHXH", "DNNVV") is a catalogue's shorthand, not the document's name.
_ACRONYM = re.compile(r"\b[A-ZĐ]{2,}\b")


def title_from_description(
    description: str, number: DocumentNumber | None, type_name: str | None
) -> str | None:
    """The document's own title when a catalogue's description names it, else ``None``.

    Read only when the description carries the record's own number (and year), so a
    topic ("Bảo hiểm xã hội") or a gazette issue's contents list naming several
    documents never becomes a title: "Luật Công đoàn 2012 (12/2012/QH13)" → "Luật Công
    đoàn"; "Luật số 26/2012/QH13 luật Sửa đổi, bổ sung …" → "Luật sửa đổi, bổ sung …".
    A title found this way lets citations such as "Luật Công đoàn ngày 20 tháng 6 năm
    2012" in other documents be matched to a record that has no text of its own.
    """
    if number is None or not type_name:
        return None
    text = " ".join(description.split())
    kind = re.escape(type_name)
    named = re.match(_NAMED_WITH_NUMBER.format(type=kind), text, re.IGNORECASE)
    if named is not None:
        cited = parse_number_text(named["num"])
        name = named["name"].strip(" ,")
        if (
            cited is None
            or cited.key != number.key
            or (number.year is not None and int(named["year"]) != number.year)
            or not name[:1].isupper()
            or _ACRONYM.search(name)
        ):
            return None
        return f"{type_name} {name}"
    summary = re.match(_NUMBER_THEN_SUMMARY.format(type=kind), text, re.IGNORECASE)
    if summary is None:
        return None
    cited = parse_number_text(summary["num"])
    rest = re.sub(rf"^{kind}\s+", "", summary["rest"], flags=re.IGNORECASE)
    if cited is None or cited.key != number.key or len(rest) < 10 or ";" in rest:
        return None
    # In a title the trích yếu follows the type word in lower case ("Luật sửa đổi …").
    return f"{type_name} {rest[0].lower()}{rest[1:]}"


def metadata_from_fields(
    fields: Mapping[str, Any], warnings: list[str], *, source: str = "record"
) -> Metadata:
    """Validated :class:`Metadata` from canonical FIELDS; problems go to WARNINGS."""
    meta = Metadata()
    src = meta.sources
    if "so_ky_hieu" in fields:
        meta.so_ky_hieu, how = _number(fields["so_ky_hieu"], warnings)
        if meta.so_ky_hieu:
            src["so_ky_hieu"] = source if how == "record" else how
    if "type" in fields:
        meta.type_name = normalize_type_name(str(fields["type"]))
        if meta.type_name:
            src["type_name"] = source
        elif fold(str(fields["type"])) not in {"khac", "other", "van ban khac"}:
            warnings.append(f"unknown document type {fields['type']!r}")
    if "title" in fields:
        meta.title, src["title"] = " ".join(str(fields["title"]).split()), source
    elif "description" in fields:
        meta.title = title_from_description(
            str(fields["description"]), meta.so_ky_hieu, meta.type_name
        )
        if meta.title:
            src["title"] = f"{source}-description"
    if "issuer" in fields:
        meta.issuers = _issuers(fields["issuer"])
        if meta.issuers:
            src["issuers"] = source
    for name in ("issued_on", "effective_on", "expires_on", "gazette_date"):
        if name in fields:
            value = _date(fields[name], name, warnings)
            if value:
                setattr(meta, name, value)
                src[name] = source
    for name in ("place", "signer_name", "signer_position", "gazette_number"):
        if name in fields:
            setattr(meta, name, " ".join(str(fields[name]).split()))
            src[name] = source
    if "status" in fields:
        meta.status, src["status"] = normalize_status(str(fields["status"])), source
        if meta.status == "unknown":
            warnings.append(f"status {fields['status']!r} not recognised; recorded as unknown")
    return meta


# -------------------------------------------------------------------- markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _scalar(value: str) -> Any:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    if value.startswith("[") and value.endswith("]"):
        return [_scalar(item) for item in value[1:-1].split(",") if item.strip()]
    return value


def _tiny_yaml(block: str) -> dict[str, Any]:
    """The subset of YAML that front matter uses: scalars, inline and dash lists."""
    data: dict[str, Any] = {}
    current: str | None = None
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and current is not None:
            if not isinstance(data.get(current), list):
                data[current] = []
            data[current].append(_scalar(item[1]))
            continue
        pair = re.match(r"^([^:#]+?)\s*:\s*(.*)$", line)
        if pair:
            current = pair[1].strip()
            data[current] = _scalar(pair[2]) if pair[2].strip() else None
    return data


def parse_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, rest of the text) of a Markdown document.

    PyYAML's ``safe_load`` is used when it is installed; otherwise a small parser for
    "key: value" lines and lists, which is all front matter in practice needs.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    block, rest = match[1], text[match.end() :]
    try:
        yaml: Any = importlib.import_module("yaml")
    except ImportError:
        return _tiny_yaml(block), rest
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        raise UnreadableFile(f"invalid YAML front matter: {exc}") from exc
    return (loaded if isinstance(loaded, dict) else {}), rest


_INFO_HEADING = re.compile(r"^\s*(?:#+\s*|\*\*)?\s*thong tin van ban\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")


def parse_info_table(text: str) -> tuple[dict[str, str], str]:
    """The "THÔNG TIN VĂN BẢN" key/value table of a Markdown document, and the rest.

    Rows look like ``| Số hiệu | 02/2011/QH13 |``; a header row and the ``|---|``
    rule are skipped. The table is removed from the returned text: it describes the
    document and is not part of it.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _INFO_HEADING.match(fold(line)):
            continue
        fields: dict[str, str] = {}
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        start = j
        while j < len(lines) and _TABLE_ROW.match(lines[j]):
            cells = [cell.strip() for cell in _TABLE_ROW.match(lines[j])[1].split("|")]  # type: ignore[index]
            j += 1
            if len(cells) < 2 or set("".join(cells)) <= set("-: "):
                continue
            key, value = cells[0].strip("*_ "), cells[1].strip("*_ ")
            if value and _key(key) not in {"thuoc_tinh", "truong", "field", "key"}:
                fields.setdefault(key, value)
        if j > start:
            return fields, "\n".join(lines[:i] + lines[j:])
    return {}, text


# -------------------------------------------------------------------- manifest


class ManifestError(ValueError):
    """A manifest that cannot be used; the message says which entry and why."""


def read_manifest(path: str | Path) -> dict[Path, dict[str, Any]]:
    """Overrides per file from a JSON or CSV manifest, keyed by resolved path.

    Each entry names a ``file`` relative to the manifest's folder plus any metadata
    (title, type, so_ky_hieu, issuer, issued_on, effective_on, status, or any
    alias of those). Values are returned as given, under canonical keys; they are
    validated when applied by :func:`parse_document`.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc}") from exc
    rows: list[Any]
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(raw.splitlines()))
    else:
        try:
            loaded = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{path}: invalid JSON: {exc}") from exc
        if isinstance(loaded, dict):
            loaded = loaded.get("documents", loaded.get("files"))
        if not isinstance(loaded, list):
            raise ManifestError(f"{path}: expected a list of entries")
        rows = loaded
    out: dict[Path, dict[str, Any]] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ManifestError(f"{path}: entry {number} is not an object")
        fields = canonical_fields(row)
        file = fields.pop("file", None)
        if not file:
            raise ManifestError(f"{path}: entry {number} has no 'file'")
        out[(path.parent / str(file)).resolve()] = fields
    return out
