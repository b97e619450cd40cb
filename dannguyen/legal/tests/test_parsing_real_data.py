"""A handful of real documents from the shared corpora (skipped where they are absent).

The full corpora are measured by bench/legal_parse_coverage.py; these pin a few cases
of each kind: a law from the VLC corpus, gazette records with companion text (decree,
joint circular, consolidated text, metadata-only law) and the search benchmark with
its manifest.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from dannguyen.legal.parsing import ParsedDocument, parse_document, read_manifest

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared/data is not available")


def _summary(document: ParsedDocument) -> tuple[object, ...]:
    meta = document.metadata
    return (
        str(meta.so_ky_hieu) if meta.so_ky_hieu else None,
        meta.type_name,
        meta.title,
        meta.issuers,
        meta.issued_on,
        meta.effective_on,
        meta.signer_name,
    )


def _articles(document: ParsedDocument) -> list[str]:
    return [p.number for p in document.provisions if p.kind == "article"]


def test_vlc_law() -> None:
    document = parse_document(
        DATA / "legal-vlc" / "Luat-66-2011-QH12-phong-chong-mua-ban-nguoi-122148.txt"
    )
    assert _summary(document) == (
        "66/2011/QH12",
        "Luật",
        "Luật Phòng, chống mua bán người",
        ["Quốc hội"],
        datetime.date(2011, 3, 29),
        datetime.date(2012, 1, 1),
        "Nguyễn Phú Trọng",
    )
    assert _articles(document) == [str(n) for n in range(1, 59)]
    assert sum(p.kind == "chapter" for p in document.provisions) == 8


def test_gazette_decree_record_with_companion_text() -> None:
    document = parse_document(
        DATA / "legal-gazette" / "bhxh" / "nghi-dinh-so-158-2025-nd-cp-45240.json"
    )
    assert _summary(document) == (
        "158/2025/NĐ-CP",
        "Nghị định",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội về "
        "bảo hiểm xã hội bắt buộc",
        ["Chính phủ"],
        datetime.date(2025, 6, 25),
        datetime.date(2025, 7, 1),
        "Hồ Đức Phớc",
    )
    assert (document.metadata.gazette_number, document.metadata.gazette_date) == (
        "851 + 852",
        datetime.date(2025, 7, 1),
    )
    assert _articles(document) == [str(n) for n in range(1, 46)]
    assert "CÔNG BÁO/" not in document.text


def test_gazette_joint_circular() -> None:
    document = parse_document(
        DATA
        / "legal-gazette"
        / "hd_khoan"
        / "thong-tu-lien-tich-so-01-2022-ttlt-vksndtc-tandtc-bca-bqp-bldtbxh-36844.json"
    )
    meta = document.metadata
    assert (str(meta.so_ky_hieu), meta.type_name, meta.issuers, meta.issued_on) == (
        "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH",
        "Thông tư liên tịch",
        [
            "Viện kiểm sát nhân dân tối cao",
            "Tòa án nhân dân tối cao",
            "Bộ Công an",
            "Bộ Quốc phòng",
            "Bộ Lao động - Thương binh và Xã hội",
        ],
        datetime.date(2022, 2, 18),
    )
    assert len(_articles(document)) == 27


def test_gazette_consolidated_text() -> None:
    document = parse_document(
        DATA / "legal-gazette" / "hd_khoan" / "van-ban-hop-nhat-so-4246-vbhn-bldtbxh-34873.json"
    )
    assert _summary(document) == (
        "4246/VBHN-BLĐTBXH",
        "Văn bản hợp nhất",
        "Hướng dẫn về bảo vệ việc làm của người tố cáo là người làm việc theo hợp đồng lao động",
        ["Bộ Lao động - Thương binh và Xã hội"],
        datetime.date(2021, 11, 24),
        None,
        "Đào Ngọc Dung",
    )


def test_gazette_metadata_only_record() -> None:
    document = parse_document(DATA / "legal-gazette" / "bhxh" / "luat-so-41-2024-qh15-42576.json")
    assert _summary(document) == (
        "41/2024/QH15",
        "Luật",
        None,
        ["Quốc hội"],
        None,
        None,
        None,
    )
    assert (document.text, document.provisions, document.warnings) == (
        "",
        [],
        ["record has no text"],
    )


def test_search_bench_with_manifest() -> None:
    folder = DATA / "search-bench"
    overrides = read_manifest(folder / "manifest.json")
    path = (folder / "laws" / "luat-cu-tru.txt").resolve()
    document = parse_document(path, overrides[path])
    meta = document.metadata
    assert (meta.title, meta.type_name, meta.issuers, meta.sources["title"]) == (
        "Luật Cư trú",
        "Luật",
        ["Quốc hội"],
        "override",
    )
    assert _articles(document)[:3] == ["1", "2", "3"]
