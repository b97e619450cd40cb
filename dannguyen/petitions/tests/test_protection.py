"""A denouncer's identity (Luật Tố cáo Art 47, 56): never shown to anyone without a logged
reason, never in an export, a list, a search, the API or the audit log."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dannguyen.accounts.models import ApiToken
from dannguyen.core.models import AuditEntry
from dannguyen.core.templatetags.ui import history_url
from dannguyen.petitions import workflow
from dannguyen.petitions.forms import sniff
from dannguyen.petitions.identity import PROTECTED, PersonInput
from dannguyen.petitions.models import IdentityAccess

from .conftest import BRIBERY, DENOUNCER, values
from .test_forms import PDF
from .test_views import register_rows

pytestmark = pytest.mark.django_db

SECRETS = ["Phạm Văn Tố", "037090001234", "0912345678", "0912 345 678", "Xóm 3, xã Gia Vân"]
OTHERS = ["reception_officer", "information_officer", "office_leader"]


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize("persona", [*OTHERS, "supervision_officer", "department_head"])
def test_detail_page_masks_the_identity_and_the_signature_in_the_text(
    client, request, denunciation, persona
):
    client.force_login(request.getfixturevalue(persona))

    html = client.get(denunciation.get_absolute_url()).content.decode()

    assert leaks(html) == []
    assert str(PROTECTED) in html
    assert "Đinh Văn Cường" in html  # the person denounced is not protected


@pytest.mark.parametrize("persona", OTHERS)
def test_list_search_and_export_never_show_or_find_the_identity(
    client, request, denunciation, persona
):
    client.force_login(request.getfixturevalue(persona))

    listing = client.get(reverse("petitions:list")).content.decode()
    by_name = client.get(reverse("petitions:list"), {"q": "pham van to"}).context["rows"]
    by_number = client.get(reverse("petitions:list"), {"q": "037090001234"}).context["rows"]
    exported = register_rows(client.get(reverse("petitions:export")))

    assert leaks(listing) == []
    assert (by_name, by_number) == ([], [])
    assert leaks(json.dumps(exported, default=str, ensure_ascii=False)) == []
    assert exported[0][4:7] == (str(PROTECTED),) * 3


def test_the_edit_form_never_carries_a_protected_identity(client, denunciation, department_head):
    client.force_login(department_head)

    html = client.get(reverse("petitions:edit", args=[denunciation.pk])).content.decode()

    assert leaks(html) == []
    assert 'name="full_name"' not in html


def test_editing_a_protected_petition_keeps_its_signers(client, denunciation, department_head):
    client.force_login(department_head)
    before = list(denunciation.signers.values_list("petitioner", flat=True))

    client.post(
        reverse("petitions:edit", args=[denunciation.pk]),
        {
            "received_on": "02/03/2026",
            "channel": "post",
            "receiving_subject": "office",
            "signer_count": "1",
            "kind": "denunciation",
            "content": denunciation.content,
            "confidentiality": "confidential",
            "urgency": "normal",
        },
    )

    assert list(denunciation.signers.values_list("petitioner", flat=True)) == before


PROTECTED_EDIT = {
    "received_on": "02/03/2026",
    "channel": "post",
    "receiving_subject": "office",
    "signer_count": "1",
    "kind": "denunciation",
    "confidentiality": "confidential",
    "urgency": "normal",
}


def test_the_handler_corrects_a_protected_identity_after_a_logged_reason(
    client, denunciation, supervision_officer
):
    client.force_login(supervision_officer)
    url = reverse("petitions:edit", args=[denunciation.pk])

    asked = client.get(url + "?unlock=1")
    shown = client.post(url + "?unlock=1", {"reason": "Sửa số CCCD ghi nhầm khi tiếp nhận"})
    access = IdentityAccess.objects.get(petition=denunciation)
    saved = client.post(
        url,
        {
            **PROTECTED_EDIT,
            "identity_access": str(access.pk),
            "full_name": "Phạm Văn Tố",
            "id_number": "037090001235",
            "phone": "0912345678",
            "address": "Xóm 3, xã Gia Vân",
            "content": denunciation.content + " Bổ sung.",
        },
    )

    assert 'name="full_name"' not in asked.content.decode()
    assert leaks(shown.content.decode()) == SECRETS  # the form, filled: identity and text
    assert (access.user, access.reason) == (
        supervision_officer,
        "Sửa số CCCD ghi nhầm khi tiếp nhận",
    )
    assert saved.status_code == 302
    denunciation.refresh_from_db()
    petitioner = denunciation.signers.get().petitioner
    assert (petitioner.full_name, petitioner.id_number) == ("Phạm Văn Tố", "037090001235")
    assert denunciation.content.endswith(" Bổ sung.")
    assert denunciation.is_identity_protected


@pytest.mark.parametrize("stale", ["someone_else", "expired", "other_petition"])
def test_an_identity_correction_needs_the_users_own_fresh_reveal(
    client, request, register, denunciation, supervision_officer, department_head, stale
):
    url = reverse("petitions:edit", args=[denunciation.pk])
    target = denunciation
    if stale == "other_petition":
        target = register(people=[DENOUNCER], kind="denunciation", content="Tố cáo khác")
    access = workflow.reveal_identity(
        target,
        by=department_head if stale == "someone_else" else supervision_officer,
        reason="Kiểm tra hồ sơ",
        what="test",
        now=timezone.now() - datetime.timedelta(minutes=31 if stale == "expired" else 1),
    )
    client.force_login(supervision_officer)
    before = list(denunciation.signers.values_list("petitioner", flat=True))

    response = client.post(
        url,
        {
            **PROTECTED_EDIT,
            "identity_access": str(access.pk),
            "full_name": "Người Khác",
            "content": "Nội dung khác",
        },
    )

    assert response.status_code == 302  # saved, but only what the locked form carries
    denunciation.refresh_from_db()
    assert list(denunciation.signers.values_list("petitioner", flat=True)) == before
    assert denunciation.content == BRIBERY


@pytest.mark.parametrize("persona", ["reception_officer", "information_officer"])
def test_only_custodians_may_unlock_the_identity_for_correction(
    client, request, denunciation, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("petitions:edit", args=[denunciation.pk])

    responses = [
        client.get(url + "?unlock=1"),
        client.post(url + "?unlock=1", {"reason": "x" * 20}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert IdentityAccess.objects.count() == 0


def test_the_audit_history_masks_identity_and_text(client, denunciation, office_leader):
    client.force_login(office_leader)

    signer = denunciation.signers.get()
    pages = [
        client.get(history_url(denunciation)).content.decode(),
        client.get(history_url(signer.petitioner)).content.decode(),
        client.get(reverse("core:audit_log")).content.decode(),
    ]

    assert [leaks(page) for page in pages] == [[], [], []]


def test_a_lookup_never_tells_who_denounced(client, denunciation, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("petitions:lookup"), {"id_number": DENOUNCER.id_number})

    assert response.context["people"] == []
    assert denunciation.code not in response.content.decode()


def test_a_new_letter_from_the_denouncer_does_not_reveal_the_denunciation(
    client, denunciation, register, reception_officer
):
    complaint = register(
        people=[DENOUNCER],
        content="Tôi kiến nghị sửa chữa cầu dân sinh bắc qua sông Hoàng Long đã xuống cấp.",
    )
    client.force_login(reception_officer)

    live = client.post(
        reverse("petitions:check"),
        {
            "content": complaint.content,
            "full_name": DENOUNCER.full_name,
            "id_number": DENOUNCER.id_number,
        },
    )
    panel = client.get(reverse("petitions:candidates", args=[complaint.pk]))

    assert [c.petition for c in live.context["candidates"]] == [complaint]
    assert denunciation.code not in panel.content.decode()
    assert complaint.signers.get().petitioner == denunciation.signers.get().petitioner
    assert client.get(complaint.get_absolute_url()).context["other_petitions"] == []


@pytest.mark.parametrize("persona", ["reception_officer", "information_officer", "office_leader"])
def test_only_custodians_may_reveal(client, request, denunciation, persona):
    client.force_login(request.getfixturevalue(persona))

    get = client.get(reverse("petitions:reveal", args=[denunciation.pk]))
    post = client.post(
        reverse("petitions:reveal", args=[denunciation.pk]), {"reason": "Cần liên hệ người tố cáo"}
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert IdentityAccess.objects.count() == 0


def test_a_reveal_needs_a_reason(client, denunciation, supervision_officer):
    client.force_login(supervision_officer)

    response = client.post(reverse("petitions:reveal", args=[denunciation.pk]), {"reason": "xem"})

    assert list(response.context["form"].errors) == ["reason"]
    assert leaks(response.content.decode()) == []
    assert IdentityAccess.objects.count() == 0


@pytest.mark.parametrize("persona", ["supervision_officer", "department_head", "deputy_head"])
def test_a_custodian_reveals_with_a_reason_and_it_is_logged(client, request, denunciation, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.post(
        reverse("petitions:reveal", args=[denunciation.pk]),
        {"reason": "Liên hệ người tố cáo để bổ sung chứng cứ"},
    )

    html = response.content.decode()
    access = IdentityAccess.objects.get()
    assert "Phạm Văn Tố" in html and "037090001234" in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert (access.user, access.reason, access.source) == (
        user,
        "Liên hệ người tố cáo để bổ sung chứng cứ",
        "web",
    )
    assert AuditEntry.objects.filter(action="view", object_id=str(denunciation.pk)).count() == 1
    assert leaks(client.get(denunciation.get_absolute_url()).content.decode()) == []


def test_the_access_log_is_for_custodians_only(
    client, denunciation, department_head, reception_officer
):
    workflow.reveal_identity(denunciation, by=department_head, reason="Xác minh nội dung", what="x")

    client.force_login(department_head)
    managers = client.get(denunciation.get_absolute_url()).context["identity_log"]
    client.force_login(reception_officer)
    others = client.get(denunciation.get_absolute_url()).context["identity_log"]

    assert [a.reason for a in managers] == ["Xác minh nội dung"]
    assert others is None


def test_files_of_a_protected_petition_open_only_with_a_logged_reason(
    client, supervision_officer, reception_officer, department_head, world
):
    letter = SimpleUploadedFile("don-to-cao-pham-van-to.pdf", PDF)
    petition = workflow.register(
        values=values(kind="denunciation", content="Tôi tố cáo việc nhận hối lộ."),
        people=[DENOUNCER],
        files=[(letter, sniff(letter))],
        by=reception_officer,
    )
    workflow.assign(petition, to=supervision_officer, by=department_head)
    attachment = petition.attachments.get()
    url = reverse("petitions:attachment", args=[attachment.pk])

    client.force_login(reception_officer)
    refused = client.get(url)
    page = client.get(petition.get_absolute_url()).content.decode()
    client.force_login(supervision_officer)
    asked = client.get(url)
    opened = client.post(url, {"reason": "Đối chiếu chữ ký trên đơn gốc"})

    assert refused.status_code == 403
    assert "pham-van-to" not in page
    assert gettext("File %(n)s (%(type)s)") % {"n": 1, "type": "PDF"} in page
    assert asked.status_code == 200 and asked.context["attachment"] == attachment
    assert opened.content == PDF
    assert IdentityAccess.objects.get().what == gettext("file %(n)s") % {"n": 1}


def test_waiver_makes_the_identity_visible_to_staff(
    client, denunciation, department_head, reception_officer
):
    client.force_login(department_head)
    client.post(
        reverse("petitions:waive", args=[denunciation.pk]),
        {"note": "Người tố cáo có văn bản đồng ý công khai danh tính."},
    )
    client.force_login(reception_officer)

    html = client.get(denunciation.get_absolute_url()).content.decode()

    assert "Phạm Văn Tố" in html
    assert denunciation.events.last().action == "protection_waived"


def test_waiver_is_for_custodians_only(client, denunciation, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:waive", args=[denunciation.pk]), {"note": "Tự ý công khai danh tính."}
    )

    denunciation.refresh_from_db()
    assert response.status_code == 403
    assert denunciation.is_identity_protected is True


def bearer(user):
    _token, raw = ApiToken.issue(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_masks_for_other_roles_and_reveals_with_a_logged_reason(
    client, denunciation, reception_officer, supervision_officer
):
    url = f"/api/v1/petitions/{denunciation.pk}"

    masked = client.get(url, **bearer(reception_officer)).json()
    listed = client.get("/api/v1/petitions", **bearer(reception_officer)).json()
    refused = client.get(
        url, {"reveal_reason": "Tôi muốn xem danh tính"}, **bearer(reception_officer)
    )
    revealed = client.get(
        url,
        {"reveal_reason": "Gửi giấy mời làm việc cho người tố cáo"},
        **bearer(supervision_officer),
    ).json()

    assert leaks(json.dumps(masked, ensure_ascii=False)) == []
    assert leaks(json.dumps(listed, ensure_ascii=False)) == []
    assert masked["petitioner"]["full_name"] == str(PROTECTED)
    assert refused.status_code == 403
    assert revealed["petitioner"]["full_name"] == "Phạm Văn Tố"
    assert list(IdentityAccess.objects.values_list("user", "source")) == [
        (supervision_officer.pk, "api")
    ]


def test_a_denunciation_registered_through_the_api_comes_back_masked(
    client, world, reception_officer
):
    body = {
        "received_on": "2026-03-02",
        "channel": "post",
        "petitioner": {"full_name": "Phạm Văn Tố", "id_number": "037090001234"},
        "signers": 1,
        "is_anonymous": False,
        "content": "Tôi tố cáo ông Đinh Văn Cường nhận hối lộ. Người tố cáo: Phạm Văn Tố.",
        "kind": "denunciation",
    }

    response = client.post(
        "/api/v1/petitions",
        json.dumps(body),
        content_type="application/json",
        **bearer(reception_officer),
    )

    assert response.status_code == 201
    assert leaks(response.content.decode()) == []
    assert response.json()["is_identity_protected"] is True


def test_redaction_covers_spaced_numbers_and_case():
    from dannguyen.petitions.identity import redact

    text = "NGƯỜI TỐ CÁO: phạm văn tố, CCCD 037 090 001 234, ĐT 0912.345.678."

    assert redact(text, ["Phạm Văn Tố", "037090001234", "0912345678"]) == (
        f"NGƯỜI TỐ CÁO: {PROTECTED}, CCCD {PROTECTED}, ĐT {PROTECTED}."
    )


def test_person_input_is_frozen():
    person = PersonInput(full_name="A")

    with pytest.raises(AttributeError):
        person.full_name = "B"  # type: ignore[misc]
