"""Framework-free parsing of Vietnamese legal documents.

No Django and no database here: importers, management commands, tests and benchmarks
use the same functions. The pipeline, each step usable on its own:

* :func:`read_file` — TXT/DOCX/PDF/MD/JSON → :class:`Extracted` text (or
  :class:`UnreadableFile` with a precise reason);
* :func:`extract_metadata` — header, final articles and signature → :class:`Metadata`;
* :func:`parse_structure` — Phần/Chương/Mục/Tiểu mục/Điều/Khoản/Điểm → :class:`Provision`;
* :func:`find_citations` — references to other documents → :class:`Citation`;
* :func:`read_manifest` — per-file metadata overrides from JSON or CSV;
* :func:`parse_document` — all of the above → :class:`ParsedDocument`.
"""

from __future__ import annotations

from .citations import Citation, find_citations, name_key
from .clean import GazetteIssue, clean_text, find_gazette_issue
from .document import ParsedDocument, merge_metadata, parse_document
from .encoding import decode_text, detect_legacy_encoding
from .errors import UnreadableFile
from .extract import DEFAULT_MAX_BYTES, Extracted, read_file
from .header import Metadata, extract_metadata, parse_number_text
from .pdf import ocr_page_images
from .records import ManifestError, read_manifest
from .structure import KINDS, Provision, parse_structure
from .vocab import (
    ISSUERS,
    STATUS_CODES,
    STATUS_SYNONYMS,
    issuer_code_for,
    issuers_from_code,
    normalize_status,
    normalize_type_name,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ISSUERS",
    "KINDS",
    "STATUS_CODES",
    "STATUS_SYNONYMS",
    "Citation",
    "Extracted",
    "GazetteIssue",
    "ManifestError",
    "Metadata",
    "ParsedDocument",
    "Provision",
    "UnreadableFile",
    "clean_text",
    "decode_text",
    "detect_legacy_encoding",
    "extract_metadata",
    "find_citations",
    "find_gazette_issue",
    "issuer_code_for",
    "issuers_from_code",
    "merge_metadata",
    "name_key",
    "normalize_status",
    "normalize_type_name",
    "ocr_page_images",
    "parse_document",
    "parse_number_text",
    "parse_structure",
    "read_file",
    "read_manifest",
]
