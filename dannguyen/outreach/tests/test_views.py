"""Every page allowed and forbidden, bad input refused without a 500, nothing half-saved."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from dannguyen.accounts.models import Role
from dannguyen.core.models import AuditEntry
from dannguyen.outreach import workflow
from dannguyen.outreach.models import Beneficiary, FundingSource, Gift, Photo, Programme

from .conftest import TET_FROM, TET_UNTIL, household

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "information_officer",
    "reception_officer",
    "supervision_officer",
    "office_leader",
    "delegation_leader",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]
STAFF = {
    "department_head",
    "deputy_head",
    "information_officer",
    "reception_officer",
    "supervision_officer",
}
READERS = STAFF | {"office_leader", "delegation_leader"}
PROGRAMME_READERS = READERS | {"deputy"}  # the deputy takes part; the other deputy does not
APPROVERS = {"department_head", "deputy_head", "delegation_leader"}

ALLOWED = {
    "programme_list": PROGRAMME_READERS | {"other_deputy"},
    "programme_create": STAFF,
    "programme_detail": PROGRAMME_READERS,
    "programme_edit": STAFF,
    "programme_move_approve": set(),  # already approved
    "programme_move_return": APPROVERS,
    "programme_move_carry-out": STAFF,
    "household_create": STAFF,
    "household_edit": STAFF,
    "gift_create": STAFF,
    "source_create": STAFF,
    "photo_create": STAFF,
    "photo_file": PROGRAMME_READERS,
    "report_docx": PROGRAMME_READERS,
    "households_xlsx": PROGRAMME_READERS,
}


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def other_deputy(make_user):
    return make_user("other_deputy", Role.Code.DEPUTY, full_name="Vũ Văn Khác")


@pytest.fixture
def approved(programme, households, information_officer, delegation_leader, media):
    workflow.record_gift(
        programme,
        household=households[0],
        money=1_000_000,
        goods="Gạo 10 kg",
        goods_value=200_000,
        given_on=None,
        by=information_officer,
    )
    workflow.move(programme, to="approved", by=delegation_leader)
    photo = workflow.add_photo(
        programme,
        upload=SimpleUploadedFile("a.png", png_bytes()),
        content_type="image/png",
        caption="Trao quà",
        by=information_officer,
    )
    return {"programme": programme, "household": households[0], "photo": photo}


def url_for(name, world):
    programme = world["programme"]
    if name.startswith("programme_move_"):
        move = name.removeprefix("programme_move_")
        return reverse("outreach:programme_move", args=[programme.pk, move])
    if name == "household_edit":
        return reverse("outreach:household_edit", args=[world["household"].pk])
    if name == "photo_file":
        return reverse("outreach:photo_file", args=[world["photo"].pk])
    if name in {"programme_list", "programme_create"}:
        return reverse(f"outreach:{name}")
    return reverse(f"outreach:{name}", args=[programme.pk])


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_who_may_open_each_page(client, request, approved, other_deputy, name):
    url = url_for(name, approved)
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.get(url).status_code
    expected = {p: 200 if p in ALLOWED[name] else 403 for p in PERSONAS}
    assert seen == expected


def test_anonymous_is_sent_to_login(client, approved):
    response = client.get(reverse("outreach:programme_detail", args=[approved["programme"].pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_list_shows_a_deputy_only_their_programmes(client, approved, deputy, other_deputy):
    client.force_login(deputy)
    assert approved["programme"].title in client.get(reverse("outreach:programme_list")).text
    client.force_login(other_deputy)
    assert approved["programme"].title not in client.get(reverse("outreach:programme_list")).text


def test_list_queries_bounded(
    client, communes, information_officer, delegation_leader, django_assert_max_num_queries
):
    for n in range(12):
        p = workflow.create_programme(
            values={"title": f"Chương trình {n}", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
            leaders=[delegation_leader],
            participants=[],
            by=information_officer,
        )
        household(p, information_officer, f"Nguyễn Văn An {n}", communes["Xã Gia Vân"])
    client.force_login(information_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:programme_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12


def test_detail_queries_bounded(
    client, approved, information_officer, django_assert_max_num_queries
):
    client.force_login(information_officer)
    with django_assert_max_num_queries(25):
        response = client.get(approved["programme"].get_absolute_url())
    assert response.status_code == 200


def _programme_post(**overrides):
    data = {
        "title": "Thăm gia đình chính sách dịp 27/7",
        "occasion": "war_invalids_day",
        "lead_body": "council_standing",
        "starts_on": "20/07/2026",
        "ends_on": "27/07/2026",
        "description": "",
        "guest_participants": "",
    }
    data.update(overrides)
    return data


def test_create_programme(client, communes, information_officer, delegation_leader):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:programme_create"),
        _programme_post(leaders=[delegation_leader.pk]),
    )
    created = Programme.objects.get()
    assert response.status_code == 302
    assert created.starts_on == datetime.date(2026, 7, 20)
    assert list(created.leaders.all()) == [delegation_leader]
    assert created.events.get().action == "created"


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_on": "27/07/2026", "ends_on": "20/07/2026"},
        {"starts_on": "31/02/2026"},
        {"ends_on": "01/01/9999"},
        {"occasion": "bogus"},
        {"leaders": ["99999999999999999999999"]},
        {"title": ""},
    ],
)
def test_create_programme_bad_input(client, communes, information_officer, overrides):
    client.force_login(information_officer)
    response = client.post(reverse("outreach:programme_create"), _programme_post(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Programme.objects.count() == 0


def test_edit_with_dates_in_wrong_order_keeps_the_stored_ones(
    client, programme, information_officer
):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:programme_edit", args=[programme.pk]),
        _programme_post(starts_on="10/02/2026", ends_on="01/02/2026"),
    )
    assert response.status_code == 200
    programme.refresh_from_db()
    assert (programme.starts_on, programme.ends_on) == (TET_FROM, TET_UNTIL)


def _household_post(unit, **overrides):
    data = {
        "head_name": "Bà Nguyễn Thị Hoa",
        "address": "Thôn 3",
        "commune": unit.pk,
        "category": "meritorious",
        "phone": "0912 345 678",
        "note": "",
    }
    data.update(overrides)
    return data


def test_household_added_and_overlap_warned(client, programme, communes, information_officer):
    other = workflow.create_programme(
        values={"title": "Quỹ vì người nghèo", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    household(other, information_officer, "Nguyễn Thị Hoa", communes["Xã Gia Vân"])
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:household_create", args=[programme.pk]),
        _household_post(communes["Xã Gia Vân"]),
        follow=True,
    )
    assert response.status_code == 200
    assert programme.beneficiaries.count() == 1
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Quỹ vì người nghèo" in str(warnings[0])
    assert response.text.count('data-testid="overlap"') == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"head_name": "   "},
        {"head_name": "12345"},
        {"category": "rich"},
        {"commune": "99999999999999999999999"},
        {"phone": "<script>"},
    ],
)
def test_household_bad_input(client, programme, communes, information_officer, overrides):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:household_create", args=[programme.pk]),
        _household_post(communes["Xã Gia Vân"], **overrides),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Beneficiary.objects.count() == 0


def test_household_twice_in_programme_refused(
    client, programme, households, communes, information_officer
):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:household_create", args=[programme.pk]),
        _household_post(communes["Xã Gia Vân"], head_name="NGUYỄN THỊ HOA"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert programme.beneficiaries.count() == 2


def _gift_post(household, **overrides):
    data = {
        "household": household.pk,
        "money": "500000",
        "goods": "",
        "goods_value": "",
        "given_on": "",
    }
    data.update(overrides)
    return data


def test_gift_recorded(client, programme, households, information_officer):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:gift_create", args=[programme.pk]),
        _gift_post(households[1], goods="Chăn ấm", goods_value="300000", given_on="25/01/2026"),
    )
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert (gift.money, gift.goods_value, gift.given_on) == (
        500_000,
        300_000,
        datetime.date(2026, 1, 25),
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"money": "-500000"},
        {"money": "0"},
        {"money": "99999999999999999999999999"},
        {"money": "1000000001"},
        {"money": "abc"},
        {"money": "", "goods": "", "goods_value": "200000"},
        {"given_on": "01/03/2026"},
        {"money": "10000001"},  # above the budget of 10 million
    ],
)
def test_gift_bad_input(client, programme, households, information_officer, overrides):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:gift_create", args=[programme.pk]), _gift_post(households[0], **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Gift.objects.count() == 0


def test_gift_to_household_of_another_programme_refused(
    client, programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={"title": "Khác", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    workflow.add_source(other, name="Quỹ", amount=5_000_000, by=information_officer)
    stranger = household(other, information_officer, "Lê Văn Cường", communes["Xã Gia Vân"])
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:gift_create", args=[programme.pk]), _gift_post(stranger)
    )
    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert Gift.objects.count() == 0


@pytest.mark.parametrize("amount", ["-1", "0", "100000000001", "1e9", ""])
def test_source_bad_amount(client, programme, information_officer, amount):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:source_create", args=[programme.pk]), {"name": "Quỹ", "amount": amount}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert FundingSource.objects.count() == 1


def test_source_removal_refused_when_it_pays_for_gifts(client, approved, information_officer):
    source = approved["programme"].sources.get()
    client.force_login(information_officer)
    response = client.post(reverse("outreach:source_remove", args=[source.pk]), follow=True)
    assert response.status_code == 200
    assert FundingSource.objects.filter(pk=source.pk).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_remove_actions_need_post_and_staff(client, approved, office_leader, information_officer):
    gift = Gift.objects.get()
    url = reverse("outreach:gift_remove", args=[gift.pk])
    client.force_login(office_leader)
    assert client.post(url).status_code == 403
    client.force_login(information_officer)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Gift.objects.count() == 0


def test_household_remove(client, programme, households, information_officer):
    client.force_login(information_officer)
    response = client.post(reverse("outreach:household_remove", args=[households[1].pk]))
    assert response.status_code == 302
    assert list(programme.beneficiaries.all()) == [households[0]]


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.png", b"\x89PNG\r\n\x1a\nbroken"), ("a.jpg", b"not an image"), ("a.pdf", b"%PDF-1.4")],
)
def test_photo_checked_by_content(client, approved, information_officer, name, content):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:photo_create", args=[approved["programme"].pk]),
        {"image": SimpleUploadedFile(name, content), "caption": "x"},
    )
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    assert Photo.objects.count() == 1


def test_photo_uploaded_and_served(client, approved, information_officer):
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:photo_create", args=[approved["programme"].pk]),
        {"image": SimpleUploadedFile("x.bin", png_bytes()), "caption": "Thăm hộ"},
    )
    assert response.status_code == 302
    photo = Photo.objects.latest("id")
    assert photo.content_type == "image/png"
    served = client.get(reverse("outreach:photo_file", args=[photo.pk]))
    assert served["Content-Type"] == "image/png"


def test_moves_through_the_pages(client, approved, information_officer):
    programme = approved["programme"]
    client.force_login(information_officer)
    response = client.post(reverse("outreach:programme_move", args=[programme.pk, "carry-out"]))
    assert response.status_code == 302
    bad = client.post(
        reverse("outreach:programme_move", args=[programme.pk, "report"]),
        {"reported_on": "01/01/2026"},  # before the programme starts
    )
    assert bad.status_code == 200
    assert bad.context["form"].non_field_errors()
    assert Programme.objects.get(pk=programme.pk).status == "carried_out"
    response = client.post(
        reverse("outreach:programme_move", args=[programme.pk, "report"]),
        {"reported_on": "15/02/2026", "report_number": "5/BC-ĐĐBQH"},
    )
    assert response.status_code == 302
    assert Programme.objects.get(pk=programme.pk).status == "reported"
    assert client.get(reverse("outreach:programme_edit", args=[programme.pk])).status_code == 403


def test_unknown_move_is_404(client, approved, information_officer):
    client.force_login(information_officer)
    url = reverse("outreach:programme_move", args=[approved["programme"].pk, "explode"])
    assert client.get(url).status_code == 404


def test_exports(client, approved, information_officer):
    client.force_login(information_officer)
    pk = approved["programme"].pk
    docx = client.get(reverse("outreach:report_docx", args=[pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    xlsx = client.get(reverse("outreach:households_xlsx", args=[pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Bà Nguyễn Thị Hoa" in values
    assert 1_200_000 in values


def test_household_corrected_and_overlap_warned(
    client, programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={"title": "Quỹ Bảo trợ", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    household(other, information_officer, "Lê Văn Cường", communes["Xã Nho Quan"])
    client.force_login(information_officer)
    response = client.post(
        reverse("outreach:household_edit", args=[households[1].pk]),
        _household_post(communes["Xã Nho Quan"], head_name="Ông Lê Văn Cường", category="poor"),
        follow=True,
    )
    assert response.status_code == 200
    households[1].refresh_from_db()
    assert (households[1].head_name, households[1].name_key) == ("Ông Lê Văn Cường", "le van cuong")
    assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]


def test_changes_are_audited(programme, households):
    entries = AuditEntry.objects.for_object(households[0])
    assert list(entries.values_list("action", flat=True)) == ["create"]
