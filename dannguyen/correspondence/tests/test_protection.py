"""A denouncer's identity (Luật Tố cáo Art 47, 56) never reaches a letter to an agency; a
letter to the denouncer themself is their custodians' only, and each opening is logged."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from dannguyen.correspondence import exports, queries, rendering, services, workflow
from dannguyen.correspondence.models import OutgoingLetter
from dannguyen.petitions.models import IdentityAccess

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db

IDENTITY = [
    "Phạm Văn Tố",
    "037090001234",
    "0912345678",
    "0912 345 678",
    "Xóm 3",
    "Gia Vân, tỉnh Ninh Bình",
]


def _all_text(data: bytes) -> str:
    with io.BytesIO(data) as buffer:
        doc = Document(buffer)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def to_inspectorate(denunciation, provincial_inspectorate, supervision_officer):
    """A forwarding letter of the protected denunciation, with the name typed in by hand too."""
    letter = services.draft_letter(
        kind="forwarding_letter",
        by=supervision_officer,
        petition=denunciation,
        recipient_agency=provincial_inspectorate,
    )
    workflow.update(
        letter,
        values={"body": letter.body + "\nNgười tố cáo là ông Phạm Văn Tố, điện thoại 0912345678."},
        by=supervision_officer,
    )
    return letter


def test_a_letter_to_an_agency_never_prints_the_denouncer(
    to_inspectorate, supervision_officer, department_head
):
    workflow.submit(to_inspectorate, by=supervision_officer)
    workflow.approve(to_inspectorate, by=department_head)
    workflow.issue(to_inspectorate, by=supervision_officer)

    for data in (rendering.read_issued(to_inspectorate), rendering.render(to_inspectorate)[0]):
        text = _all_text(data)
        for secret in IDENTITY:
            assert secret not in text
        assert "(kept confidential)" in text or "(được giữ bí mật)" in text
        assert "Đinh Văn Cường" in text  # the person denounced is not protected
        assert "Đề nghị giữ bí mật họ tên, địa chỉ, bút tích" in text


def test_the_register_export_and_list_never_show_the_denouncer(
    to_inspectorate, supervision_officer, department_head, reception_officer
):
    notice = services.draft_letter(
        kind="citizen_notice", by=department_head, petition=to_inspectorate.petition
    )
    for letter in (to_inspectorate, notice):
        workflow.submit(letter, by=department_head)
        workflow.approve(letter, by=department_head)
        workflow.issue(letter, by=department_head)

    rows = list(exports.rows(OutgoingLetter.objects.order_by("number")))
    flat = "\n".join(str(cell) for row in rows for cell in row)
    for secret in IDENTITY:
        assert secret not in flat
    labels = [
        queries.recipient_label(letter, reception_officer) for letter in (to_inspectorate, notice)
    ]
    assert labels[0] == "Thanh tra tỉnh Ninh Bình"
    assert labels[1] != DENOUNCER.full_name


def test_only_a_custodian_drafts_the_notice_and_the_reveal_is_logged(
    denunciation, supervision_officer, reception_officer
):
    with pytest.raises(PermissionDenied):
        services.draft_letter(kind="citizen_notice", by=reception_officer, petition=denunciation)
    assert not OutgoingLetter.objects.exists()

    notice = services.draft_letter(
        kind="citizen_notice",
        by=supervision_officer,
        petition=denunciation,
        reveal_reason="Gửi thông báo thụ lý cho người tố cáo",
    )

    assert (notice.recipient_name, notice.recipient_address) == (
        DENOUNCER.full_name,
        DENOUNCER.address,
    )
    access = IdentityAccess.objects.get(petition=denunciation)
    assert (access.user, access.reason) == (
        supervision_officer,
        "Gửi thông báo thụ lý cho người tố cáo",
    )
    content = _all_text(rendering.render(notice)[0])
    assert DENOUNCER.full_name in content


def test_the_notice_is_closed_to_non_custodians_on_every_door(
    client, denunciation, supervision_officer, reception_officer, department_head
):
    notice = services.draft_letter(
        kind="citizen_notice", by=supervision_officer, petition=denunciation
    )
    client.force_login(reception_officer)
    for name in ("correspondence:detail", "correspondence:download"):
        assert client.get(reverse(name, args=[notice.pk])).status_code == 403
    assert client.post(reverse("correspondence:act", args=[notice.pk, "submit"])).status_code == 403
    listed = client.get(reverse("correspondence:list"))
    assert DENOUNCER.full_name not in listed.content.decode()

    before = IdentityAccess.objects.count()
    client.force_login(department_head)
    page = client.get(reverse("correspondence:detail", args=[notice.pk]))
    assert page.status_code == 200
    assert DENOUNCER.full_name in page.content.decode()
    download = client.get(reverse("correspondence:download", args=[notice.pk]))
    assert download.status_code == 200
    assert IdentityAccess.objects.count() == before + 2
