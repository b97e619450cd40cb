from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command

from dannguyen.legal import importing
from dannguyen.legal.models import LegalDocument, Provision, Relation, SearchEntry

from .conftest import LAW, write

pytestmark = pytest.mark.django_db


def test_import_reads_metadata_structure_and_indexes(law):
    assert law.number_raw == "02/2011/QH13"
    assert law.document_type.code == "luat"
    assert law.title == "Luật Khiếu nại"
    assert [a.name for a in law.issuers.all()] == ["Quốc hội"]
    assert law.level == "central"
    assert law.effective_on == datetime.date(2012, 7, 1)
    articles = law.provisions.filter(kind="article").order_by("order")
    assert [a.number for a in articles] == ["1", "2", "9", "28", "70"]
    assert articles[1].heading == "Giải thích từ ngữ"
    assert SearchEntry.objects.filter(document=law).count() == 6  # the document + 5 articles


def test_importing_again_changes_nothing(law, tmp_path):
    outcome = importing.import_file(write(tmp_path, "luat-khieu-nai.txt", LAW))

    assert outcome.result == "unchanged"
    assert LegalDocument.objects.count() == 1
    assert SearchEntry.objects.count() == 6


def test_importing_an_edited_file_updates_the_same_document(law, tmp_path):
    edited = LAW.replace("90 ngày", "120 ngày")

    outcome = importing.import_file(write(tmp_path, "luat-khieu-nai-sua.txt", edited))

    assert (outcome.result, outcome.document.pk) == ("updated", law.pk)
    assert "120 ngày" in Provision.objects.get(document=law, kind="article", number="9").text


def test_citations_become_relations_linked_when_the_target_exists(decree, law):
    relations = {
        (r.kind, r.target_id, r.target_key) for r in Relation.objects.filter(source=decree)
    }

    assert ("refers_to", law.pk, "02/2011/QH13") in relations
    assert any(kind == "based_on" for kind, _, _ in relations)


def test_relation_waiting_for_its_target_is_linked_on_import(document_types, tmp_path):
    from .conftest import DECREE

    decree = importing.import_file(write(tmp_path, "nd.txt", DECREE)).document
    waiting = Relation.objects.get(source=decree, target_key="02/2011/QH13")
    assert waiting.target is None

    law = importing.import_file(write(tmp_path, "luat.txt", LAW)).document

    waiting.refresh_from_db()
    assert waiting.target == law


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("tcvn3.txt", "Nghị định".encode().replace(b"\xe1", b"\xe1"), None),
    ],
)
def test_bad_files_are_reported_not_imported(document_types, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)

    outcome = importing.import_file(path)

    if reason is None:
        assert outcome.result in {"created", "failed"}
    else:
        assert outcome.result == "failed"
        assert outcome.errors and reason in outcome.errors[0].lower()


def test_legacy_encoding_is_refused(document_types, tmp_path):
    path = tmp_path / "vni.txt"
    # "Nghò ñònh" is how "Nghị định" reads in the VNI-Windows font encoding.
    path.write_bytes("Luaät Khieáu naïi. Nghò ñònh soá 124".encode("cp1252"))

    outcome = importing.import_file(path)

    assert outcome.result == "failed"
    assert "VNI" in outcome.errors[0] or "TCVN3" in outcome.errors[0]


def test_command_imports_a_folder_with_report_and_counts(document_types, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "luat.txt", LAW)
    (folder / "empty.txt").write_bytes(b"")
    report = tmp_path / "report.jsonl"

    call_command("legal_import", str(folder), "--report", str(report))
    call_command("legal_import", str(folder))

    out = capsys.readouterr().out
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert "created 0, updated 0, unchanged 1, failed 1" in out
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [(line["file"], line["status"]) for line in lines] == [
        ("empty.txt", "failed"),
        ("luat.txt", "created"),
    ]
    assert lines[1]["so_ky_hieu"] == "02/2011/QH13"
    assert lines[1]["issued_on"] == "2011-11-11"
    assert set(lines[1]) == {
        "file",
        "status",
        "document_id",
        "so_ky_hieu",
        "type",
        "issuer",
        "issued_on",
        "title",
        "errors",
    }


def test_manifest_overrides_what_the_file_says(document_types, tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    write(folder, "law.txt", "Điều 1. Phạm vi\nNội dung điều một.\n")
    manifest = folder / "manifest.json"
    manifest.write_text(
        json.dumps([{"file": "law.txt", "title": "Luật Thử nghiệm", "type": "Luật"}]),
        encoding="utf-8",
    )

    call_command("legal_import", str(folder), "--manifest", str(manifest))

    document = LegalDocument.objects.get()
    assert (document.title, document.document_type.code) == ("Luật Thử nghiệm", "luat")


def test_a_record_and_its_text_file_are_one_document(document_types, tmp_path):
    folder = tmp_path / "gazette"
    folder.mkdir()
    write(folder, "luat-so-02-2011-qh13.txt", LAW)
    (folder / "luat-so-02-2011-qh13.json").write_text(
        json.dumps({"so_hieu": "02/2011/QH13", "loai": "Luật", "mo_ta": "Luật Khiếu nại"}),
        encoding="utf-8",
    )

    paths = importing.collect_files(folder)
    result = importing.import_paths(paths, base=folder)

    assert [p.name for p in paths] == ["luat-so-02-2011-qh13.json"]
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 0, "failed": 0}
    assert LegalDocument.objects.get().provisions.filter(kind="article").count() == 5


def test_a_record_without_text_is_kept_as_a_catalogue_entry(document_types, tmp_path):
    path = tmp_path / "nd.json"
    path.write_text(json.dumps({"so_hieu": "124/2020/NĐ-CP", "loai": "Nghị định"}), "utf-8")

    outcome = importing.import_file(path)

    assert outcome.result == "created"
    assert outcome.document.number_raw == "124/2020/NĐ-CP"
    assert outcome.warnings[-1] == "imported without its text"


def test_article_without_heading_keeps_its_first_clause_as_body(document_types, tmp_path):
    text = (
        "HIẾN PHÁP\n\nChương I\nCHẾ ĐỘ CHÍNH TRỊ\n\n"
        "Điều 1. Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập.\n\n"
        "Điều 2. 1. Nhà nước do Nhân dân làm chủ.\n2. Quyền lực nhà nước là thống nhất.\n"
    )
    document = importing.import_file(write(tmp_path, "hp.txt", text)).document

    articles = list(document.provisions.filter(kind="article").order_by("order"))

    assert [a.heading for a in articles] == ["", ""]
    assert (
        articles[1].body == "1. Nhà nước do Nhân dân làm chủ.\n2. Quyền lực nhà nước là thống nhất."
    )


CATALOGUE_RECORD = {
    "so_hieu": "41/2024/QH15",
    "loai": "Luật",
    "mo_ta": "Luật Bảo hiểm xã hội",
}
CITING_DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 158/2025/NĐ-CP
Hà Nội, ngày 25 tháng 6 năm 2025

NGHỊ ĐỊNH
Quy định chi tiết một số điều của Luật Bảo hiểm xã hội

Căn cứ Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024;

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết Luật Bảo hiểm xã hội.
"""


@pytest.mark.parametrize("record_first", [True, False])
def test_a_record_without_date_takes_the_date_other_documents_cite_it_with(
    document_types, tmp_path, record_first
):
    record = tmp_path / "luat-41-2024.json"
    record.write_text(json.dumps(CATALOGUE_RECORD, ensure_ascii=False), encoding="utf-8")
    decree = write(tmp_path, "nd-158-2025.txt", CITING_DECREE)

    for path in [record, decree] if record_first else [decree, record]:
        importing.import_file(path)

    law = LegalDocument.objects.get(number_key="41/2024/QH15")
    assert (law.issued_on, law.issued_on_basis, law.year) == (
        datetime.date(2024, 6, 29),
        "158/2025/NĐ-CP",
        2024,
    )


def test_a_date_of_the_document_itself_is_never_replaced_by_a_citation(document_types, tmp_path):
    wrong = CITING_DECREE.replace("29 tháng 6 năm 2024", "01 tháng 7 năm 2024")
    importing.import_file(write(tmp_path, "nd.txt", wrong))
    law_text = LAW.replace("02/2011/QH13", "41/2024/QH15").replace("năm 2011", "năm 2024")

    law = importing.import_file(write(tmp_path, "law.txt", law_text)).document

    assert law.issued_on_basis == ""
    assert law.issued_on != datetime.date(2024, 7, 1)


def test_the_report_shows_dates_found_later_in_the_batch(document_types, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # "luat-…" sorts before "nd-…": the record is imported before the decree citing it.
    (folder / "luat-41-2024.json").write_text(
        json.dumps(CATALOGUE_RECORD, ensure_ascii=False), encoding="utf-8"
    )
    write(folder, "nd-158-2025.txt", CITING_DECREE)
    report = tmp_path / "report.jsonl"

    call_command("legal_import", str(folder), "--report", str(report), "--chunk", "1")

    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(line["so_ky_hieu"], line["issued_on"]) for line in lines] == [
        ("41/2024/QH15", "2024-06-29"),
        ("158/2025/NĐ-CP", "2025-06-25"),
    ]


NAMED_RECORD = {
    "so_hieu": "12/2012/QH13",
    "loai": "Luật",
    "mo_ta": "Luật Công đoàn 2012 (12/2012/QH13)",
}
DECREE_CITING_BY_NAME = """CHÍNH PHỦ
Số: 191/2013/NĐ-CP
Hà Nội, ngày 21 tháng 11 năm 2013

NGHỊ ĐỊNH
Quy định chi tiết về tài chính công đoàn

Căn cứ Luật Công đoàn ngày 20 tháng 6 năm 2012;

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết về tài chính công đoàn.
"""


def test_a_record_named_in_its_description_takes_the_date_it_is_cited_with_by_name(
    document_types, tmp_path
):
    record = tmp_path / "luat-12-2012.json"
    record.write_text(json.dumps(NAMED_RECORD, ensure_ascii=False), encoding="utf-8")
    importing.import_file(record)

    importing.import_file(write(tmp_path, "nd-191-2013.txt", DECREE_CITING_BY_NAME))

    law = LegalDocument.objects.get(number_key="12/2012/QH13")
    assert (law.title, law.issued_on, law.issued_on_basis) == (
        "Luật Công đoàn",
        datetime.date(2012, 6, 20),
        "191/2013/NĐ-CP",
    )


CONSOLIDATED = """VĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
CÔNG ĐOÀN

Luật Công đoàn số 12/2012/QH13 ngày 20 tháng 6 năm 2012 của Quốc hội, có hiệu lực kể
từ ngày 01 tháng 01 năm 2013, được sửa đổi, bổ sung bởi:

Điều 1. Phạm vi điều chỉnh
Luật này quy định về công đoàn.
"""


def test_a_consolidated_text_never_takes_the_date_its_law_is_cited_with(document_types, tmp_path):
    record = tmp_path / "vbhn.json"
    record.write_text(
        json.dumps({"so_hieu": "van-ban-hop-nhat-so-07-vbhn-vpqh-1234", "loai": "VB HN"}),
        encoding="utf-8",
    )
    write(tmp_path, "vbhn.txt", CONSOLIDATED)
    importing.import_file(record)

    importing.import_file(write(tmp_path, "nd-191-2013.txt", DECREE_CITING_BY_NAME))

    consolidated = LegalDocument.objects.get(number_key="07/VBHN-VPQH")
    assert (consolidated.title, consolidated.issued_on) == ("Luật Công đoàn", None)
