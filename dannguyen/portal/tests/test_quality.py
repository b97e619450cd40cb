"""What a public site must hold: cacheable anonymous pages with ETags, escaped input, a
page for any query string, a bounded number of queries, the iCalendar file."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["portal:home", "portal:schedules", "portal:legal_search", "portal:voter_answers"]


@pytest.fixture
def world_of_the_portal(today, reception_sessions, published_plan, answered, events, law):
    return law


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_pages_are_public_for_five_minutes_with_an_etag(client, today, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"')


def test_the_same_etag_gets_a_304_without_a_body(client, world_of_the_portal):
    url = reverse("portal:schedules") + "?month=2026-11"
    first = client.get(url)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_schedule_changes_the_etag(client, world_of_the_portal, reception_sessions):
    from dannguyen.reception import workflow

    url = reverse("portal:schedules") + "?month=2026-11"
    first = client.get(url)["ETag"]
    session = reception_sessions["regular"]
    workflow.cancel(session, reason="Trùng lịch họp", by=None)

    assert client.get(url)["ETag"] != first


INJECTION = '<script>alert("x")</script>'


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("portal:legal_search", "q"),
        ("portal:legal_search", "year_from"),
        ("portal:legal_search", "status"),
        ("portal:schedules", "month"),
        ("portal:schedules", "kind"),
        ("portal:voter_answers", "session"),
    ],
)
def test_script_in_the_query_string_comes_back_escaped(client, world_of_the_portal, name, param):
    response = client.get(reverse(name), {param: INJECTION})

    assert response.status_code == 200
    html = response.content.decode()
    assert INJECTION not in html
    assert "<script" not in html


ODD_VALUES = [
    "",
    " ",
    "a" * 5000,
    "đ" * 600,
    "%",
    "%%%25",
    "'; DROP TABLE legal_legaldocument; --",
    '"((("',
    "AND OR NOT * NEAR",
    "\u202e\u200b\ufeff",
    "😀" * 50,
    "-1",
    "99999999999999999999999",
    "2026-13",
    "0000-00",
    "[]{}",
    "\\",
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_any_query_string_gives_a_page(client, world_of_the_portal, value):
    for name in PAGES:
        for param in ("q", "page", "month", "view", "kind", "session", "commune", "document_type"):
            response = client.get(reverse(name), {param: value})

            assert response.status_code in (200, 302), (name, param, value)


def test_an_unknown_document_is_a_404_page(client, world_of_the_portal):
    assert client.get(reverse("portal:legal_document", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    ("name", "params", "limit"),
    [
        ("portal:home", {}, 16),
        ("portal:schedules", {"month": "2026-11"}, 10),
        ("portal:schedules", {"view": "list"}, 10),
        ("portal:legal_search", {}, 8),
        ("portal:legal_search", {"q": "tiếp công dân"}, 16),
        ("portal:voter_answers", {}, 12),
    ],
)
def test_pages_run_a_bounded_number_of_queries(
    client, world_of_the_portal, django_assert_max_num_queries, name, params, limit
):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(name), params)

    assert response.status_code == 200


def test_document_page_queries_do_not_grow_with_its_articles(
    client, world_of_the_portal, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:legal_document", args=[world_of_the_portal.pk]))

    assert response.status_code == 200


def test_the_icalendar_file_has_public_entries_only(client, world_of_the_portal, deputy):
    response = client.get(reverse("portal:schedules_ics"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode().replace("\r\n ", "")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 3  # two sessions and the public briefing
    assert deputy.full_name in text
    assert "Tập huấn nội bộ" not in text
    assert "Phòng họp trực tuyến nội bộ" not in text
    assert "CLASS:PUBLIC" in text
    assert "URL:http://testserver/portal/lich/#reception-" in text


def test_published_meetings_are_whole_day_entries(client, today, meetings, published_plan):
    response = client.get(reverse("portal:schedules_ics"))

    text = response.content.decode().replace("\r\n ", "")
    # The meetings were in April: outside the file's window (a month back, half a year on).
    assert "voter-meeting-" not in text
    from dannguyen.portal import exports, queries

    items = queries.schedule(meetings[0].held_on, meetings[1].held_on, today=today)
    whole = exports.calendar_ics(items, name="Lịch").decode().replace("\r\n ", "")
    assert whole.count("BEGIN:VEVENT") == 2
    assert f"DTSTART;VALUE=DATE:{meetings[0].held_on:%Y%m%d}" in whole
    assert whole.index("END:VEVENT") < whole.index("END:VCALENDAR")
