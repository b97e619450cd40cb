"""The portal's deputies pages: no login, public data only, cacheable."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.deputies.forms import clean_photo
from dannguyen.deputies.models import Membership, Person

from .conftest import CITIZEN, image_bytes


def test_the_list_shows_the_current_deputies_to_anyone(client, own, khanh):
    response = client.get(reverse("deputies_public:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đỗ Thị Đại Biểu" in page
    assert "Lương Văn Khánh" in page
    assert response.templates[0].name == "deputies/public/index.html"
    assert "portal/base.html" in [t.name for t in response.templates]


def test_the_list_filters_by_body_term_and_unit(client, own, khanh, council_term, unit_one):
    index = reverse("deputies_public:index")
    assert list(client.get(index, {"body": "na"}).context["page"]) == [own]
    assert list(client.get(index, {"term": council_term.pk}).context["page"]) == [khanh]
    assert list(client.get(index, {"area": unit_one.pk}).context["page"]) == [own]
    response = client.get(index, {"term": "99999999999999999999999", "body": "<script>"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [own, khanh]


def test_a_deputy_no_longer_in_office_or_not_public_is_not_listed(client, own, khanh):
    Membership.objects.filter(person=khanh).update(is_public=False)
    Membership.objects.filter(person=own).update(ends_on=datetime.date(2026, 11, 1))
    response = client.get(reverse("deputies_public:index"))
    assert list(response.context["page"]) == []
    assert client.get(khanh.get_public_url()).status_code == 404
    # A former deputy keeps a public page, their past term shown.
    assert client.get(own.get_public_url()).status_code == 200


def test_the_profile_shows_public_activity_and_never_a_petition_or_citizen(client, record):
    response = client.get(record.get_public_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đỗ Thị Đại Biểu" in page
    assert gettext("Deputy head of the delegation") in page
    assert "daibieu@quochoi.vn" in page
    assert "Đơn vị bầu cử số 1" in page
    assert f"{gettext('Citizen reception sessions presided')}: <strong>2</strong>" in page
    assert f"{gettext('Voter meetings attended')}: <strong>1</strong>" in page
    assert f"{gettext('Conferences and events attended')}: <strong>1</strong>" in page
    assert "Hội nghị giao ban công khai" in page
    assert "Thảo luận tổ" in page
    for secret in (
        CITIZEN,
        "036185004321",
        "Tập huấn nội bộ",
        "Khảo sát nội bộ",
        "Giám sát việc giải quyết khiếu nại",
        gettext("Petitions addressed to the deputy"),
        "1978",
        "/reception/",
        "/petitions/",
    ):
        assert secret not in page, secret


def test_public_pages_carry_cache_headers_and_answer_304(client, own):
    url = own.get_public_url()
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.post(url).status_code == 405


def test_the_photo_is_served_for_public_deputies_only(client, own, khanh):
    own.photo = clean_photo(SimpleUploadedFile("a.png", image_bytes(), "image/png"))
    own.save()
    response = client.get(reverse("deputies_public:photo", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    again = client.get(
        reverse("deputies_public:photo", args=[own.pk]),
        HTTP_IF_MODIFIED_SINCE=response["Last-Modified"],
    )
    assert again.status_code == 304
    assert client.get(reverse("deputies_public:photo", args=[khanh.pk])).status_code == 404
    hidden = Person.objects.create(name="Người Chưa Công Bố")
    hidden.photo = clean_photo(SimpleUploadedFile("b.png", image_bytes(), "image/png"))
    hidden.save()
    assert client.get(reverse("deputies_public:photo", args=[hidden.pk])).status_code == 404
    assert client.get(hidden.get_public_url()).status_code == 404


def test_constituencies_list_their_communes_and_deputies(client, own, khanh, unit_one):
    response = client.get(reverse("deputies_public:areas"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Đơn vị bầu cử số 1") == 2
    commune = unit_one.communes.first()
    assert commune.name in page
    detail = client.get(unit_one.get_public_url())
    assert "Đỗ Thị Đại Biểu" in detail.content.decode()
    assert "Lương Văn Khánh" not in detail.content.decode()
    assert client.get(reverse("deputies_public:area", args=[999999])).status_code == 404


def test_the_open_data_leaves_out_what_is_not_public(client, own, khanh):
    Membership.objects.filter(person=khanh).update(is_public=False)
    data = client.get(reverse("deputies_public:popolo")).json()
    assert [p["name"] for p in data["persons"]] == ["Đỗ Thị Đại Biểu"]
    assert "birth_date" not in data["persons"][0]
    assert data["persons"][0]["contact_details"] == [
        {"type": "email", "value": "daibieu@quochoi.vn"},
        {"type": "voice", "value": "0229 3871 111"},
    ]
    assert len(data["memberships"]) == 1


@pytest.mark.parametrize(
    "url", ["/portal/dai-bieu/99999999999999999999999/", "/portal/dai-bieu/x/"]
)
def test_impossible_addresses_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_list_keeps_its_queries_bounded(client, own, khanh, django_assert_max_num_queries):
    for i in range(20):
        person = Person.objects.create(name=f"Nguyễn Văn Thử {i}")
        Membership.objects.create(
            person=person,
            organization=own.memberships.get().organization,
            term=own.memberships.get().term,
            role="member",
            starts_on=datetime.date(2026, 4, 6),
        )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("deputies_public:index"))
    assert response.context["page"].paginator.count == 22
