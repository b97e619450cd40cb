from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from dannguyen.correspondence import queries, rendering, services, workflow
from dannguyen.correspondence.models import LetterStatus, LetterTemplate, OutgoingLetter
from dannguyen.lib.nd30_template import build_template
from dannguyen.petitions import identity

pytestmark = pytest.mark.django_db

MORNING = datetime.datetime(2026, 3, 5, 3, 0, tzinfo=datetime.UTC)
READERS = ["reception_officer", "department_head", "information_officer", "office_leader"]
STRANGERS = ["deputy", "outsider"]


def _login(client, request, name):
    user = request.getfixturevalue(name)
    client.force_login(user)
    return user


@pytest.mark.parametrize("name", READERS + STRANGERS)
def test_register_and_letter_pages_for_each_persona(client, request, draft, name):
    _login(client, request, name)
    expected = 200 if name in READERS else 403

    assert client.get(reverse("correspondence:list")).status_code == expected
    assert client.get(reverse("correspondence:detail", args=[draft.pk])).status_code == expected
    assert client.get(reverse("correspondence:download", args=[draft.pk])).status_code == expected
    assert client.get(reverse("correspondence:export")).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(reverse("correspondence:detail", args=[draft.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reception_officer", 302),
        ("department_head", 302),
        ("information_officer", 403),
        ("office_leader", 403),
        ("outsider", 403),
    ],
)
def test_who_may_create_a_letter(
    client, request, complaint, provincial_inspectorate, name, expected
):
    _login(client, request, name)

    response = client.post(
        reverse("correspondence:create"),
        {
            "kind": "forwarding_slip",
            "recipient_agency": provincial_inspectorate.pk,
            "petition": complaint.pk,
        },
    )

    assert response.status_code == expected
    assert OutgoingLetter.objects.count() == (1 if expected == 302 else 0)


def test_the_drafter_edits_the_draft_and_another_specialist_may_not(
    client, draft, reception_officer, supervision_officer
):
    data = {
        "recipient_agency": draft.recipient_agency_id,
        "subject": "chuyển đơn khiếu nại về bồi thường",
        "body": "Nội dung mới.",
        "signing_mode": "",
        "signer_position": "Trưởng phòng",
        "signer_name": "Nguyễn Văn Trưởng",
        "confidentiality": "normal",
        "urgency": "normal",
        "copies": "3",
        "recipients_text": "Như trên\nLưu hồ sơ",
    }
    client.force_login(supervision_officer)
    assert client.post(reverse("correspondence:edit", args=[draft.pk]), data).status_code == 403

    client.force_login(reception_officer)
    response = client.post(reverse("correspondence:edit", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.subject, draft.body, draft.copies, draft.recipients) == (
        "chuyển đơn khiếu nại về bồi thường",
        "Nội dung mới.",
        3,
        ["Như trên", "Lưu hồ sơ"],
    )


def test_bad_input_in_the_edit_form_is_a_field_error_not_a_500(client, draft, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("correspondence:edit", args=[draft.pk]),
        {
            "subject": "x" * 600,
            "copies": "abc",
            "confidentiality": "nope",
            "urgency": "normal",
            "recipients_text": "\n".join(f"nơi {n}" for n in range(40)),
        },
    )

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {"subject", "copies", "confidentiality", "recipients_text"}
    draft.refresh_from_db()
    assert draft.subject == "chuyển đơn khiếu nại số 2026/0001"


@time_machine.travel(MORNING, tick=False)
def test_the_whole_flow_through_the_pages(client, draft, reception_officer, department_head):
    act = lambda action, **data: client.post(  # noqa: E731
        reverse("correspondence:act", args=[draft.pk, action]), data
    )
    client.force_login(reception_officer)
    assert act("submit").status_code == 302
    assert act("approve").status_code == 403  # only the Trưởng / Phó trưởng phòng

    client.force_login(department_head)
    assert act("return", note="").status_code == 302
    draft.refresh_from_db()
    assert draft.status == LetterStatus.SUBMITTED  # a return without a note changes nothing
    assert act("approve").status_code == 302

    client.force_login(reception_officer)
    response = act("issue")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.number_label) == (LetterStatus.ISSUED, "01/PC-TTDN")

    again = act("issue")
    messages = [str(m) for m in get_messages(again.wsgi_request)]
    assert messages[-1] == gettext(
        "This letter was already issued as number %(number)s; it cannot be issued twice."
    ) % {"number": "01/PC-TTDN"}
    draft.refresh_from_db()
    assert draft.number == 1

    download = client.get(reverse("correspondence:download", args=[draft.pk]))
    assert download.content == rendering.read_issued(draft)
    assert download["Content-Disposition"] == 'attachment; filename="van-ban-di-2026-0001.docx"'
    page = client.get(reverse("correspondence:detail", args=[draft.pk])).content.decode()
    assert "01/PC-TTDN" in page


def test_the_register_lists_in_bounded_queries(
    client,
    complaint,
    provincial_inspectorate,
    reception_officer,
    department_head,
    django_assert_max_num_queries,
):
    for n in range(12):
        letter = services.draft_letter(
            kind="forwarding_slip" if n % 2 else "citizen_notice",
            by=reception_officer,
            petition=complaint,
            recipient_agency=provincial_inspectorate,
        )
        if n < 6:
            workflow.submit(letter, by=reception_officer)
            workflow.approve(letter, by=department_head)
            workflow.issue(letter, by=department_head)
    client.force_login(department_head)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("correspondence:list"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == 12
    filtered = client.get(
        reverse("correspondence:list"),
        {"status": "issued", "year": "2026", "kind": "forwarding_slip"},
    )
    assert [row[0].number for row in filtered.context["rows"]] == [6, 4, 2]


def test_the_register_export_has_the_phu_luc_iv_columns(
    client, approved, reception_officer, information_officer
):
    with time_machine.travel(MORNING, tick=False):
        workflow.issue(approved, by=reception_officer)
    client.force_login(information_officer)

    response = client.get(reverse("correspondence:export"), {"year": "2026"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == gettext("Number"))
    assert rows[header] == [
        gettext("Number"),
        gettext("Symbol"),
        gettext("Date"),
        gettext("Type and subject"),
        gettext("Signer"),
        gettext("Recipients"),
        gettext("Unit or person keeping the file copy"),
        gettext("Number of copies"),
        gettext("Note"),
    ]
    assert rows[header + 1][:6] == [
        1,
        "PC-TTDN",
        datetime.datetime(2026, 3, 5),  # noqa: DTZ001 -- Excel dates are naive
        "Phiếu chuyển đơn: chuyển đơn khiếu nại số 2026/0001",
        "Nguyễn Văn Trưởng",
        "Thanh tra tỉnh Ninh Bình\nLãnh đạo Văn phòng (để báo cáo)",
    ]
    assert rows[header + 1][6:] == ["VT; Lê Thị Tiếp", 2, None]


def test_templates_page_for_managers_only(client, reception_officer, department_head):
    client.force_login(reception_officer)
    assert client.get(reverse("correspondence:templates")).status_code == 403
    assert client.get(reverse("correspondence:shipped_template")).status_code == 403

    client.force_login(department_head)
    page = client.get(reverse("correspondence:templates"))
    assert page.status_code == 200
    assert "signer_name" in page.content.decode()
    assert client.get(reverse("correspondence:shipped_template")).content == (
        rendering.shipped_template()
    )


def test_a_manager_uploads_a_template_and_a_fake_is_refused(client, department_head):
    client.force_login(department_head)
    base = {"kind": "guidance_slip", "name": "Phiếu hướng dẫn 2026", "valid_from": "2026-01-01"}

    fake = client.post(
        reverse("correspondence:templates"),
        {**base, "file": SimpleUploadedFile("mau.docx", b"MZ not a word file")},
    )
    assert fake.status_code == 422
    assert fake.context["form"].errors["file"] == [gettext("This is not a Word (.docx) file.")]
    assert not LetterTemplate.objects.exists()

    good = client.post(
        reverse("correspondence:templates"),
        {**base, "file": SimpleUploadedFile("mau.docx", build_template())},
    )
    assert good.status_code == 302
    template = LetterTemplate.objects.get()
    assert (template.kind, template.uploaded_by, template.is_active) == (
        "guidance_slip",
        department_head,
        True,
    )
    client.post(reverse("correspondence:template_toggle", args=[template.pk]))
    template.refresh_from_db()
    assert template.is_active is False


def test_the_petition_page_include_lists_the_letters(
    complaint, draft, approved, reception_officer, outsider
):
    letters = queries.letters_of(complaint, reception_officer)

    html = render_to_string("correspondence/includes/petition_letters.html", {"letters": letters})

    assert [letter.pk for letter in letters] == [draft.pk]
    assert "Thanh tra tỉnh Ninh Bình" in html
    assert reverse("correspondence:download", args=[draft.pk]) in html
    assert queries.letters_of(complaint, outsider) == []


def test_a_petitions_letters_in_bounded_queries(
    complaint, provincial_inspectorate, reception_officer, django_assert_max_num_queries
):
    for kind in ("forwarding_slip", "urging_letter", "guidance_slip", "proposal_slip") * 2:
        services.draft_letter(
            kind=kind,
            by=reception_officer,
            petition=complaint,
            recipient_agency=provincial_inspectorate,
        )

    with django_assert_max_num_queries(3):
        letters = queries.letters_of(complaint, reception_officer)

    assert [letter.recipient_shown for letter in letters][:4] == [
        "Thanh tra tỉnh Ninh Bình",
        "Thanh tra tỉnh Ninh Bình",
        "Trần Thị Khiếu",
        gettext("Internal"),
    ]
    assert all(letter.may_open for letter in letters)


def test_a_letter_to_a_denouncer_is_masked_in_the_petition_include(
    denunciation, supervision_officer, reception_officer
):
    services.draft_letter(kind="citizen_notice", by=supervision_officer, petition=denunciation)

    [seen_by_other] = queries.letters_of(denunciation, reception_officer)
    [seen_by_handler] = queries.letters_of(denunciation, supervision_officer)
    html = render_to_string(
        "correspondence/includes/petition_letters.html", {"letters": [seen_by_other]}
    )

    assert (seen_by_other.recipient_shown, seen_by_other.may_open) == (
        str(identity.PROTECTED),
        False,
    )
    assert (seen_by_handler.recipient_shown, seen_by_handler.may_open) == ("Phạm Văn Tố", True)
    assert "Phạm Văn Tố" not in html
    assert reverse("correspondence:download", args=[seen_by_other.pk]) not in html
