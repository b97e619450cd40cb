"""Importing documents from files into the database (command, upload page, demo).

One call per file: parse it (legal/parsing), resolve its type and issuing bodies, create or
update the document by its number (or by its source file when it has none), rebuild its
provisions, record the citations found in its text as relations, and link relations that
were waiting for it. A file that cannot be read or understood is reported, never fatal.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from dannguyen.core.models import Agency, AgencyKind, Level
from dannguyen.lib.vietnamese import DocumentNumber, fold

from . import ranking, search
from .models import (
    Attachment,
    DocumentType,
    EffectStatus,
    LegalDocument,
    Provision,
    Relation,
    RelationKind,
    Source,
)
from .parsing import ParsedDocument, UnreadableFile, parse_document
from .parsing.citations import name_key
from .parsing.structure import first_article_offset

SUFFIXES = (".txt", ".docx", ".pdf", ".md", ".json")

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"

# Type names as the parser writes them → our type codes; "Nghị quyết" and "Quyết định"
# depend on the issuer (see _resolve_type).
_TYPE_CODES = {
    "hien phap": "hien-phap",
    "bo luat": "bo-luat",
    "luat": "luat",
    "phap lenh": "phap-lenh",
    "nghi dinh": "nghi-dinh",
    "thong tu": "thong-tu",
    "thong tu lien tich": "thong-tu-lien-tich",
    "nghi quyet lien tich": "nghi-quyet-lien-tich",
    "van ban hop nhat": "van-ban-hop-nhat",
    "chi thi": "chi-thi",
    "cong van": "cong-van",
    "thong bao": "thong-bao",
    "huong dan": "huong-dan",
    "ke hoach": "ke-hoach",
    "bao cao": "bao-cao",
    "lenh": "lenh-chu-tich-nuoc",
}

_STATUS = {s.value for s in EffectStatus}


@dataclass
class Outcome:
    file: str
    result: str
    document: LegalDocument | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def report_line(self) -> dict[str, Any]:
        d = self.document
        return {
            "file": self.file,
            "status": self.result,
            "document_id": d.pk if d else None,
            "so_ky_hieu": d.number_raw if d else None,
            "type": d.document_type.name if d else None,
            "issuer": "; ".join(a.name for a in d.issuers.all()) if d else None,
            "issued_on": d.issued_on.isoformat() if d and d.issued_on else None,
            "title": d.title if d else None,
            "errors": self.errors,
        }


def _resolve_type(type_name: str | None, number: DocumentNumber | None) -> DocumentType:
    key = fold(type_name or "")
    code = _TYPE_CODES.get(key)
    issuer = fold(number.issuer_code if number else "").upper()
    normative = bool(number and number.year)
    if key == "nghi quyet":
        if not normative:
            code = "nghi-quyet"
        elif issuer.startswith("UBTVQH"):
            code = "nghi-quyet-ubtvqh"
        elif issuer.startswith("QH"):
            code = "nghi-quyet-quoc-hoi"
        elif issuer == "CP":
            code = "nghi-quyet-chinh-phu"
        elif "HDTP" in issuer:
            code = "nghi-quyet-hdtp"
        elif "HDND" in issuer:
            code = "nghi-quyet-hdnd-tinh"
        else:
            code = "nghi-quyet"
    elif key == "quyet dinh":
        if not normative:
            code = "quyet-dinh"
        elif issuer == "TTG":
            code = "quyet-dinh-thu-tuong"
        elif issuer == "CTN":
            code = "quyet-dinh-chu-tich-nuoc"
        elif "UBND" in issuer:
            code = "quyet-dinh-ubnd-tinh"
        else:
            code = "quyet-dinh"
    found = DocumentType.objects.filter(code=code or "khac").first()
    if found is None:  # reference data not loaded: keep the import going all the same
        found, _created = DocumentType.objects.get_or_create(
            code="khac", defaults={"name": "Văn bản khác", "is_normative": False, "rank": 90}
        )
    return found


def _guess_level(name: str) -> str:
    folded = fold(name)
    if any(w in folded for w in ("xa ", "phuong ", "dac khu")) and "quoc hoi" not in folded:
        return Level.COMMUNE
    if any(w in folded for w in ("tinh", "thanh pho")):
        return Level.PROVINCIAL
    return Level.CENTRAL


def _issuer_agencies(names: Iterable[str]) -> list[Agency]:
    agencies = []
    for name in names:
        name = " ".join(name.split())[:255]
        if not name:
            continue
        folded = fold(name)
        agency = (
            Agency.objects.filter(Q(name=name) | Q(short_name=name)).first()
            or Agency.objects.filter(name_folded=folded).first()
        )
        if agency is None:
            # Issuing bodies of other provinces and ministries join the directory so that
            # documents can be filtered by issuer; the office can tidy them later.
            agency = Agency.objects.create(
                name=name,
                level=_guess_level(name),
                kind=AgencyKind.OTHER,
                notes="Tạo tự động khi nhập văn bản pháp luật.",
            )
        agencies.append(agency)
    return agencies


def _level_for(doc_type: DocumentType, agencies: list[Agency]) -> str:
    if doc_type.level:
        return doc_type.level
    levels = {a.level for a in agencies}
    for level in (Level.CENTRAL, Level.PROVINCIAL, Level.COMMUNE):
        if level in levels:
            return str(level)
    return ""


def _fingerprint(parsed: ParsedDocument) -> str:
    meta = parsed.metadata
    payload = {
        "number": meta.so_ky_hieu.key if meta.so_ky_hieu else None,
        "type": meta.type_name,
        "title": meta.title,
        "issuers": meta.issuers,
        "dates": [str(meta.issued_on), str(meta.effective_on), str(meta.expires_on)],
        "signer": [meta.signer_name, meta.signer_position],
        "gazette": [meta.gazette_number, str(meta.gazette_date)],
        "status": meta.status,
        "text": parsed.text,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _title(parsed: ParsedDocument, doc_type: DocumentType) -> str:
    meta = parsed.metadata
    if meta.title:
        return meta.title
    if meta.so_ky_hieu:
        return f"{doc_type.name} {meta.so_ky_hieu}"
    return parsed.path.stem.replace("-", " ").replace("_", " ")


def _find_existing(parsed: ParsedDocument, reference: str) -> LegalDocument | None:
    number = parsed.metadata.so_ky_hieu
    if number is not None:
        found = LegalDocument.objects.filter(number_key=number.key).first()
        if found is not None:
            return found
    return LegalDocument.objects.filter(source_reference=reference, number_key=None).first()


def _valid_dates(meta: Any, errors: list[str]) -> tuple[Any, Any, Any]:
    issued, effective, expires = meta.issued_on, meta.effective_on, meta.expires_on
    if issued and effective and effective < issued:
        errors.append(f"effective date {effective} before issue date {issued}: ignored")
        effective = None
    if effective and expires and expires < effective:
        errors.append(f"expiry date {expires} before effective date {effective}: ignored")
        expires = None
    return issued, effective, expires


def _rebuild_provisions(document: LegalDocument, parsed: ParsedDocument) -> None:
    """Replace the provisions; inserted level by level so each parent's id is known."""
    document.provisions.all().delete()
    depth: list[int] = []
    for p in parsed.provisions:
        depth.append(0 if p.parent_index is None else depth[p.parent_index] + 1)
    rows: dict[int, Provision] = {}
    for level in range(max(depth, default=-1) + 1):
        batch = []
        for index, p in enumerate(parsed.provisions):
            if depth[index] != level:
                continue
            row = Provision(
                document=document,
                parent=rows[p.parent_index] if p.parent_index is not None else None,
                kind=p.kind,
                number=p.number[:20],
                heading="" if p.kind == "article" and _is_body_line(p.heading) else p.heading,
                text=p.text,
                order=p.order,
                anchor=p.anchor[:80],
            )
            rows[index] = row
            batch.append(row)
        Provision.objects.bulk_create(batch, batch_size=500)


_CLAUSE_START = re.compile(r"^\d+[a-zđ]?\.\s")


def _is_body_line(heading: str) -> bool:
    """Articles without a heading (the Constitution: "Điều 61. 1. Phát triển …") start
    their first clause where the heading would be; that line is body, not a title."""
    text = heading.strip()
    return bool(_CLAUSE_START.match(text)) or text.endswith((".", ";", ":"))


def _record_citations(document: LegalDocument, parsed: ParsedDocument) -> None:
    document.outgoing_relations.filter(is_detected=True).delete()
    # Citations in the preamble are the legal basis ("Căn cứ …").
    first = next((p for p in parsed.provisions if p.kind == "article"), None)
    basis_end = first_article_offset(parsed.text, first.number if first else None)
    seen: set[tuple[str, str]] = set()
    for citation in parsed.citations:
        key = citation.number.key if citation.number else (citation.name_key or "")
        if not key or key in {document.number_key, document.name_key}:
            continue
        before = parsed.text[max(0, citation.start - 40) : citation.start]
        kind = (
            RelationKind.BASED_ON
            if citation.start < basis_end and "căn cứ" in before.lower()
            else RelationKind.REFERS_TO
        )
        if (kind, key) in seen:
            continue
        seen.add((kind, key))
        target = (
            LegalDocument.objects.filter(number_key=key).first()
            if citation.number
            else LegalDocument.objects.filter(name_key=key).first()
        )
        Relation.objects.create(
            source=document,
            kind=kind,
            target=target,
            target_reference=citation.text[:300],
            target_key=key[:200],
            target_issued_on=citation.issued_on,
            is_detected=True,
        )
        if target is not None and target.issued_on is None and citation.issued_on:
            _date_from_citations(target)


def _date_from_citations(document: LegalDocument) -> None:
    """Give DOCUMENT without an issue date the one other documents cite it with.

    Catalogue records without their text (and texts whose header lost the date) are
    common; the documents that cite them usually write "… số 41/2024/QH15 ngày 29 tháng 6
    năm 2024". The date most of them agree on is taken, and where it came from is kept.

    A name alone identifies a document only with its year ("Luật Bảo hiểm xã hội" has
    had three), and never a consolidated text: citations of "Luật Bảo hiểm xã hội"
    mean the law, not the Văn bản hợp nhất that carries the same title.
    """
    keys = [document.number_key] if document.number_key else []
    consolidated = document.document_type.code == _TYPE_CODES["van ban hop nhat"]
    if document.name_key and document.year is not None and not consolidated:
        keys.append(document.name_key)
    if not keys:
        return
    cited = Counter(
        Relation.objects.filter(target_key__in=keys, target_issued_on__isnull=False)
        .exclude(source=document)
        .values_list("target_issued_on", "source__number_raw")
    )
    if not cited:
        return
    dates = Counter[datetime.date]()
    for (on, _source), n in cited.items():
        dates[on] += n
    on, _n = dates.most_common(1)[0]
    if document.effective_on and document.effective_on < on:
        return  # contradicts the document's own dates: a wrong citation, not a date
    sources = sorted({src for (d, src) in cited if d == on and src})
    document.issued_on = on
    document.issued_on_basis = ", ".join(sources[:3])[:300]
    if document.year is None:
        document.year = on.year
    document.save(update_fields=["issued_on", "issued_on_basis", "year"])


def _link_waiting_relations(document: LegalDocument) -> None:
    keys = [k for k in (document.number_key, document.name_key) if k]
    Relation.objects.filter(target__isnull=True, target_key__in=keys).exclude(
        source=document
    ).update(target=document)


def save_parsed(
    parsed: ParsedDocument,
    *,
    source: str = Source.FILE_IMPORT,
    reference: str = "",
    stats: search.TermStats | None = None,
) -> Outcome:
    """Create or update the document PARSED describes; idempotent.

    With STATS (a batch), the changes to the search statistics are added there once the
    document is saved, for the batch to write at its end.
    """
    meta = parsed.metadata
    reference = (reference or str(parsed.path))[:500]
    outcome = Outcome(file=reference, result=FAILED, warnings=list(parsed.warnings))
    if not parsed.text.strip() and not meta.title and meta.so_ky_hieu is None:
        outcome.errors.append("no text, no title and no number: nothing to import")
        return outcome
    if not parsed.text.strip():
        # A catalogue record without its text is still worth having: it can be cited,
        # linked and completed later by importing the text.
        outcome.warnings.append("imported without its text")
    doc_type = _resolve_type(meta.type_name, meta.so_ky_hieu)
    existing = _find_existing(parsed, reference)
    fingerprint = _fingerprint(parsed)
    if existing is not None and existing.content_hash == fingerprint:
        outcome.result, outcome.document = UNCHANGED, existing
        return outcome
    issued, effective, expires = _valid_dates(meta, outcome.errors)
    number = meta.so_ky_hieu
    title = _title(parsed, doc_type)
    pending = search.TermStats()
    with transaction.atomic():
        document = existing or LegalDocument(source=source)
        document.number_raw = str(number) if number else ""
        document.number_key = number.key if number else None
        document.number = number.number if number else ""
        document.year = number.year if number else (issued.year if issued else None)
        document.symbol = number.symbol if number else ""
        document.title = title
        document.document_type = doc_type
        document.signer_name = (meta.signer_name or "")[:150]
        document.signer_position = (meta.signer_position or "")[:200]
        document.issued_on, document.effective_on, document.expires_on = issued, effective, expires
        document.issued_on_basis = ""
        document.gazette_number = (meta.gazette_number or "")[:60]
        document.gazette_published_on = meta.gazette_date
        document.declared_status = meta.status if meta.status in _STATUS else ""
        document.source_reference = reference
        document.full_text = parsed.text
        document.name_key = name_key(title, document.year)[:300]
        document.content_hash = fingerprint
        document.title_terms = ranking.FieldTerms.from_text(title).stored()
        agencies = _issuer_agencies(meta.issuers)
        document.level = _level_for(doc_type, agencies)
        document.save()
        document.issuers.set(agencies)
        if existing is not None:
            search.remove_document(document, stats=pending)
        _rebuild_provisions(document, parsed)
        _record_citations(document, parsed)
        _link_waiting_relations(document)
        if document.issued_on is None:
            _date_from_citations(document)
        search.index_document(document, stats=pending)
        if stats is None:
            pending.apply()
    if stats is not None:
        stats.merge(pending)
    outcome.result = UPDATED if existing else CREATED
    outcome.document = document
    return outcome


_CONTENT_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
}


def keep_original(document: LegalDocument, path: Path, *, name: str = "") -> None:
    """Attach the file as received (once per content), so the original can be downloaded."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if document.attachments.filter(sha256=digest).exists():
        return
    attachment = Attachment(
        document=document,
        original_name=(name or path.name)[:255],
        content_type=_CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"),
        size=len(data),
        sha256=digest,
    )
    attachment.file.save(path.name, ContentFile(data), save=False)
    attachment.save()


def _parse(path: Path, overrides: Mapping[str, Any] | None) -> ParsedDocument | Outcome:
    """Parse PATH; a file that cannot be parsed comes back as a failed outcome. Runs in
    worker processes too, so it touches no database."""
    try:
        return parse_document(path, overrides)
    except UnreadableFile as exc:
        return Outcome(file=str(path), result=FAILED, errors=[exc.reason])
    except Exception as exc:  # a bug in one file's parse must not lose the batch
        return Outcome(file=str(path), result=FAILED, errors=[f"{type(exc).__name__}: {exc}"])


def _save(
    path: Path,
    parsed: ParsedDocument | Outcome,
    *,
    source: str,
    reference: str,
    keep_file: bool,
    stats: search.TermStats | None = None,
) -> Outcome:
    if isinstance(parsed, Outcome):
        parsed.file = reference or parsed.file
        return parsed
    try:
        # A savepoint: a database error here must not poison the rest of a chunk.
        pending = search.TermStats() if stats is not None else None
        with transaction.atomic():
            outcome = save_parsed(parsed, source=source, reference=reference, stats=pending)
            if keep_file and outcome.document is not None:
                keep_original(outcome.document, path)
        if stats is not None and pending is not None:
            stats.merge(pending)
    except Exception as exc:  # one document's failure is reported, the batch goes on
        outcome = Outcome(file=reference, result=FAILED, errors=[f"{type(exc).__name__}: {exc}"])
    return outcome


def import_file(
    path: Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    source: str = Source.FILE_IMPORT,
    reference: str = "",
    keep_file: bool = False,
) -> Outcome:
    return _save(
        path,
        _parse(path, overrides),
        source=source,
        reference=reference or str(path),
        keep_file=keep_file,
    )


def collect_files(root: Path) -> list[Path]:
    """The importable files under ROOT (or ROOT itself), in a stable order."""
    root = root.resolve()
    if root.is_file():
        return [root]
    files = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not p.name.startswith(".")
        and p.name not in {"index.json", "manifest.json"}
    ]
    # A JSON record reads the text file of the same name as its body (the gazette set's
    # layout), so that text file is not a document of its own.
    records = {p.with_suffix("") for p in files if p.suffix.lower() == ".json"}
    return sorted(
        p for p in files if p.suffix.lower() == ".json" or p.with_suffix("") not in records
    )


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, FAILED), 0)
        for o in self.outcomes:
            counts[o.result] += 1
        return counts


def _parsed_in_order(
    paths: Sequence[Path],
    overrides: Mapping[Path, Mapping[str, Any]],
    jobs: int,
) -> Iterator[ParsedDocument | Outcome]:
    """Each path parsed, in order. With JOBS > 1, JOBS - 1 worker processes parse ahead of
    the saving (which stays in this process, the one holding the database connection);
    a bounded window keeps memory flat on very large batches."""
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield _parse(path, overrides.get(path.resolve()))
        return
    window = 8 * jobs
    with ProcessPoolExecutor(max_workers=jobs - 1) as pool:
        pending: deque[Future[ParsedDocument | Outcome]] = deque()
        queued = iter(paths)
        for path in itertools.islice(queued, window):
            pending.append(pool.submit(_parse, path, overrides.get(path.resolve())))
        while pending:
            done = pending.popleft().result()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.submit(_parse, following, overrides.get(following.resolve())))
            yield done


def import_paths(
    paths: list[Path],
    *,
    overrides: Mapping[Path, Mapping[str, Any]] | None = None,
    source: str = Source.FILE_IMPORT,
    base: Path | None = None,
    on_progress: Callable[[Outcome, int, int], None] | None = None,
    keep_files: bool = False,
    chunk_size: int = 1,
    jobs: int = 1,
) -> BatchResult:
    """Import every path; one failure never stops the others.

    CHUNK_SIZE documents are saved per transaction, with the search statistics written
    once per chunk: large batches go several times faster, at the price of progress being
    reported (and visible to others) a chunk at a time. JOBS > 1 parses in parallel.
    """
    result = BatchResult()
    overrides = overrides or {}
    parsed_stream = _parsed_in_order(paths, overrides, jobs)
    index = 0
    while index < len(paths):
        chunk = paths[index : index + max(1, chunk_size)]
        outcomes = []
        with transaction.atomic():
            stats = search.TermStats()
            for path, parsed in zip(chunk, parsed_stream, strict=False):
                reference = (
                    str(path.relative_to(base)) if base and path.is_relative_to(base) else str(path)
                )
                outcomes.append(
                    _save(
                        path,
                        parsed,
                        source=source,
                        reference=reference,
                        keep_file=keep_files,
                        stats=stats,
                    )
                )
            stats.apply()
        for outcome in outcomes:
            index += 1
            result.outcomes.append(outcome)
            if on_progress is not None:
                on_progress(outcome, index, len(paths))
    search.merge_pending_postings()
    return result
