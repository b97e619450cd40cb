"""An agency's answer with its file: sent on the page or over the API, kept encrypted,
downloaded by those who may read the petition — of a denunciation only by a custodian who
says why (a result notice is addressed to the denouncer by name)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dannguyen.petitions import workflow
from dannguyen.petitions.models import AgencyAnswer, IdentityAccess

from .test_api import bearer
from .test_forms import PDF

pytestmark = pytest.mark.django_db


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


def _forwarded(petition, *, kind, handler, head, field, agency):
    with at("2026-03-03"):
        if petition.assigned_to_id is None:
            workflow.assign(petition, to=handler, by=head)
        workflow.classify(
            petition,
            kind=kind,
            main_field=field,
            eligibility="eligible",
            competence="outside",
            competent_agency=agency,
            procedure_stage="first_resolved" if kind == "complaint" else "not_resolved",
            by=handler,
        )
    with at("2026-03-05"):
        workflow.forward(petition, agencies=[agency], by=handler)
    return petition.forwardings.get()


def _answer_over_the_api(client, user, petition, forwarding, upload):
    with at("2026-04-10"):
        return client.post(
            f"/api/v1/petitions/{petition.pk}/actions/record_answer",
            {
                "forwarding": forwarding.pk,
                "kind": "result",
                "number": "88/TTr-NV",
                "issued_on": "2026-04-08",
                "received_on": "2026-04-10",
                "signer": "Phó Chánh Thanh tra",
                "summary": "Đã giải quyết khiếu nại lần đầu.",
                "upload": upload,
            },
            **bearer(user),
        )


@pytest.fixture
def forwarded(department_head, supervision_officer, land_field, provincial_inspectorate):
    """PETITION classified as KIND by the supervision officer and forwarded to the inspectorate."""

    def make(petition, kind):
        return petition, _forwarded(
            petition,
            kind=kind,
            handler=supervision_officer,
            head=department_head,
            field=land_field,
            agency=provincial_inspectorate,
        )

    return make


@pytest.fixture
def forwarded_complaint(forwarded, complaint):
    return forwarded(complaint, "complaint")


@pytest.fixture
def forwarded_denunciation(forwarded, denunciation):
    return forwarded(denunciation, "denunciation")


def test_an_answer_sent_over_the_api_with_its_file_is_kept_encrypted_and_downloadable(
    client, forwarded_complaint, supervision_officer, reception_officer
):
    petition, forwarding = forwarded_complaint

    response = _answer_over_the_api(
        client,
        supervision_officer,
        petition,
        forwarding,
        SimpleUploadedFile("traloi.pdf", PDF, "application/pdf"),
    )

    assert response.status_code == 200, response.content
    answer = AgencyAnswer.objects.get()
    shown = response.json()["answers"]
    assert [(a["number"], a["kind"], a["signer"]) for a in shown] == [
        ("88/TTr-NV", "result", "Phó Chánh Thanh tra")
    ]
    assert shown[0]["file_url"] == f"/api/v1/petitions/{petition.pk}/answers/{answer.pk}/file"
    assert response.json()["status"] == "answered"
    with answer.file.open("rb") as stored:
        assert PDF not in stored.read()
    # Anyone who may read the petition may read its answer: it is not protected.
    download = client.get(shown[0]["file_url"], **bearer(reception_officer))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    client.force_login(reception_officer)
    page = client.get(reverse("petitions:answer_file", args=[answer.pk]))
    assert page.status_code == 200
    assert page.content == PDF


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_recorded(
    client, forwarded_complaint, supervision_officer
):
    petition, forwarding = forwarded_complaint

    response = _answer_over_the_api(
        client,
        supervision_officer,
        petition,
        forwarding,
        SimpleUploadedFile("traloi.pdf", b"MZ\x90\x00 an executable", "application/pdf"),
    )

    assert response.status_code == 422
    assert sorted(response.json()["fields"]) == ["upload"]
    assert AgencyAnswer.objects.count() == 0


def test_a_multipart_action_checks_the_version_like_json(
    client, forwarded_complaint, supervision_officer
):
    petition, forwarding = forwarded_complaint
    with at("2026-04-10"):
        bad = client.post(
            f"/api/v1/petitions/{petition.pk}/actions/guide",
            {"version": "many"},
            **bearer(supervision_officer),
        )
        stale = client.post(
            f"/api/v1/petitions/{petition.pk}/actions/urge",
            {"forwarding": forwarding.pk, "on": "2026-04-10", "version": "0"},
            **bearer(supervision_officer),
        )

    assert bad.status_code == 422
    assert sorted(bad.json()["fields"]) == ["version"]
    assert stale.status_code == 409
    assert "người khác thay đổi" in stale.json()["message"]


def test_the_file_of_an_answer_to_a_denunciation_needs_a_reason_and_is_logged(
    client, forwarded_denunciation, supervision_officer, reception_officer
):
    petition, forwarding = forwarded_denunciation
    _answer_over_the_api(
        client,
        supervision_officer,
        petition,
        forwarding,
        SimpleUploadedFile("ketqua.pdf", PDF, "application/pdf"),
    )
    answer = AgencyAnswer.objects.get()
    file_url = f"/api/v1/petitions/{petition.pk}/answers/{answer.pk}/file"

    not_custodian = client.get(
        file_url, {"reveal_reason": "Cần xem kết quả"}, **bearer(reception_officer)
    )
    no_reason = client.get(file_url, **bearer(supervision_officer))
    with_reason = client.get(
        file_url, {"reveal_reason": "Đối chiếu kết quả giải quyết"}, **bearer(supervision_officer)
    )

    assert [r.status_code for r in (not_custodian, no_reason, with_reason)] == [403, 422, 200]
    assert with_reason.content == PDF
    assert list(IdentityAccess.objects.values_list("user__username", "reason", "source")) == [
        ("supervision_officer", "Đối chiếu kết quả giải quyết", "api")
    ]


def test_on_the_page_the_file_of_an_answer_to_a_denunciation_asks_why_first(
    client, forwarded_denunciation, supervision_officer, reception_officer
):
    petition, forwarding = forwarded_denunciation
    _answer_over_the_api(
        client,
        supervision_officer,
        petition,
        forwarding,
        SimpleUploadedFile("ketqua.pdf", PDF, "application/pdf"),
    )
    answer = AgencyAnswer.objects.get()
    link = reverse("petitions:answer_file", args=[answer.pk])

    client.force_login(reception_officer)
    refused = client.get(link)
    client.force_login(supervision_officer)
    detail = client.get(petition.get_absolute_url())
    asked = client.get(link)
    given = client.post(link, {"reason": "Đối chiếu kết quả giải quyết"})

    assert refused.status_code == 403
    assert link in detail.content.decode()
    assert asked.status_code == 200
    assert asked.templates[0].name == "petitions/reveal.html"
    assert given.status_code == 200
    assert given.content == PDF
    assert IdentityAccess.objects.get().reason == "Đối chiếu kết quả giải quyết"
    assert "88/TTr-NV" in IdentityAccess.objects.get().what


def test_an_answer_without_a_file_has_no_download(client, forwarded_complaint, supervision_officer):
    petition, forwarding = forwarded_complaint
    with at("2026-04-10"):
        workflow.record_answer(
            petition,
            forwarding=forwarding,
            kind="result",
            number="9/TL",
            issued_on=datetime.date(2026, 4, 8),
            received_on=datetime.date(2026, 4, 10),
            summary="Trả lời.",
            by=supervision_officer,
        )
    answer = AgencyAnswer.objects.get()
    client.force_login(supervision_officer)

    assert client.get(reverse("petitions:answer_file", args=[answer.pk])).status_code == 404
    assert (
        client.get(
            f"/api/v1/petitions/{petition.pk}/answers/{answer.pk}/file",
            **bearer(supervision_officer),
        ).status_code
        == 404
    )
