from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from dannguyen.petitions import workflow
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import (
    AppendOnly,
    DuplicateLink,
    IdentityAccess,
    Petition,
    Petitioner,
    PetitionEvent,
)

from .conftest import COMPLAINANT, DENOUNCER, values

pytestmark = pytest.mark.django_db


def test_codes_run_per_year_of_receipt_without_gaps(register):
    first = register(received_on=datetime.date(2025, 12, 30))
    second = register(received_on=datetime.date(2026, 1, 2))
    third = register(received_on=datetime.date(2025, 12, 31))
    fourth = register(received_on=datetime.date(2026, 1, 5))

    assert [p.code for p in (first, second, third, fourth)] == [
        "2025/0001",
        "2026/0001",
        "2025/0002",
        "2026/0002",
    ]


def test_a_failed_registration_gives_its_number_back(register, reception_officer):
    register()

    with pytest.raises(IntegrityError), transaction.atomic():
        workflow.register(
            values=values(channel="not-a-channel"), people=[COMPLAINANT], by=reception_officer
        )
    after = register()

    assert after.code == "2026/0002"


def test_the_same_number_cannot_be_stored_twice(complaint):
    duplicate = Petition(
        year=complaint.year,
        number=complaint.number,
        code="2026/9999",
        received_on=complaint.received_on,
        channel="post",
        content="x",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def _in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and ("memory" in name or name == "")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_numbers(world):
    if _in_memory_sqlite():
        pytest.skip("an in-memory SQLite database cannot be shared: see the next test")
    errors: list[BaseException] = []

    def enter(n: int) -> None:
        try:
            workflow.register(
                values=values(content=f"Đơn số {n} về bồi thường đất"), people=[], by=None
            )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Petition.objects.values_list("number", flat=True)) == list(range(1, 9))


WORKER = """
import datetime, os, sys
import django
django.setup()
from dannguyen.petitions import workflow
for n in range(5):
    workflow.register(
        values={"received_on": datetime.date(2026, 3, 2), "channel": "post",
                "content": f"Đơn {sys.argv[1]}-{n}"},
        people=[], by=None,
    )
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the PostgreSQL run checks concurrency with threads (test above)",
)
def test_concurrent_processes_on_a_sqlite_file_never_share_a_number(tmp_path, migrated_sqlite_file):
    database = migrated_sqlite_file(tmp_path / "concurrency.sqlite3")
    env = {**os.environ, "DANNGUYEN_SQLITE_PATH": str(database), "DATABASE_URL": ""}
    env["DJANGO_SETTINGS_MODULE"] = "dannguyen.settings"
    root = Path(__file__).resolve().parents[3]
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(n)], cwd=root, env=env)
        for n in range(4)
    ]

    assert [w.wait(timeout=120) for w in workers] == [0] * 4
    with sqlite3.connect(database) as db:
        numbers = sorted(n for (n,) in db.execute("SELECT number FROM petitions_petition"))
    assert numbers == list(range(1, 21))


def test_registration_writes_history_and_signers(complaint, reception_officer):
    event = complaint.events.get()

    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "registered",
        "",
        "received",
        reception_officer,
    )
    assert [s.petitioner.full_name for s in complaint.signers.all()] == ["Trần Thị Khiếu"]


def test_petitioner_is_found_again_by_identity_number(register):
    first = register()
    again = register(people=[PersonInput(full_name="TRẦN THỊ KHIẾU", id_number="036 185 004 321")])

    assert Petitioner.objects.count() == 1
    assert first.signers.get().petitioner == again.signers.get().petitioner


def test_old_address_is_mapped_to_todays_ward(register):
    petition = register(
        people=[
            PersonInput(
                full_name="Lê Văn Cũ", address="Xóm 4, xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình"
            )
        ]
    )

    petitioner = petition.signers.get().petitioner
    assert (petitioner.ward.name, petitioner.province.name, petitioner.street) == (
        "Phường Nam Hoa Lư",
        "Tỉnh Ninh Bình",
        "Xóm 4",
    )


def test_identity_is_never_stored_in_clear(denunciation):
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, id_number, phone, address FROM petitions_petitioner")
        stored = cursor.fetchall()
        cursor.execute("SELECT search_text FROM petitions_petition")
        search_texts = [row[0] for row in cursor.fetchall()]

    assert all(value.startswith("fernet:") for row in stored for value in row)
    assert not any("pham van to" in text or "037090001234" in text for text in search_texts)


def test_assign_then_classify_records_each_step(
    complaint, department_head, reception_officer, land_field, world
):
    workflow.assign(complaint, to=reception_officer, by=department_head, note="Xử lý trong tuần")
    workflow.classify(
        complaint,
        kind="complaint",
        main_field=land_field,
        eligibility="eligible",
        competence="outside",
        competent_agency=None,
        procedure_stage="first_resolved",
        by=reception_officer,
    )

    complaint.refresh_from_db()
    assert complaint.status == "classified"
    assert list(complaint.events.values_list("action", "from_status", "to_status", "note")) == [
        ("registered", "", "received", ""),
        (
            "assigned",
            "received",
            "assigned",
            gettext("to %(name)s") % {"name": "Lê Thị Tiếp"} + ". Xử lý trong tuần",
        ),
        ("classified", "assigned", "classified", ""),
    ]


def test_reassigning_a_classified_petition_keeps_its_status(
    complaint, department_head, reception_officer, supervision_officer, land_field
):
    workflow.classify(
        complaint,
        kind="complaint",
        main_field=land_field,
        eligibility="eligible",
        competence="undetermined",
        competent_agency=None,
        procedure_stage="undetermined",
        by=department_head,
    )

    workflow.assign(complaint, to=supervision_officer, by=department_head)

    assert (complaint.status, complaint.assigned_to) == ("classified", supervision_officer)


def test_duplicates_hang_off_the_first_letter(register, reception_officer):
    first, second, third = register(), register(), register()

    workflow.link_duplicate(second, original=first, by=reception_officer)
    workflow.link_duplicate(third, original=second, by=reception_officer)

    links = DuplicateLink.objects.filter(verdict="duplicate").order_by("petition_id")
    assert [(link.petition, link.original) for link in links] == [(second, first), (third, first)]


def test_a_petition_cannot_duplicate_itself(complaint, reception_officer):
    with pytest.raises(workflow.DuplicateError):
        workflow.link_duplicate(complaint, original=complaint, by=reception_officer)


def test_not_a_duplicate_then_duplicate_keeps_one_decision(register, reception_officer):
    first, second = register(), register()

    workflow.mark_not_duplicate(second, original=first, by=reception_officer)
    workflow.link_duplicate(second, original=first, by=reception_officer)

    assert list(second.duplicate_decisions.values_list("original", "verdict")) == [
        (first.pk, "duplicate")
    ]


def test_history_rows_cannot_be_changed_or_deleted(denunciation, department_head):
    event = denunciation.events.first()
    access = workflow.reveal_identity(
        denunciation, by=department_head, reason="Liên hệ bổ sung chứng cứ", what="identity"
    )

    event.note = "sửa"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        access.delete()
    with pytest.raises(AppendOnly):
        PetitionEvent.objects.all().update(note="x")
    with pytest.raises(AppendOnly):
        IdentityAccess.objects.all().delete()


def test_waiver_lifts_protection_and_is_recorded(denunciation, department_head):
    workflow.waive_protection(
        denunciation, by=department_head, note="Người tố cáo đề nghị công khai danh tính."
    )

    denunciation.refresh_from_db()
    assert (denunciation.is_identity_protected, denunciation.protection_waived) == (False, True)
    assert denunciation.events.last().action == "protection_waived"
    assert "pham van to" in denunciation.search_text


def test_protection_follows_the_kind_in_the_database(complaint):
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=complaint.pk).update(kind="denunciation")


def test_reclassifying_as_denunciation_protects_and_redacts(
    complaint, department_head, corruption_field
):
    workflow.classify(
        complaint,
        kind="denunciation",
        main_field=corruption_field,
        eligibility="eligible",
        competence="undetermined",
        competent_agency=None,
        procedure_stage="undetermined",
        by=department_head,
    )

    complaint.refresh_from_db()
    assert complaint.is_identity_protected is True
    assert "tran thi khieu" not in complaint.search_text


def test_other_signers_and_count(register):
    petition = register(
        people=[COMPLAINANT, PersonInput(full_name="Lê Văn Hai"), DENOUNCER], signer_count=40
    )

    assert [s.petitioner.full_name for s in petition.signers.all()] == [
        "Trần Thị Khiếu",
        "Lê Văn Hai",
        "Phạm Văn Tố",
    ]
    assert petition.is_multi_signer is True
