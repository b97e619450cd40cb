"""The handling pages: the action forms, who may use them, refusals, the deadlines list."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dannguyen.petitions import workflow
from dannguyen.petitions.models import Petition

from .test_forms import PDF

pytestmark = pytest.mark.django_db


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


@pytest.fixture
def handled(complaint, department_head, supervision_officer, land_field):
    """A complaint assigned to the supervision officer and classified as eligible."""
    with at("2026-03-03"):
        workflow.assign(complaint, to=supervision_officer, by=department_head)
        workflow.classify(
            complaint,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=None,
            procedure_stage="first_resolved",
            by=supervision_officer,
        )
    complaint.refresh_from_db()
    return complaint


def url(petition: Petition, action: str) -> str:
    return reverse("petitions:act", args=[petition.pk, action])


def test_the_handler_sees_the_actions_the_status_allows(client, handled, supervision_officer):
    client.force_login(supervision_officer)

    with at("2026-03-04"):
        response = client.get(handled.get_absolute_url())

    assert [code for code, _label in response.context["actions"]] == [
        "request_supplement",
        "forward",
        "guide",
        "file",
    ]
    assert [(c.step, c.status) for c in response.context["clocks"]] == [
        ("office_processing", "open")
    ]


def test_forwarding_from_the_page(client, handled, supervision_officer, provincial_inspectorate):
    client.force_login(supervision_officer)

    with at("2026-03-05"):
        form = client.get(url(handled, "forward"))
        response = client.post(
            url(handled, "forward"),
            {
                "agencies": [provincial_inspectorate.pk],
                "on": "05/03/2026",
                "note": "Phiếu chuyển số 12",
                "version": form.context["form"].initial["version"],
            },
        )

    handled.refresh_from_db()
    assert response.status_code == 302
    assert handled.status == "forwarded"
    assert list(handled.forwardings.values_list("agency__name", "forwarded_on")) == [
        ("Thanh tra tỉnh Ninh Bình", datetime.date(2026, 3, 5))
    ]


@pytest.mark.parametrize(
    "persona", ["reception_officer", "information_officer", "deputy", "outsider"]
)
def test_others_may_not_act(client, request, handled, persona):
    client.force_login(request.getfixturevalue(persona))

    responses = [
        client.get(url(handled, "guide")),
        client.post(url(handled, "guide"), {"note": "Hướng dẫn", "version": handled.version}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert Petition.objects.get(pk=handled.pk).status == "classified"


def test_a_status_that_refuses_the_action_gives_409_in_vietnamese(
    client, handled, supervision_officer
):
    client.force_login(supervision_officer)

    with at("2026-03-05"):
        response = client.post(url(handled, "close"), {"version": handled.version})

    assert response.status_code == 409
    assert "Không thể “Kết thúc”" in response.content.decode()
    assert Petition.objects.get(pk=handled.pk).status == "classified"


def test_a_form_drawn_before_another_change_is_told_so(client, handled, supervision_officer):
    client.force_login(supervision_officer)
    drawn = handled.version
    with at("2026-03-05"):
        workflow.request_supplement(handled, by=supervision_officer, note="Thiếu giấy tờ")
        workflow.receive_supplement(handled, by=supervision_officer)

        response = client.post(url(handled, "guide"), {"note": "Hướng dẫn", "version": drawn})

    assert response.status_code == 409
    assert "người khác" in response.content.decode()


def test_bad_input_gets_field_errors_and_changes_nothing(
    client, handled, supervision_officer, provincial_inspectorate
):
    client.force_login(supervision_officer)
    with at("2026-03-05"):
        workflow.forward(handled, agencies=[provincial_inspectorate], by=supervision_officer)
        forwarding = handled.forwardings.get()

        responses = [
            client.post(url(handled, "forward"), {"on": "31/02/2026"}),
            client.post(url(handled, "guide"), {"note": "", "on": "01/01/2030"}),
            client.post(
                url(handled, "record_answer"),
                {
                    "forwarding": forwarding.pk,
                    "kind": "result",
                    "number": "12/TTr",
                    "issued_on": "04/03/2026",
                    "received_on": "03/03/2026",
                    "summary": "Trả lời",
                    "upload": SimpleUploadedFile("traloi.pdf", b"MZ fake", "application/pdf"),
                },
            ),
            client.post(url(handled, "file"), {"reason": "nonsense"}),
        ]

    assert [r.status_code for r in responses] == [400, 400, 400, 400]
    answer_errors = responses[2].context["form"].errors
    assert set(answer_errors) == {"issued_on", "received_on", "upload"}
    assert handled.answers.count() == 0
    assert Petition.objects.get(pk=handled.pk).status == "forwarded"


def test_recording_an_answer_with_its_file(
    client, handled, supervision_officer, provincial_inspectorate
):
    client.force_login(supervision_officer)
    with at("2026-03-05"):
        workflow.forward(handled, agencies=[provincial_inspectorate], by=supervision_officer)
    forwarding = handled.forwardings.get()
    with at("2026-04-10"):
        response = client.post(
            url(handled, "record_answer"),
            {
                "forwarding": forwarding.pk,
                "kind": "result",
                "number": "88/TTr-NV",
                "issued_on": "08/04/2026",
                "received_on": "10/04/2026",
                "signer": "Phó Chánh Thanh tra",
                "summary": "Đã giải quyết khiếu nại lần đầu.",
                "upload": SimpleUploadedFile("traloi.pdf", PDF, "application/pdf"),
            },
        )

    answer = handled.answers.get()
    assert response.status_code == 302
    assert (answer.number, answer.file_type, workflow.read_answer_file(answer)) == (
        "88/TTr-NV",
        "application/pdf",
        PDF,
    )
    assert Petition.objects.get(pk=handled.pk).status == "answered"


def test_a_handled_letter_is_no_longer_offered_for_classification(
    client, handled, supervision_officer
):
    classify = reverse("petitions:classify", args=[handled.pk])
    client.force_login(supervision_officer)
    before = client.get(handled.get_absolute_url()).content.decode()
    with at("2026-03-05"):
        workflow.guide(handled, by=supervision_officer, note="Hướng dẫn gửi Tòa án nhân dân")
    after = client.get(handled.get_absolute_url()).content.decode()

    assert (classify in before, classify in after) == (True, False)


def test_an_unknown_action_is_404(client, handled, supervision_officer):
    client.force_login(supervision_officer)

    assert client.get(url(handled, "explode")).status_code == 404


def test_the_deadlines_list_shows_mine_and_managers_see_everyones(
    client, register, handled, department_head, supervision_officer, reception_officer
):
    with at("2026-03-02"):
        other = register(kind="complaint")
        workflow.assign(other, to=reception_officer, by=department_head)

    with at("2026-03-17"):
        client.force_login(supervision_officer)
        mine = client.get(reverse("petitions:work"))
        client.force_login(department_head)
        everyone = client.get(reverse("petitions:work"), {"scope": "all"})

    assert [c.deadline.petition.code for c in mine.context["clocks"]] == [handled.code]
    assert [c.status for c in mine.context["clocks"]] == ["overdue"]
    assert sorted(c.deadline.petition.code for c in everyone.context["clocks"]) == sorted(
        [handled.code, other.code]
    )
    assert [(code, n) for code, _label, n in everyone.context["summary"]["steps"]] == [
        ("office_processing", 2)
    ]
    assert everyone.context["summary"]["people"] == [
        {"petition__assigned_to__full_name": "Lê Thị Tiếp", "n": 1},
        {"petition__assigned_to__full_name": "Vũ Giám Sát", "n": 1},
    ]
    assert everyone.context["summary"]["agencies"] == []


def test_the_overdue_summary_counts_each_agency_owing_an_answer(
    client, handled, department_head, supervision_officer, provincial_inspectorate
):
    with at("2026-03-05"):
        workflow.forward(handled, agencies=[provincial_inspectorate], by=supervision_officer)
    client.force_login(department_head)

    with at("2026-06-01"):
        summary = client.get(reverse("petitions:work"), {"scope": "all"}).context["summary"]

    assert summary["agencies"] == [
        {"forwarding__agency__name": provincial_inspectorate.name, "n": 2}
    ]
    assert [(code, n) for code, _label, n in summary["steps"]] == [
        ("agency_acceptance", 1),
        ("agency_answer", 1),
    ]


def test_a_deputy_sees_the_clocks_of_the_letters_sent_to_them_only(client, register, deputy):
    with at("2026-03-02"):
        theirs = register(receiving_subject="council_deputy", receiving_deputy=deputy)
        register(kind="complaint")
    client.force_login(deputy)

    with at("2026-03-20"):
        response = client.get(reverse("petitions:work"), {"state": "open"})

    assert [c.deadline.petition.code for c in response.context["clocks"]] == [theirs.code]


def test_the_deadlines_list_is_forbidden_to_outsiders(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("petitions:work")).status_code == 403


def test_the_deadlines_list_takes_a_bounded_number_of_queries(
    client, register, department_head, supervision_officer, django_assert_max_num_queries
):
    with at("2026-03-02"):
        for n in range(12):
            petition = register(kind="complaint", content=f"Khiếu nại số {n} về đất đai")
            workflow.assign(petition, to=supervision_officer, by=department_head)
    client.force_login(department_head)

    with at("2026-03-20"), django_assert_max_num_queries(20):
        response = client.get(reverse("petitions:work"), {"scope": "all"})

    assert len(response.context["clocks"]) == 12


def test_actions_draft_their_letters_for_approval(
    client, handled, supervision_officer, provincial_inspectorate
):
    client.force_login(supervision_officer)
    with at("2026-03-05"):
        client.post(
            url(handled, "forward"),
            {"agencies": [provincial_inspectorate.pk], "on": "05/03/2026", "draft_letter": "on"},
        )
    forwarding = handled.forwardings.get()
    with at("2026-05-04"):
        client.force_login(supervision_officer)  # the session of March has expired
        urged = client.post(
            url(handled, "urge"),
            {"forwarding": forwarding.pk, "on": "04/05/2026", "draft_letter": "on"},
        )
    assert urged.status_code == 302, urged.context["form"].errors
    urging = forwarding.urgings.get()
    forwarding.refresh_from_db()

    assert (forwarding.letter.kind, forwarding.letter.status) == ("forwarding_slip", "draft")
    assert forwarding.letter.recipient_agency == provincial_inspectorate
    assert (urging.letter.kind, urging.letter.recipient_agency) == (
        "urging_letter",
        provincial_inspectorate,
    )
    assert urging.letter.extra["due_on"] == "2026-04-24"


def test_no_letter_unless_asked(client, handled, supervision_officer):
    client.force_login(supervision_officer)

    with at("2026-03-05"):
        client.post(url(handled, "guide"), {"note": "Hướng dẫn gửi Tòa án nhân dân khu vực"})

    from dannguyen.correspondence.models import OutgoingLetter

    assert OutgoingLetter.objects.count() == 0
    assert Petition.objects.get(pk=handled.pk).status == "guided"


def test_guiding_a_protected_denouncer_drafts_the_slip_and_logs_the_reveal(
    client, denunciation, supervision_officer, corruption_field
):
    from dannguyen.correspondence.models import OutgoingLetter
    from dannguyen.petitions.models import IdentityAccess

    client.force_login(supervision_officer)
    with at("2026-03-04"):
        workflow.classify(
            denunciation,
            kind="denunciation",
            main_field=corruption_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=None,
            procedure_stage="not_resolved",
            by=supervision_officer,
        )
        response = client.post(
            url(denunciation, "guide"),
            {"note": "Hướng dẫn gửi Thanh tra tỉnh", "draft_letter": "on"},
        )

    assert response.status_code == 302
    assert list(OutgoingLetter.objects.values_list("kind", "petition")) == [
        ("guidance_slip", denunciation.pk)
    ]
    assert (
        IdentityAccess.objects.filter(petition=denunciation, user=supervision_officer).count() == 1
    )
