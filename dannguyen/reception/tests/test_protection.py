"""A denouncer received in person (Luật Tố cáo Art 47, 56): their identity is never shown
without a logged reason — not on a page, in the register, an export, the API or the audit
log — and only the custodians may reveal it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dannguyen.core.models import AuditEntry
from dannguyen.core.templatetags.ui import history_url
from dannguyen.petitions.identity import PROTECTED
from dannguyen.reception.models import CaseIdentityAccess

from .conftest import BRIBERY, DENOUNCER, bearer, leaks

pytestmark = pytest.mark.django_db

OTHERS = ["reception_officer", "information_officer", "office_leader", "supervision_officer"]
CUSTODIANS = ["department_head", "deputy_head", "deputy"]


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return json.dumps(
        [list(r) for r in sheet.iter_rows(values_only=True)], default=str, ensure_ascii=False
    )


@pytest.mark.parametrize("persona", OTHERS + CUSTODIANS)
def test_pages_mask_the_identity_and_redact_the_text(client, request, denunciation, persona):
    client.force_login(request.getfixturevalue(persona))

    pages = [
        client.get(denunciation.get_absolute_url()),
        client.get(denunciation.session.get_absolute_url()),
    ]

    for response in pages:
        html = response.content.decode()
        assert leaks(html) == [], persona
        assert str(PROTECTED) in html
    assert "Đinh Văn Cường" in pages[0].content.decode()  # the person denounced is not protected


@pytest.mark.parametrize("persona", [*OTHERS, "department_head"])
def test_the_register_and_its_exports_never_carry_the_identity(
    client, request, denunciation, persona
):
    client.force_login(request.getfixturevalue(persona))

    screen = client.get(reverse("reception:register")).content.decode()
    excel = xlsx_text(client.get(reverse("reception:register_xlsx")).content)
    word = docx_text(client.get(reverse("reception:register_docx")).content)

    assert [leaks(screen), leaks(excel), leaks(word)] == [[], [], []]
    assert str(PROTECTED) in excel and str(PROTECTED) in word
    assert CaseIdentityAccess.objects.count() == 0


def test_the_edit_form_never_carries_a_protected_identity(client, denunciation, reception_officer):
    client.force_login(reception_officer)

    html = client.get(reverse("reception:case_edit", args=[denunciation.pk])).content.decode()

    assert leaks(html) == []
    assert "people-0-full_name" not in html
    assert 'name="protection_waived"' not in html  # only a custodian records a waiver


def test_editing_a_protected_case_keeps_its_people_and_texts(
    client, denunciation, reception_officer
):
    client.force_login(reception_officer)
    url = reverse("reception:case_edit", args=[denunciation.pk])
    before = [(c.full_name, c.id_number) for c in denunciation.citizens.all()]
    shown = client.get(url).context["entry"].form
    data = {name: shown[name].value() or "" for name in shown.fields}
    data.update({"competence": "outside", "follow_up": "Thanh tra tỉnh đã thụ lý."})

    response = client.post(url, data)

    denunciation.refresh_from_db()
    assert response.status_code == 302
    assert str(PROTECTED) in data["content"]
    assert (denunciation.content, denunciation.instructions) == (
        BRIBERY,
        "Ông Phạm Văn Tố cần được bảo vệ; chuyển Thanh tra tỉnh xác minh.",
    )
    assert (denunciation.competence, denunciation.follow_up) == (
        "outside",
        "Thanh tra tỉnh đã thụ lý.",
    )
    assert [(c.full_name, c.id_number) for c in denunciation.citizens.all()] == before


@pytest.mark.parametrize("persona", CUSTODIANS)
def test_a_custodian_reveals_with_a_reason_and_it_is_logged(client, request, denunciation, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("reception:case_reveal", args=[denunciation.pk])

    asked = client.get(url)
    too_short = client.post(url, {"reason": "xem"})
    shown = client.post(url, {"reason": "Liên hệ người tố cáo để bổ sung chứng cứ."})

    access = CaseIdentityAccess.objects.get()
    assert leaks(asked.content.decode()) == [] and leaks(too_short.content.decode()) == []
    assert DENOUNCER.full_name in shown.content.decode()
    assert DENOUNCER.id_number in shown.content.decode()
    assert shown["Cache-Control"].startswith("max-age=0")
    assert (access.case, access.user, access.reason, access.source) == (
        denunciation,
        user,
        "Liên hệ người tố cáo để bổ sung chứng cứ.",
        "web",
    )
    assert AuditEntry.objects.filter(action="view", object_id=str(denunciation.pk)).count() == 1


@pytest.mark.parametrize("persona", OTHERS)
def test_others_cannot_reveal(client, request, denunciation, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("reception:case_reveal", args=[denunciation.pk]),
        {"reason": "Tôi muốn biết ai đã tố cáo ông Cường."},
    )

    assert response.status_code == 403
    assert CaseIdentityAccess.objects.count() == 0


def test_the_log_of_reveals_is_shown_to_custodians_only(
    client, denunciation, department_head, reception_officer
):
    client.force_login(department_head)
    client.post(
        reverse("reception:case_reveal", args=[denunciation.pk]),
        {"reason": "Chuyển hồ sơ bảo vệ người tố cáo cho công an."},
    )

    head_page = client.get(denunciation.get_absolute_url())
    client.force_login(reception_officer)
    officer_page = client.get(denunciation.get_absolute_url())

    assert [a.reason for a in head_page.context["identity_log"]] == [
        "Chuyển hồ sơ bảo vệ người tố cáo cho công an."
    ]
    assert officer_page.context["identity_log"] is None


def test_a_manager_exports_identities_only_with_a_logged_reason(
    client, denunciation, complaint, department_head
):
    client.force_login(department_head)
    url = reverse("reception:register_xlsx")

    refused = client.post(url, {"reason": "in"})
    exported = client.post(url, {"reason": "In sổ lưu trữ bản giấy có chữ ký."})

    assert refused.status_code == 302
    assert DENOUNCER.full_name in xlsx_text(exported.content)
    assert [(a.case, a.user) for a in CaseIdentityAccess.objects.all()] == [
        (denunciation, department_head)
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_others_cannot_export_identities(client, request, denunciation, persona):
    client.force_login(request.getfixturevalue(persona))

    for name in ("register_xlsx", "register_docx"):
        response = client.post(reverse(f"reception:{name}"), {"reason": "Cần in sổ đầy đủ để lưu."})
        assert response.status_code == 403
    assert CaseIdentityAccess.objects.count() == 0


def test_the_audit_history_masks_identity_and_text(client, denunciation, office_leader):
    client.force_login(office_leader)
    citizen = denunciation.citizens.get()

    pages = [
        client.get(history_url(denunciation)).content.decode(),
        client.get(history_url(citizen)).content.decode(),
        client.get(reverse("core:audit_log")).content.decode(),
    ]

    assert [leaks(page) for page in pages] == [[], [], []]


def test_a_protected_visit_is_not_found_from_a_later_visit(
    client, record, denunciation, reception_officer
):
    later = record(
        people=[DENOUNCER], kind="complaint", content="Khiếu nại việc cấp giấy chứng nhận."
    )
    client.force_login(reception_officer)

    response = client.get(later.get_absolute_url())

    assert response.context["earlier"] == []
    assert denunciation.code not in response.content.decode()


@pytest.mark.parametrize("persona", [*OTHERS, "department_head"])
def test_the_api_masks_the_identity(client, request, denunciation, persona):
    headers = bearer(request.getfixturevalue(persona))

    one = client.get(f"/api/v1/reception/cases/{denunciation.pk}", **headers)
    many = client.get("/api/v1/reception/cases", **headers)
    session = client.get(f"/api/v1/reception/sessions/{denunciation.session_id}", **headers)

    for response in (one, many, session):
        assert response.status_code == 200
        assert leaks(response.content.decode()) == []
    assert one.json()["people"][0]["is_masked"] is True


def test_the_api_reveals_to_a_custodian_with_a_reason_and_logs_it(
    client, denunciation, deputy_head, reception_officer
):
    url = f"/api/v1/reception/cases/{denunciation.pk}"

    forbidden = client.get(
        url, {"reveal_reason": "Tôi cần xem danh tính."}, **bearer(reception_officer)
    )
    short = client.get(url, {"reveal_reason": "xem"}, **bearer(deputy_head))
    shown = client.get(
        url,
        {"reveal_reason": "Mời người tố cáo làm việc với đoàn xác minh."},
        **bearer(deputy_head),
    )

    assert (forbidden.status_code, short.status_code, shown.status_code) == (403, 422, 200)
    assert shown.json()["people"][0]["full_name"] == DENOUNCER.full_name
    assert [(a.user, a.source) for a in CaseIdentityAccess.objects.all()] == [(deputy_head, "api")]
