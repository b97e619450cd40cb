"""Every page allowed and forbidden, and what it does."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from dannguyen.petitions import workflow
from dannguyen.petitions.models import Petition

from .conftest import COMPLAINANT, DENOUNCER

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "reception_officer",
    "supervision_officer",
    "information_officer",
    "office_leader",
    "deputy",
    "system_admin",
    "outsider",
]


def as_persona(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


# Who may open each page (of the complaint, unassigned, registered by the reception officer).
ALLOWED = {
    "list": {"department_head", "deputy_head", "reception_officer", "supervision_officer",
             "information_officer", "office_leader", "deputy"},
    "export": {"department_head", "deputy_head", "reception_officer", "supervision_officer",
               "information_officer", "office_leader"},
    "create": {"department_head", "deputy_head", "reception_officer"},
    "lookup": {"department_head", "deputy_head", "reception_officer", "supervision_officer"},
    "units": {"department_head", "deputy_head", "reception_officer", "supervision_officer"},
    "pick_unit": {"department_head", "deputy_head", "reception_officer", "supervision_officer"},
    "detail": {"department_head", "deputy_head", "reception_officer", "supervision_officer",
               "information_officer", "office_leader"},
    "candidates": {"department_head", "deputy_head", "reception_officer", "supervision_officer",
                   "information_officer", "office_leader"},
    "edit": {"department_head", "deputy_head", "reception_officer"},
    "classify": {"department_head", "deputy_head"},
    "assign": {"department_head", "deputy_head"},
}  # fmt: skip


def url_for(name, petition):
    if name in {"list", "export", "create", "lookup"}:
        return reverse(f"petitions:{name}")
    if name == "units":
        return reverse("petitions:units") + "?field=place&place_q=gia"
    if name == "pick_unit":
        return reverse("petitions:pick_unit") + "?field=place&id=1"
    return reverse(f"petitions:{name}", args=[petition.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_pages_allowed_and_forbidden(client, request, complaint, persona, name):
    as_persona(client, request, persona)

    response = client.get(url_for(name, complaint))

    assert response.status_code == (200 if persona in ALLOWED[name] else 403)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_pages_need_signing_in(client, complaint, name):
    response = client.get(url_for(name, complaint))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_deputy_sees_only_letters_addressed_to_them(client, register, deputy):
    mine = register(receiving_subject="council_deputy", receiving_deputy=deputy)
    other = register()
    client.force_login(deputy)

    listed = [p for p, _signers, _snippet in client.get(reverse("petitions:list")).context["rows"]]

    assert listed == [mine]
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 403


def test_assigned_specialist_may_edit_and_classify(
    client, complaint, supervision_officer, department_head
):
    workflow.assign(complaint, to=supervision_officer, by=department_head)
    client.force_login(supervision_officer)

    assert client.get(reverse("petitions:edit", args=[complaint.pk])).status_code == 200
    assert client.get(reverse("petitions:classify", args=[complaint.pk])).status_code == 200


def test_registering_officer_loses_edit_once_assigned_to_someone_else(
    client, complaint, reception_officer, supervision_officer, department_head
):
    workflow.assign(complaint, to=supervision_officer, by=department_head)
    client.force_login(reception_officer)

    assert client.get(reverse("petitions:edit", args=[complaint.pk])).status_code == 403


def test_register_list_filters_and_searches_without_accents(
    client, register, department_head, land_field
):
    land = register(kind="complaint", main_field=land_field, channel="in_person")
    register(
        kind="petition",
        channel="online",
        content="Phản ánh đường ĐT 477 xuống cấp, nhiều ổ gà",
        people=[DENOUNCER],
    )
    client.force_login(department_head)

    def codes(**query):
        response = client.get(reverse("petitions:list"), query)
        return [p.code for p, _s, _c in response.context["rows"]]

    assert codes(q="duong dt 477 xuong cap") == ["2026/0002"]
    assert codes(q="tran thi khieu") == [land.code]
    assert codes(q="036185004321") == [land.code]
    assert codes(kind="complaint") == [land.code]
    assert codes(channel="online") == ["2026/0002"]
    assert codes(field=land_field.parent_id) == [land.code]
    assert codes(received_from="03/03/2026") == []
    assert codes(scope="unassigned") == ["2026/0002", land.code]
    assert codes(scope="mine") == []


def test_register_list_htmx_returns_only_the_results(client, complaint, department_head):
    client.force_login(department_head)

    response = client.get(reverse("petitions:list"), {"q": "khieu nai"}, HTTP_HX_REQUEST="true")
    restored = client.get(
        reverse("petitions:list"),
        {"q": "khieu nai"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    html = response.content.decode()
    assert "<nav" not in html
    assert complaint.code in html
    assert "<nav" in restored.content.decode()


def test_register_list_queries_stay_bounded(
    client, register, department_head, django_assert_max_num_queries
):
    for n in range(25):
        register(people=[COMPLAINANT, DENOUNCER], content=f"Khiếu nại số {n} về đất đai")
    client.force_login(department_head)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("petitions:list"))

    assert len(response.context["rows"]) == 25


def test_detail_page_shows_registration_and_history(client, complaint, department_head):
    client.force_login(department_head)

    response = client.get(complaint.get_absolute_url())

    html = response.content.decode()
    assert "Trần Thị Khiếu" in html
    assert "2026/0001" in html
    assert [e.action for e in response.context["events"]] == ["registered"]


def test_create_then_save_and_next(client, reception_officer, world):
    client.force_login(reception_officer)
    data = {
        "received_on": "02/03/2026",
        "channel": "in_person",
        "receiving_subject": "na_delegation",
        "signer_count": "1",
        "full_name": "Lê Văn Tám",
        "content": "Kiến nghị về đường giao thông.",
        "confidentiality": "normal",
        "urgency": "normal",
        "save_and_new": "1",
    }

    response = client.post(reverse("petitions:create"), data)

    assert response.status_code == 302
    assert response.url == reverse("petitions:create")
    assert Petition.objects.get().receiving_subject == "na_delegation"


def test_edit_records_what_changed(client, complaint, reception_officer):
    client.force_login(reception_officer)
    data = {
        "received_on": "02/03/2026",
        "channel": "post",
        "receiving_subject": "office",
        "signer_count": "3",
        "full_name": "Trần Thị Khiếu",
        "id_number": "036185004321",
        "existing_petitioner": complaint.signers.get().petitioner_id,
        "content": complaint.content,
        "kind": "complaint",
        "confidentiality": "normal",
        "urgency": "urgent",
    }

    response = client.post(reverse("petitions:edit", args=[complaint.pk]), data)

    labels = [str(Petition._meta.get_field(n).verbose_name) for n in ("signer_count", "urgency")]
    assert response.status_code == 302
    assert complaint.events.last().note == ", ".join(labels)


def test_assign_by_manager(client, complaint, department_head, reception_officer):
    client.force_login(department_head)

    response = client.post(
        reverse("petitions:assign", args=[complaint.pk]),
        {"assigned_to": reception_officer.pk, "note": "Ưu tiên"},
    )

    complaint.refresh_from_db()
    assert response.status_code == 302
    assert (complaint.status, complaint.assigned_to) == ("assigned", reception_officer)


def test_assign_refuses_someone_who_is_not_a_specialist(
    client, complaint, department_head, office_leader
):
    client.force_login(department_head)

    response = client.post(
        reverse("petitions:assign", args=[complaint.pk]), {"assigned_to": office_leader.pk}
    )

    complaint.refresh_from_db()
    assert response.status_code == 200
    assert complaint.status == "received"


@pytest.mark.parametrize("persona", ["reception_officer", "information_officer", "outsider"])
def test_assign_post_forbidden(client, request, complaint, persona, reception_officer):
    as_persona(client, request, persona)

    response = client.post(
        reverse("petitions:assign", args=[complaint.pk]), {"assigned_to": reception_officer.pk}
    )

    assert response.status_code == 403


def test_classify_confirms_and_validates(client, complaint, department_head, land_field):
    client.force_login(department_head)
    url = reverse("petitions:classify", args=[complaint.pk])
    base = {
        "kind": "complaint",
        "main_field": land_field.pk,
        "eligibility": "ineligible",
        "competence": "outside",
        "procedure_stage": "first_resolved",
    }

    refused = client.post(url, base)
    accepted = client.post(url, {**base, "ineligibility_reasons": ["unsigned", "undated"]})

    assert set(refused.context["form"].errors) == {"ineligibility_reasons", "competent_agency"}
    assert accepted.status_code == 200  # still missing the competent agency
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_classify_saves_a_full_classification(
    client, complaint, department_head, land_field, provincial_inspectorate
):
    client.force_login(department_head)

    response = client.post(
        reverse("petitions:classify", args=[complaint.pk]),
        {
            "kind": "complaint",
            "main_field": land_field.pk,
            "eligibility": "ineligible",
            "ineligibility_reasons": ["unsigned", "undated"],
            "competence": "outside",
            "competent_agency": provincial_inspectorate.pk,
            "procedure_stage": "first_resolved",
        },
    )

    complaint.refresh_from_db()
    assert response.status_code == 302
    assert (complaint.status, complaint.ineligibility_reasons, complaint.competent_agency) == (
        "classified",
        ["unsigned", "undated"],
        provincial_inspectorate,
    )
    assert complaint.classified_by == department_head


def test_field_must_suit_the_kind(client, complaint, department_head, world):
    from dannguyen.core.models import FieldOfWork

    client.force_login(department_head)

    response = client.post(
        reverse("petitions:classify", args=[complaint.pk]),
        {
            "kind": "complaint",
            "main_field": FieldOfWork.objects.get(code="TN-DD").pk,
            "eligibility": "eligible",
            "competence": "undetermined",
            "procedure_stage": "undetermined",
        },
    )

    assert list(response.context["form"].errors) == ["main_field"]


def test_link_by_code_and_mark_not_duplicate(client, register, reception_officer):
    first, second, third = register(), register(), register()
    client.force_login(reception_officer)
    url = reverse("petitions:decide_duplicate", args=[third.pk])

    client.post(url, {"original_code": first.code, "verdict": "duplicate"})
    client.post(url, {"original": second.pk, "verdict": "not_duplicate"})
    client.post(url, {"original_code": "1999/9999", "verdict": "duplicate"})

    assert sorted(third.duplicate_decisions.values_list("original__code", "verdict")) == [
        (first.code, "duplicate"),
        (second.code, "not_duplicate"),
    ]
    detail = client.get(first.get_absolute_url())
    assert [d.petition for d in detail.context["duplicates"]] == [third]


def test_deciding_duplicates_is_forbidden_to_readers(client, register, information_officer):
    first, second = register(), register()
    client.force_login(information_officer)

    response = client.post(
        reverse("petitions:decide_duplicate", args=[second.pk]),
        {"original": first.pk, "verdict": "duplicate"},
    )

    assert response.status_code == 403
    assert second.duplicate_decisions.count() == 0


def test_unit_autocomplete_and_pick(client, reception_officer, world):
    client.force_login(reception_officer)

    found = client.get(reverse("petitions:units"), {"field": "place", "place_q": "gia van"})
    unit = found.context["units"][0]
    picked = client.get(reverse("petitions:pick_unit"), {"field": "place", "id": unit.pk})

    assert str(unit) == "Xã Gia Vân, Tỉnh Ninh Bình"
    assert f'name="place" value="{unit.pk}"' in picked.content.decode()


def test_unit_autocomplete_refuses_unknown_fields(client, reception_officer, world):
    client.force_login(reception_officer)

    assert client.get(reverse("petitions:units"), {"field": "password"}).status_code == 404


def test_lookup_finds_a_person_again_and_shows_the_current_address(
    client, complaint, reception_officer
):
    client.force_login(reception_officer)

    response = client.get(
        reverse("petitions:lookup"),
        {
            "id_number": "036185004321",
            "address": "xóm 4, xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình",
        },
    )

    html = response.content.decode()
    assert [k.petitioner.full_name for k in response.context["people"]] == ["Trần Thị Khiếu"]
    assert "••••••••4321" in html
    assert response.context["mapped"].current == "Xóm 4, Phường Nam Hoa Lư, Tỉnh Ninh Bình"


def test_choosing_a_known_person_links_the_letter_to_them(client, complaint, reception_officer):
    client.force_login(reception_officer)
    known = complaint.signers.get().petitioner

    client.post(
        reverse("petitions:create"),
        {
            "received_on": "05/03/2026",
            "channel": "post",
            "receiving_subject": "office",
            "signer_count": "1",
            "existing_petitioner": known.pk,
            "content": "Tôi gửi bổ sung tài liệu.",
            "confidentiality": "normal",
            "urgency": "normal",
        },
    )

    assert Petition.objects.get(code="2026/0002").signers.get().petitioner == known


def register_rows(response):
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(n for n, row in enumerate(rows) if row[1] == gettext("Code"))
    return rows[header + 1 :]


def test_export_is_an_excel_register(client, complaint, department_head):
    client.force_login(department_head)

    response = client.get(reverse("petitions:export"))

    rows = register_rows(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[:2] for row in rows] == [(1, "2026/0001")]
    assert rows[0][4:7] == ("Trần Thị Khiếu", COMPLAINANT.address, "036185004321")
