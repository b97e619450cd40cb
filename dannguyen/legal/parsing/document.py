"""One call from a file to everything the parsers can tell about it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dannguyen.lib.vietnamese import fold

from .citations import Citation, find_citations
from .clean import clean_text, find_gazette_issue
from .extract import DEFAULT_MAX_BYTES, read_file
from .header import Metadata, complete_metadata, metadata_from_clean_text
from .records import canonical_fields, metadata_from_fields
from .structure import Provision, provisions_from_clean_text
from .textutil import pfold
from .vocab import issuer_code_for

__all__ = ["ParsedDocument", "merge_metadata", "parse_document"]

# Which source wins when two disagree. The document's own text outranks a catalogue
# record (the gazette set's records are "partial, sometimes wrong"), but a value the
# record states outranks one the parser only inferred from the number or the type.
# An explicit override (manifest, the user) always wins.
_RANK = {
    "override": 5,
    "header": 4,
    "body": 4,
    "record": 3,
    # A title read out of the record's description ("Luật Công đoàn 2012 (12/2012/QH13)").
    "record-description": 2,
    "number": 2,
    "wording": 2,
    "type": 1,
    "record-slug": 1,
}
_FIELDS = [f.name for f in dataclasses.fields(Metadata) if f.name != "sources"]


@dataclass
class ParsedDocument:
    """A parsed file: cleaned text, metadata, provisions and citations.

    ``text`` is the cleaned text that provisions and citation offsets refer to;
    ``record`` holds the metadata fields the file itself declared, as given.
    """

    path: Path
    format: str
    text: str
    metadata: Metadata
    provisions: list[Provision] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _same(name: str, a: Any, b: Any) -> bool:
    if name == "so_ky_hieu":
        return bool(a.key == b.key)
    if name == "issuers":
        codes_a = {issuer_code_for(x) or fold(x) for x in a}
        codes_b = {issuer_code_for(x) or fold(x) for x in b}
        return codes_a <= codes_b or codes_b <= codes_a
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    return bool(a == b)


def merge_metadata(base: Metadata, other: Metadata, warnings: list[str]) -> Metadata:
    """Combine two readings field by field; the better-ranked source wins.

    Disagreements between sources of different rank are reported in WARNINGS, naming
    both values and the one kept.
    """
    merged = Metadata()
    for name in _FIELDS:
        mine, theirs = getattr(base, name), getattr(other, name)
        my_source, their_source = base.sources.get(name), other.sources.get(name)
        if _empty(theirs):
            value, source = mine, my_source
        elif _empty(mine):
            value, source = theirs, their_source
        else:
            keep_mine = _RANK.get(my_source or "", 0) >= _RANK.get(their_source or "", 0)
            value, source = (mine, my_source) if keep_mine else (theirs, their_source)
            if not _same(name, mine, theirs):
                dropped = theirs if keep_mine else mine
                dropped_source = their_source if keep_mine else my_source
                warnings.append(
                    f"{name}: {source} says {_show(value)}, {dropped_source} says "
                    f"{_show(dropped)}; kept {source}"
                )
        setattr(merged, name, list(value) if isinstance(value, list) else value)
        if source and not _empty(value):
            merged.sources[name] = source
    return merged


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def parse_document(
    path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedDocument:
    """Read PATH and parse it; OVERRIDES (e.g. a manifest entry) win over everything.

    Override keys may be any alias known to :data:`records.FIELD_ALIASES`
    ("so_ky_hieu", "type", "issuer", "issued_on", "status", …); values are validated
    like record values, and invalid ones are reported in ``warnings`` and ignored.
    Raises :class:`UnreadableFile` when the file cannot be read.
    """
    extracted = read_file(path, max_bytes=max_bytes)
    warnings = list(extracted.warnings)
    text = clean_text(extracted.text)
    issue = find_gazette_issue(extracted.text)
    metadata = metadata_from_clean_text(text, issue) if text else Metadata()
    if extracted.record:
        declared = metadata_from_fields(extracted.record, warnings)
        metadata = merge_metadata(metadata, declared, warnings)
    if overrides:
        forced = metadata_from_fields(canonical_fields(overrides), warnings, source="override")
        metadata = merge_metadata(metadata, forced, [])
    complete_metadata(metadata, pfold(text))
    if metadata.sources.get("so_ky_hieu") == "record-slug":
        warnings.append(
            f"số ký hiệu {metadata.so_ky_hieu} was read from the record's URL slug "
            f"({extracted.record.get('so_ky_hieu')!r}); letters such as Đ may be lost"
        )
    return ParsedDocument(
        path=extracted.path,
        format=extracted.format,
        text=text,
        metadata=metadata,
        provisions=provisions_from_clean_text(text) if text else [],
        citations=find_citations(text) if text else [],
        warnings=warnings,
        record=extracted.record,
    )
