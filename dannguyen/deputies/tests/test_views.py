"""The staff pages: who reads, who edits, what the forms refuse."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from docx import Document
from PIL import Image

from dannguyen.accounts.models import Role
from dannguyen.deputies.models import ActivityEntry, Area, Membership, Person, Term

from .conftest import image_bytes

READERS = [
    "reception_officer",
    "department_head",
    "deputy_head",
    "information_officer",
    "supervision_officer",
    "office_leader",
    "deputy",
    "system_admin",
]
EDITORS = ["information_officer", "department_head", "deputy_head"]
NOT_EDITORS = [
    "reception_officer",
    "supervision_officer",
    "office_leader",
    "deputy",
    "system_admin",
]


def _pages(person, membership, entry):
    return [
        reverse("deputies:person_list"),
        reverse("deputies:reference"),
        reverse("deputies:popolo_json"),
        person.get_absolute_url(),
    ]


def _edit_pages(person, membership, entry):
    return [
        reverse("deputies:person_create"),
        reverse("deputies:person_edit", args=[person.pk]),
        reverse("deputies:membership_create", args=[person.pk]),
        reverse("deputies:membership_edit", args=[membership.pk]),
        reverse("deputies:entry_create", args=[person.pk]),
        reverse("deputies:entry_edit", args=[entry.pk]),
        reverse("deputies:reference_create", args=["term"]),
        reverse("deputies:reference_create", args=["organization"]),
        reverse("deputies:reference_create", args=["area"]),
        reverse("deputies:reference_edit", args=["term", membership.term_id]),
    ]


@pytest.fixture
def entry(own, information_officer):
    return ActivityEntry.objects.create(
        person=own,
        kind="speech",
        date=datetime.date(2026, 10, 24),
        title="Thảo luận tổ về dự án Luật Đất đai",
        created_by=information_officer,
    )


@pytest.fixture
def membership(own):
    return own.memberships.get()


@pytest.mark.parametrize("persona", READERS)
def test_everyone_with_a_role_reads(client, request, persona, own, membership, entry):
    client.force_login(request.getfixturevalue(persona))
    for url in _pages(own, membership, entry):
        assert client.get(url).status_code == 200, url


def test_without_a_role_nothing_is_shown(client, outsider, own, membership, entry):
    client.force_login(outsider)
    for url in _pages(own, membership, entry) + _edit_pages(own, membership, entry):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("deputies:summary_docx", args=[own.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, own, membership, entry):
    for url in _pages(own, membership, entry) + _edit_pages(own, membership, entry):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_open_every_form(client, request, persona, own, membership, entry):
    client.force_login(request.getfixturevalue(persona))
    for url in _edit_pages(own, membership, entry):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_other_roles_edit_nothing(client, request, persona, own, membership, entry):
    client.force_login(request.getfixturevalue(persona))
    for url in _edit_pages(own, membership, entry):
        assert client.get(url).status_code == 403, url
    for url in (
        reverse("deputies:membership_delete", args=[membership.pk]),
        reverse("deputies:entry_delete", args=[entry.pk]),
    ):
        assert client.post(url).status_code == 403, url
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert ActivityEntry.objects.filter(pk=entry.pk).exists()


def test_a_deputy_sees_their_own_full_record_and_another_deputys_public_one(
    client, record, deputy, make_user
):
    summary = reverse("deputies:summary_docx", args=[record.pk])
    client.force_login(deputy)
    page = client.get(record.get_absolute_url()).content.decode()
    assert gettext("Petitions addressed to the deputy") in page
    assert client.get(summary).status_code == 200
    client.force_login(make_user("other_deputy", Role.Code.DEPUTY))
    page = client.get(record.get_absolute_url()).content.decode()
    assert gettext("Petitions addressed to the deputy") not in page
    assert gettext("Only the public activity is shown to you.") in page
    assert "Tập huấn nội bộ" not in page
    assert "Hội nghị giao ban công khai" in page
    assert client.get(summary).status_code == 403


def test_the_list_filters_and_keeps_its_queries_bounded(
    client, information_officer, own, khanh, django_assert_max_num_queries
):
    client.force_login(information_officer)
    for i in range(15):
        Person.objects.create(name=f"Nguyễn Văn Thử {i}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("deputies:person_list"))
    assert response.context["page"].paginator.count == 17
    response = client.get(reverse("deputies:person_list"), {"body": "hdnd_province"})
    assert list(response.context["page"]) == [khanh]
    response = client.get(reverse("deputies:person_list"), {"q": "dai bieu"})
    assert list(response.context["page"]) == [own]
    response = client.get(reverse("deputies:person_list"), {"term": "999999999999999999999"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 17
    partial = client.get(reverse("deputies:person_list"), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert "Đỗ Thị Đại Biểu" in partial.content.decode()


def test_creating_a_deputy_with_a_photo_stores_it_small_as_jpeg(client, information_officer):
    client.force_login(information_officer)
    upload = SimpleUploadedFile("chan-dung.png", image_bytes("PNG", (1200, 1600)), "image/png")
    response = client.post(
        reverse("deputies:person_create"),
        {"name": "  Hoàng   Thị  Hoa ", "gender": "female", "photo": upload, "email": "hoa@qh.vn"},
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert person.name == "Hoàng Thị Hoa"
    with Image.open(person.photo.path) as image:
        assert (image.format, image.size) == ("JPEG", (450, 600))
    photo = client.get(reverse("deputies:person_photo", args=[person.pk]))
    assert photo["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.jpg", b"%PDF-1.4 not an image"),
        ("anh.gif", None),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
    ],
)
def test_a_photo_is_refused_unless_it_is_a_jpeg_or_png_image(
    client, information_officer, name, content
):
    client.force_login(information_officer)
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, format="GIF")
        content = out.getvalue()
    response = client.post(
        reverse("deputies:person_create"),
        {"name": "Hoàng Thị Hoa", "photo": SimpleUploadedFile(name, content, "image/jpeg")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [
        gettext("The photo must be a JPEG or PNG image.")
    ]
    assert not Person.objects.exists()


def test_a_deputy_account_is_linked_once(client, information_officer, own, deputy):
    client.force_login(information_officer)
    response = client.post(
        reverse("deputies:person_create"), {"name": "Người Khác", "user": str(deputy.pk)}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    response = client.post(
        reverse("deputies:person_create"), {"name": "Người Khác", "user": "99999999999999999999999"}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def _position(**changes):
    data = {
        "role": "member",
        "engagement": "part_time",
        "starts_on": "2026-04-06",
        "ends_on": "",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_positions_are_checked_against_the_term_the_unit_and_each_other(
    client, information_officer, own, delegation, na_term, council_term, council_unit, membership
):
    client.force_login(information_officer)
    url = reverse("deputies:membership_create", args=[own.pk])
    base = {"organization": delegation.pk, "term": na_term.pk}

    def errors(**changes):
        response = client.post(url, _position(**{**base, **changes}))
        assert response.status_code == 200
        return response.context["form"].errors

    assert errors(starts_on="2026-06-01", ends_on="2026-05-01")["ends_on"] == [
        gettext("The end comes before the start.")
    ]
    assert errors(term=council_term.pk)["term"] == [
        gettext("The term is not one of the organisation's body.")
    ]
    assert errors(area=council_unit.pk)["area"] == [
        gettext("The electoral unit belongs to another term.")
    ]
    assert errors(starts_on="2026-01-01")["starts_on"] == [
        gettext("The start is outside the term.")
    ]
    assert errors(role="deputy_head", starts_on="2026-09-01")["__all__"] == [
        gettext("The deputy already holds this position in this organisation then.")
    ]
    assert errors(organization="abc")["organization"]
    assert Membership.objects.filter(person=own).count() == 1
    # The same post again after the first one ended is a new period, not a duplicate.
    Membership.objects.filter(pk=membership.pk).update(ends_on=datetime.date(2026, 8, 31))
    response = client.post(url, _position(**base, role="deputy_head", starts_on="2026-09-01"))
    assert response.status_code == 302
    assert Membership.objects.filter(person=own, role="deputy_head").count() == 2


def test_editing_and_removing_a_position(client, deputy_head, own, membership):
    client.force_login(deputy_head)
    response = client.post(
        reverse("deputies:membership_edit", args=[membership.pk]),
        _position(
            organization=membership.organization_id,
            term=membership.term_id,
            role="deputy_head",
            engagement="full_time",
            ends_on="2026-12-31",
        ),
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.ends_on, membership.is_public) == (datetime.date(2026, 12, 31), True)
    assert (
        client.get(reverse("deputies:membership_delete", args=[membership.pk])).status_code == 405
    )
    client.post(reverse("deputies:membership_delete", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_recording_editing_and_removing_an_activity(client, information_officer, own, today):
    client.force_login(information_officer)
    url = reverse("deputies:entry_create", args=[own.pk])
    response = client.post(
        url, {"kind": "question", "date": "2026-11-21", "title": "Chất vấn", "text": ""}
    )
    assert response.context["form"].errors["date"] == [
        gettext("Record an activity once it has taken place.")
    ]
    response = client.post(url, {"kind": "lecture", "date": "2026-11-02", "title": "X"})
    assert "kind" in response.context["form"].errors
    response = client.post(
        url,
        {
            "kind": "question",
            "date": "2026-11-05",
            "title": " Chất vấn  Bộ trưởng ",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    entry = ActivityEntry.objects.get()
    assert (entry.title, entry.is_public, entry.created_by) == (
        "Chất vấn Bộ trưởng",
        True,
        information_officer,
    )
    client.post(
        reverse("deputies:entry_edit", args=[entry.pk]),
        {"kind": "speech", "date": "2026-11-05", "title": "Phát biểu"},
    )
    entry.refresh_from_db()
    assert (entry.kind, entry.is_public) == ("speech", False)
    client.post(reverse("deputies:entry_delete", args=[entry.pk]))
    assert not ActivityEntry.objects.exists()


def test_reference_data_is_kept_through_its_forms(client, department_head, world):
    client.force_login(department_head)
    response = client.post(
        reverse("deputies:reference_create", args=["term"]),
        {
            "body": "hdnd_commune",
            "name": "2026–2031",
            "starts_on": "2026-03-30",
            "ends_on": "2026-01-01",
        },
    )
    assert response.context["form"].errors["ends_on"] == [
        gettext("The end comes before the start.")
    ]
    client.post(
        reverse("deputies:reference_create", args=["term"]),
        {"body": "hdnd_commune", "name": "2026–2031", "starts_on": "2026-03-30"},
    )
    term = Term.objects.get()
    response = client.post(
        reverse("deputies:reference_create", args=["organization"]),
        {"name": "HĐND xã Gia Vân", "classification": "council", "body": "hdnd_commune"},
    )
    assert response.context["form"].errors["commune"] == [
        gettext("Choose the commune of the council.")
    ]
    response = client.post(
        reverse("deputies:reference_create", args=["area"]),
        {"term": term.pk, "number": "1", "name": "Đơn vị bầu cử số 1", "seats": "5"},
    )
    assert response.status_code == 302
    assert Area.objects.get().seats == 5
    assert client.get(reverse("deputies:reference_create", args=["planet"])).status_code == 404


def test_impossible_ids_are_not_found(client, information_officer):
    client.force_login(information_officer)
    for url in ("/deputies/99999999999999999999999/", "/deputies/positions/99999999999999999999/"):
        assert client.get(url).status_code == 404


def test_the_yearly_summary_opens_in_word_with_the_name_and_counts(client, record, department_head):
    client.force_login(department_head)
    response = client.get(reverse("deputies:summary_docx", args=[record.pk]), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="hoat-dong-dai-bieu-{record.pk}-2026.docx"'
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Đỗ Thị Đại Biểu" in text
    assert f"{gettext('Citizen reception sessions presided')}: 2" in text
    assert f"{gettext('Petitions addressed to the deputy')}: 2" in text
    assert f"{gettext('Voter meetings attended')}: 1" in text
    assert f"{gettext('Conferences and events attended')}: 2" in text
    assert "Trần Thị Khiếu" not in text
    bad = client.get(reverse("deputies:summary_docx", args=[record.pk]), {"year": "abc"})
    assert bad.status_code == 200


def test_the_popolo_download_has_people_organisations_and_memberships(
    client, office_leader, own, khanh
):
    client.force_login(office_leader)
    data = client.get(reverse("deputies:popolo_json")).json()
    assert sorted(data) == ["areas", "events", "memberships", "organizations", "persons", "posts"]
    assert [p["name"] for p in data["persons"]] == ["Đỗ Thị Đại Biểu", "Lương Văn Khánh"]
    assert data["persons"][0]["birth_date"] == "1978-06-01"
    membership = next(m for m in data["memberships"] if m["person_id"] == f"person/{own.pk}")
    assert membership["role"] == gettext("Deputy head of the delegation")
    assert membership["legislative_period_id"] in {e["id"] for e in data["events"]}
    assert membership["area_id"] in {a["id"] for a in data["areas"]}
    assert membership["organization_id"] in {o["id"] for o in data["organizations"]}
    assert {e["classification"] for e in data["events"]} == {"legislative period"}


def test_replacing_a_photo_removes_the_old_file(client, information_officer, own):
    client.force_login(information_officer)
    url = reverse("deputies:person_edit", args=[own.pk])
    data = {"name": own.name, "gender": "female"}
    first = SimpleUploadedFile("a.png", image_bytes(), "image/png")
    client.post(url, {**data, "photo": first})
    own.refresh_from_db()
    old = own.photo.path
    second = SimpleUploadedFile("b.jpg", image_bytes("JPEG", (300, 200)), "image/jpeg")
    assert client.post(url, {**data, "photo": second}).status_code == 302
    own.refresh_from_db()
    assert own.photo.path != old
    assert not Path(old).exists()
    with Image.open(own.photo.path) as image:
        assert image.size == (300, 200)
    client.post(url, {**data, "photo-clear": "on"})
    own.refresh_from_db()
    assert not own.photo
