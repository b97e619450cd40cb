"""Looking a petition up with its tracking code: the public stages only, and one neutral
answer for every miss (no way to probe whether a code exists)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.petitions import workflow as petitions
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import (
    Competence,
    Eligibility,
    FilingReason,
    IneligibilityReason,
    Kind,
    Petition,
    ProcedureStage,
)
from dannguyen.submissions import forms, queries, throttle, workflow
from dannguyen.submissions.models import Scope

from .conftest import BRIBERY, LAND, SENT

pytestmark = pytest.mark.django_db

API = "/api/v1/public/submissions/lookup"
SECRET_NOTE = "Ghi chú nội bộ: người này hay gửi đơn, chuyển Thanh tra"
PHONE = "0912345678"
ID_NUMBER = "037185001122"


@pytest.fixture
def sent(world):
    """A petition sent online, with its code (registered as the page does)."""
    return workflow.submit(
        kind=Kind.PETITION,
        receiving_subject="office",
        person=PersonInput(
            full_name="Nguyễn Thị Lan",
            id_number=ID_NUMBER,
            phone=PHONE,
            address="Xóm 3, xã Gia Vân, tỉnh Ninh Bình",
        ),
        summary="Chậm bồi thường",
        content=LAND,
        now=SENT,
    )


def _look(client: Client, code: str, contact: str):
    return client.post(reverse("submissions:lookup"), {"code": code, "contact": contact})


def _api(client: Client, payload: dict[str, str]):
    return client.post(API, payload, content_type="application/json")


def _mistyped(code: str) -> str:
    """Another well-formed code: the last character changed."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def test_the_code_with_the_phone_or_the_identity_number_opens_the_status(client, sent):
    spaced = " " + sent.code.lower().replace("-", " ") + " "
    for code, contact in ((sent.code, PHONE), (spaced, "+84 912 345 678"), (sent.code, ID_NUMBER)):
        response = _look(client, code, contact)

        page = response.content.decode()
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert 'data-stage="received"' in page
        assert sent.petition.code in page
        assert gettext("Your petition was received and registered.") in page


def test_every_miss_gets_the_very_same_answer(client, sent, world):
    other = workflow.submit(
        kind=Kind.COMPLAINT,
        receiving_subject="office",
        person=PersonInput(full_name="Trần Văn Hai", phone="0987000111", address="Hoa Lư"),
        summary="",
        content="Tôi khiếu nại quyết định xử phạt vi phạm hành chính số 12/QĐ-XPHC.",
        now=SENT,
    )

    answers = [
        _look(client, _mistyped(sent.code), PHONE),  # wrong code
        _look(client, sent.code, "0987000111"),  # right code, wrong phone
        _look(client, sent.code, "036185004321"),  # right code, wrong identity number
        _look(client, other.code, PHONE),  # someone else's code with my phone
        _look(client, "DN-00000-00000", PHONE),  # not even a possible code
        _look(client, '"><script>alert(1)</script>', PHONE),
    ]

    first = answers[0]
    assert first.status_code == 200
    assert gettext(str(forms.NOT_FOUND)) in first.content.decode()
    for answer in answers[1:]:
        assert answer.status_code == first.status_code
        assert answer.content == first.content
        assert answer["Content-Type"] == first["Content-Type"]
        assert "Set-Cookie" not in answer.headers
    assert sent.code not in first.content.decode() and PHONE not in first.content.decode()


def test_an_invalid_form_is_shown_escaped(client, world):
    attack = "<script>alert(1)</script>" * 3

    response = _look(client, attack, "")

    page = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_lookups_are_limited_per_connection(sent):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _n in range(throttle.LIMITS[Scope.LOOKUP]):
        assert _look(client, _mistyped(sent.code), PHONE).status_code == 200

    refused = _look(client, sent.code, PHONE)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert _look(Client(REMOTE_ADDR="203.0.113.8"), sent.code, PHONE).status_code == 200


def test_the_stages_show_agencies_and_dates_never_notes_or_staff(
    client, sent, department_head, supervision_officer, corruption_field, provincial_inspectorate
):
    petition = sent.petition
    moment = SENT + datetime.timedelta(days=1)
    petitions.assign(
        petition, to=supervision_officer, by=department_head, note=SECRET_NOTE, now=moment
    )
    petitions.classify(
        petition,
        kind=Kind.PETITION,
        main_field=corruption_field,
        eligibility=Eligibility.ELIGIBLE,
        competence=Competence.OUTSIDE,
        competent_agency=provincial_inspectorate,
        procedure_stage=ProcedureStage.NOT_RESOLVED,
        by=supervision_officer,
        note=SECRET_NOTE,
        now=moment,
    )
    petitions.forward(
        petition,
        agencies=[provincial_inspectorate],
        by=supervision_officer,
        note=SECRET_NOTE,
        now=moment + datetime.timedelta(days=1),
    )

    page = _look(client, sent.code, PHONE).content.decode()

    assert 'data-stage="forwarded"' in page
    assert (
        gettext("Forwarded to %(agency)s for resolution.")
        % {"agency": provincial_inspectorate.name}
        in page
    )
    assert "12/03/2026" in page
    for secret in (SECRET_NOTE, supervision_officer.full_name, department_head.full_name):
        assert secret not in page
    assert "Nguyễn Thị Lan" not in page  # not even the sender's own name


def test_a_petition_not_eligible_shows_the_reason_categories_only(
    sent, supervision_officer, department_head, corruption_field
):
    petition = sent.petition
    petitions.assign(petition, to=supervision_officer, by=department_head)
    petitions.classify(
        petition,
        kind=Kind.PETITION,
        main_field=corruption_field,
        eligibility=Eligibility.INELIGIBLE,
        ineligibility_reasons=[IneligibilityReason.UNSIGNED],
        ineligibility_note=SECRET_NOTE,
        competence=Competence.WITHIN,
        competent_agency=None,
        procedure_stage=ProcedureStage.NOT_RESOLVED,
        by=supervision_officer,
    )
    petitions.file(
        petition, reason=FilingReason.NOT_FORWARDED, by=supervision_officer, note=SECRET_NOTE
    )

    progress = queries.progress(Petition.objects.get(pk=petition.pk))

    assert progress.stage == queries.Stage.FILED
    assert progress.details == [
        gettext("Not eligible for handling: %(reasons)s.")
        % {"reasons": IneligibilityReason.UNSIGNED.label},
        gettext("Reason: %(reason)s.") % {"reason": FilingReason.NOT_FORWARDED.label},
    ]
    texts = [s.text for s in progress.steps]
    assert texts == [
        gettext("Your petition was received and registered."),
        gettext("The office examined and classified your petition."),
        gettext("The petition was kept on file, not handled further."),
    ]
    assert SECRET_NOTE not in repr(progress)


def test_every_status_has_a_public_stage():
    assert set(queries.STAGE_OF_STATUS) == set(Petition.Status.values)


# ------------------------------------------------------------------------- API


def test_the_api_answers_without_a_token(client, sent):
    response = client.post(
        API, {"code": sent.code, "phone": PHONE}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["register_code"] == sent.petition.code
    assert body["stage"] == "received"
    assert body["received_on"] == "2026-03-10"
    assert body["steps"] == [
        {"on": "2026-03-10", "text": gettext("Your petition was received and registered.")}
    ]
    by_id = client.post(
        API, {"code": sent.code, "id_number": ID_NUMBER}, content_type="application/json"
    )
    assert by_id.json() == body


def test_the_api_misses_are_identical(client, sent):
    payloads = [
        {"code": _mistyped(sent.code), "phone": PHONE},
        {"code": sent.code, "phone": "0987000111"},
        {"code": sent.code, "id_number": "036185004321"},
        {"code": sent.code},
    ]

    answers = [client.post(API, p, content_type="application/json") for p in payloads]

    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert json.loads(answers[0].content) == {
        "code": "not_found",
        "message": gettext(str(forms.NOT_FOUND)),
        "fields": {},
    }


def test_the_api_is_limited_like_the_page(sent):
    client = Client(REMOTE_ADDR="198.51.100.4")
    for _n in range(throttle.LIMITS[Scope.LOOKUP]):
        client.post(
            API, {"code": sent.code, "phone": "0900000000"}, content_type="application/json"
        )

    refused = _api(client, {"code": sent.code, "phone": PHONE})

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_requests"


def test_the_api_refuses_oversized_values(client, world):
    response = client.post(API, {"code": "A" * 41, "phone": PHONE}, content_type="application/json")

    assert response.status_code == 422


def test_a_denunciation_is_looked_up_like_any_petition(client, world):
    receipt = workflow.submit(
        kind=Kind.DENUNCIATION,
        receiving_subject="office",
        person=PersonInput(full_name="Phạm Văn Tố", phone="0912000333", address="Gia Vân"),
        summary="",
        content=BRIBERY,
        now=SENT,
    )

    page = _look(client, receipt.code, "0912000333").content.decode()

    assert 'data-stage="received"' in page
    assert "Phạm Văn Tố" not in page and "Đinh Văn Cường" not in page


def test_the_status_page_takes_a_bounded_number_of_queries(
    client, sent, supervision_officer, department_head, django_assert_max_num_queries
):
    petitions.assign(sent.petition, to=supervision_officer, by=department_head)

    with django_assert_max_num_queries(12):
        response = _look(client, sent.code, PHONE)

    assert 'data-stage="examined"' in response.content.decode()
