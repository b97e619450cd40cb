from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dannguyen.core.models import AdministrativeUnit, Agency, CalendarOverride, FieldOfWork

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninh_binh():
    province = AdministrativeUnit.objects.create(code="37", name="Tỉnh Ninh Bình", kind="province")
    AdministrativeUnit.objects.create(
        code="14329", name="Phường Hoa Lư", kind="ward", parent=province
    )
    AdministrativeUnit.objects.create(
        code="14359", name="Phường Nam Hoa Lư", kind="ward", parent=province
    )
    return province


@pytest.fixture
def agency(ninh_binh):
    return Agency.objects.create(
        name="Ủy ban nhân dân tỉnh Ninh Bình",
        short_name="UBND tỉnh",
        level="provincial",
        kind="peoples_committee",
        administrative_unit=ninh_binh,
    )


def test_home_shows_my_work_in_vietnamese(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("core:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Việc của tôi" in html
    assert "Xin chào, Lê Thị Tiếp." in html


def test_home_for_user_without_role_explains(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("core:home"))

    assert response.status_code == 403
    assert "Chưa được phân quyền" in response.content.decode()


def test_navigation_shows_only_permitted_sections(client, reception_officer, system_admin):
    client.force_login(reception_officer)
    staff_html = client.get(reverse("core:home")).content.decode()
    client.force_login(system_admin)
    admin_html = client.get(reverse("core:home")).content.decode()

    assert reverse("accounts:user_list") not in staff_html
    assert reverse("core:audit_log") not in staff_html
    assert reverse("accounts:user_list") in admin_html
    assert reverse("core:audit_log") in admin_html


def test_information_menu_lists_deputies_briefs_news_and_the_portal(client, information_officer):
    client.force_login(information_officer)
    officer_html = client.get(reverse("core:home")).content.decode()

    for name in ("deputies:person_list", "briefs:list", "news:article_list", "portal:home"):
        assert f'href="{reverse(name)}"' in officer_html


def test_pages_send_a_strict_content_security_policy(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("core:home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_agency_search_ignores_diacritics(client, reception_officer, agency):
    Agency.objects.create(name="Sở Y tế tỉnh Ninh Bình", level="provincial")
    client.force_login(reception_officer)

    response = client.get(reverse("core:agency_list"), {"q": "uy ban nhan dan"})

    assert [a.name for a in response.context["page"]] == ["Ủy ban nhân dân tỉnh Ninh Bình"]


def test_agency_search_htmx_returns_only_the_results(client, reception_officer, agency):
    client.force_login(reception_officer)

    response = client.get(reverse("core:agency_list"), {"q": "ubnd"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert "Ủy ban nhân dân tỉnh Ninh Bình" in html


def test_agency_list_bad_level_is_ignored_not_500(client, reception_officer, agency):
    client.force_login(reception_officer)

    response = client.get(reverse("core:agency_list"), {"level": "<script>", "page": "xyz"})

    assert response.status_code == 200
    assert list(response.context["page"]) == [agency]


def test_agency_list_queries_bounded(
    client, reception_officer, ninh_binh, django_assert_max_num_queries
):
    parent = Agency.objects.create(name="UBND tỉnh", level="provincial")
    for i in range(30):
        Agency.objects.create(
            name=f"Sở số {i}", level="provincial", parent=parent, administrative_unit=ninh_binh
        )
    client.force_login(reception_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("core:agency_list"))

    assert response.context["page"].paginator.count == 31


def test_agency_detail_for_staff(client, reception_officer, agency):
    client.force_login(reception_officer)

    response = client.get(reverse("core:agency_detail", args=[agency.pk]))

    assert response.status_code == 200
    assert "UBND tỉnh" in response.content.decode()


def test_agency_pages_forbidden_to_outsider(client, outsider, agency):
    client.force_login(outsider)

    assert client.get(reverse("core:agency_list")).status_code == 403
    assert client.get(reverse("core:agency_detail", args=[agency.pk])).status_code == 403


def test_agency_edit_by_department_head(client, department_head, agency):
    client.force_login(department_head)

    response = client.post(
        reverse("core:agency_edit", args=[agency.pk]),
        {
            "name": agency.name,
            "short_name": "UBND tỉnh",
            "level": "provincial",
            "kind": "peoples_committee",
            "phone": "0229 3871 111",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.phone == "0229 3871 111"


def test_agency_edit_forbidden_to_reception_officer(client, reception_officer, agency):
    client.force_login(reception_officer)

    response = client.post(
        reverse("core:agency_edit", args=[agency.pk]),
        {"name": "Đổi tên", "level": "provincial", "kind": "other"},
    )

    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name == "Ủy ban nhân dân tỉnh Ninh Bình"


def test_agency_cannot_be_its_own_parent(client, department_head, agency):
    client.force_login(department_head)

    response = client.post(
        reverse("core:agency_edit", args=[agency.pk]),
        {"name": agency.name, "level": "provincial", "kind": "other", "parent": agency.pk},
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_agency_create_invalid_level_shows_error(client, department_head):
    client.force_login(department_head)

    response = client.post(reverse("core:agency_create"), {"name": "X", "level": "galaxy"})

    assert response.status_code == 200
    assert Agency.objects.count() == 0


def test_field_tree_shows_children_under_parents(client, reception_officer):
    hc = FieldOfWork.objects.create(code="HC", name="Hành chính", order=10)
    FieldOfWork.objects.create(code="HC-DD", name="Đất đai", parent=hc, order=10)
    FieldOfWork.objects.create(code="TP", name="Tư pháp", order=20)
    client.force_login(reception_officer)

    response = client.get(reverse("core:field_list"))

    assert [(f.code, depth) for f, depth in response.context["rows"]] == [
        ("HC", 0),
        ("HC-DD", 1),
        ("TP", 0),
    ]


def test_field_create_forbidden_to_reception_officer(client, reception_officer):
    client.force_login(reception_officer)

    response = client.post(reverse("core:field_create"), {"code": "X", "name": "X", "order": 1})

    assert response.status_code == 403
    assert FieldOfWork.objects.count() == 0


def test_field_code_must_be_ascii(client, department_head):
    client.force_login(department_head)

    response = client.post(reverse("core:field_create"), {"code": "ĐẤT", "name": "Đất", "order": 1})

    assert response.status_code == 200
    assert FieldOfWork.objects.count() == 0


def test_unit_search_by_province_and_name(client, reception_officer, ninh_binh):
    client.force_login(reception_officer)

    response = client.get(reverse("core:unit_list"), {"q": "nam hoa lu", "province": "37"})

    assert [u.code for u in response.context["page"]] == ["14359"]


def test_address_conversion_maps_old_commune_to_new_ward(client, reception_officer, ninh_binh):
    client.force_login(reception_officer)

    response = client.get(
        reverse("core:address_convert"),
        {"address": "Xã Ninh Hải, Huyện Hoa Lư, Tỉnh Ninh Bình"},
    )

    result = response.context["result"]
    assert result.new_address == "Phường Nam Hoa Lư, Tỉnh Ninh Bình"
    assert result.ward.code == "14359"
    assert result.province == ninh_binh


def test_address_conversion_of_garbage_says_so(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("core:address_convert"), {"address": "@@@ ###"})

    assert response.context["result"] is None
    assert "Không nhận ra địa chỉ này" in response.content.decode()


def test_calendar_override_recorded_by_manager(client, department_head):
    client.force_login(department_head)

    response = client.post(
        reverse("core:calendar_list"),
        {
            "date": "02/01/2026",
            "kind": "day_off",
            "reason": "Nghỉ bù Tết Dương lịch",
            "legal_basis": "Thông báo của Bộ Nội vụ",
        },
    )

    assert response.status_code == 302
    assert list(CalendarOverride.objects.values_list("date", "kind")) == [
        (datetime.date(2026, 1, 2), "day_off")
    ]


def test_calendar_override_forbidden_to_staff(client, reception_officer):
    client.force_login(reception_officer)

    response = client.post(
        reverse("core:calendar_list"),
        {"date": "02/01/2026", "kind": "day_off", "reason": "x"},
    )

    assert response.status_code == 403
    assert CalendarOverride.objects.count() == 0


def test_calendar_delete_by_manager_and_not_by_staff(client, department_head, reception_officer):
    override = CalendarOverride.objects.create(
        date=datetime.date(2026, 2, 21), kind="working_day", reason="Làm bù"
    )
    client.force_login(reception_officer)
    assert client.post(reverse("core:calendar_delete", args=[override.pk])).status_code == 403

    client.force_login(department_head)
    response = client.post(reverse("core:calendar_delete", args=[override.pk]))

    assert response.status_code == 302
    assert CalendarOverride.objects.count() == 0


def test_calendar_bad_year_falls_back(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get(reverse("core:calendar_list"), {"year": "abc"})

    assert response.status_code == 200


def test_history_of_a_record_for_staff(client, reception_officer, agency):
    agency.phone = "0229 1"
    agency.save()
    client.force_login(reception_officer)
    ct = ContentType.objects.get_for_model(Agency)

    response = client.get(reverse("core:history", args=[ct.pk, agency.pk]))

    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == ["update", "create"]


def test_history_of_a_user_forbidden_to_staff(client, reception_officer, department_head):
    client.force_login(reception_officer)
    ct = ContentType.objects.get_for_model(department_head)

    response = client.get(reverse("core:history", args=[ct.pk, department_head.pk]))

    assert response.status_code == 403


def test_history_of_deleted_record_for_auditors(client, department_head, agency):
    pk = agency.pk
    agency.delete()
    client.force_login(department_head)
    ct = ContentType.objects.get_for_model(Agency)

    response = client.get(reverse("core:history", args=[ct.pk, pk]))

    assert [e.action for e in response.context["page"]] == ["delete", "create"]


def test_history_unknown_is_404(client, department_head):
    client.force_login(department_head)

    assert client.get(reverse("core:history", args=[999999, "1"])).status_code == 404
    ct = ContentType.objects.get_for_model(Agency)
    assert client.get(reverse("core:history", args=[ct.pk, "abc"])).status_code == 404


def test_audit_log_for_managers_only(client, department_head, reception_officer, agency):
    client.force_login(reception_officer)
    assert client.get(reverse("core:audit_log")).status_code == 403

    client.force_login(department_head)
    response = client.get(reverse("core:audit_log"), {"action": "create", "date_from": "bad"})

    assert response.status_code == 200


def test_audit_log_filters(client, department_head, agency, django_assert_max_num_queries):
    agency.phone = "1"
    agency.save()
    client.force_login(department_head)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:audit_log"), {"q": "Ninh Bình", "action": "update"})

    assert [(e.action, e.object_repr) for e in response.context["page"]] == [
        ("update", "Ủy ban nhân dân tỉnh Ninh Bình")
    ]


def test_404_page_is_vietnamese(client, reception_officer):
    client.force_login(reception_officer)

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_static_assets_are_served_locally(client):
    response = client.get(reverse("accounts:login"))

    html = response.content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "http://" not in html.replace('xmlns="http://', "")
    assert "https://" not in html


def test_field_cannot_move_under_its_own_child(client, department_head):
    hc = FieldOfWork.objects.create(code="HC", name="Hành chính")
    child = FieldOfWork.objects.create(code="HC-DD", name="Đất đai", parent=hc)
    client.force_login(department_head)

    response = client.post(
        reverse("core:field_edit", args=[hc.pk]),
        {"code": "HC", "name": "Hành chính", "parent": child.pk, "order": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Không thể đặt một lĩnh vực dưới chính nó."
    ]
    hc.refresh_from_db()
    assert hc.parent is None


def test_an_address_in_a_split_ward_is_converted_without_leaving_the_office(
    client, reception_officer, monkeypatch
):
    # Phường Quang Trung (Phủ Lý) was split in 2025; with a street, the library would ask
    # an online geocoder which part the street is in.
    def no_network(address):
        raise AssertionError(f"address sent to a geocoder: {address}")

    monkeypatch.setattr("vietnamadminunits.converter.converter_2025.get_geo_location", no_network)
    client.force_login(reception_officer)

    response = client.get(
        reverse("core:address_convert"),
        {"address": "Số 12 đường Lê Lợi, Phường Quang Trung, Thành phố Phủ Lý, Tỉnh Hà Nam"},
    )

    result = response.context["result"]
    assert result.street == "Số 12 Đường Lê Lợi"
    assert result.ward_name == "Phường Hà Nam"
    assert result.province_name == "Tỉnh Ninh Bình"
