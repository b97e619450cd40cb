"""Every portal page opens for an anonymous visitor, shows only what is public, and never
fails on what a visitor types into the address bar."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from dannguyen.reception.tests.conftest import COMPLAINANT, LAND_COMPLAINT

from .conftest import RECEPTION_DAY, SPEAKERS

pytestmark = pytest.mark.django_db

STAFF_URL_PREFIXES = (
    "/reception/",
    "/voters/",
    "/events/",
    "/legal/",
    "/petitions/",
    "/admin/",
    "/history/",
    "/accounts/",
)


@pytest.fixture
def everything(today, reception_sessions, published_plan, answered, events, law, hidden_decree):
    return {
        "reception": reception_sessions,
        "answered": answered,
        "events": events,
        "law": law,
        "decree": hidden_decree,
    }


def page_urls(everything) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:schedules"),
        reverse("portal:schedules") + "?view=list",
        reverse("portal:schedules") + "?month=2026-04",
        reverse("portal:schedules") + "?month=2026-12&kind=event",
        reverse("portal:legal_search"),
        reverse("portal:legal_search") + "?q=tiếp+công+dân",
        reverse("portal:legal_document", args=[everything["law"].pk]),
        reverse("portal:voter_answers"),
    ]


def test_every_page_opens_anonymously_without_staff_links(client, everything):
    for url in page_urls(everything):
        response = client.get(url)

        assert response.status_code == 200, url
        html = response.content.decode()
        assert [p for p in STAFF_URL_PREFIXES if f'href="{p}' in html] == [], url
        assert "csrfmiddlewaretoken" not in html


def test_a_signed_in_officer_sees_the_same_public_pages_without_staff_menus(
    client, everything, department_head
):
    client.force_login(department_head)

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert [p for p in STAFF_URL_PREFIXES if f'href="{p}' in html] == []
    assert response["Cache-Control"] == "private, no-cache"


def test_schedule_shows_sessions_hosts_and_body_but_no_citizen_or_internal_detail(
    client, everything, deputy, reception_officer
):
    response = client.get(reverse("portal:schedules"), {"month": "2026-11"})

    html = response.content.decode()
    periodic = everything["reception"]["periodic"]
    assert f'id="reception-{periodic.pk}"' in html
    assert deputy.full_name in html
    assert escape(gettext("A National Assembly deputy")) in html
    assert "Trụ sở tiếp công dân tỉnh Ninh Bình" in html
    assert "Ông Hoàng Văn Khách, Trưởng ban Tiếp công dân" in html
    # Never the citizen, the case, the staff present, the notes or the connection.
    for secret in [
        COMPLAINANT.full_name,
        COMPLAINANT.phone,
        LAND_COMPLAINT[:40],
        reception_officer.full_name,
        "Ghi chú nội bộ",
        "Phòng họp trực tuyến nội bộ",
    ]:
        assert secret not in html
    # A cancelled session is off the public schedule.
    assert f"reception-{everything['reception']['cancelled'].pk}" not in html


def test_schedule_list_from_today(client, everything):
    response = client.get(reverse("portal:schedules"), {"view": "list"})

    items = response.context["items"]
    assert [(i.kind, i.day) for i in items] == [
        ("reception", RECEPTION_DAY),
        ("reception", RECEPTION_DAY + datetime.timedelta(days=7)),
        ("event", datetime.date(2026, 12, 10)),
    ]


def test_only_public_events_are_shown(client, everything):
    response = client.get(reverse("portal:schedules"), {"month": "2026-12"})

    html = response.content.decode()
    assert everything["events"]["public"].title in html
    assert everything["events"]["internal"].title not in html
    # The two-day briefing is on both of its days in the month table.
    days = [
        d.date.day for w in response.context["month"].weeks for d in w if d.items and d.in_month
    ]
    assert days == [10, 11]


def test_voter_meetings_appear_once_their_plan_is_published(
    client, today, meetings, session, voter_contact_officer
):
    url = reverse("portal:schedules")

    before = client.get(url, {"month": "2026-04"}).context["month"].items
    from dannguyen.voters import workflow

    workflow.record_plan(
        session=session,
        values={
            "timing": "before",
            "issued_on": datetime.date(2026, 4, 1),
            "published_on": datetime.date(2026, 4, 2),
        },
        by=voter_contact_officer,
    )
    after = client.get(url, {"month": "2026-04"}).context["month"].items

    assert before == []
    assert [(i.kind, i.day) for i in after] == [
        ("meeting", m.held_on) for m in sorted(meetings, key=lambda m: m.held_on)
    ]
    assert "Đại biểu Nguyễn Thị Quốc Hội" in after[0].hosts


def test_answers_page_shows_published_answers_without_speakers(client, everything):
    response = client.get(reverse("portal:voter_answers"))

    html = response.content.decode()
    pension = everything["answered"]
    assert f'id="petition-{pension.pk}"' in html
    assert escape(pension.title) in html
    assert "Bộ đã bố trí vốn nâng cấp tuyến đường trong kế hoạch 2027." in html
    assert escape(gettext("Being resolved")) in html
    for name in SPEAKERS:
        assert name not in html
    # Only the answered petition: the others have no answer yet.
    assert [a.petition_id for a in response.context["page"]] == [pension.pk]


def test_answers_wait_for_the_publication_day(client, answered):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 7, 23, 9, tzinfo=datetime.UTC), tick=False):
        before = client.get(reverse("portal:voter_answers")).context["page"].paginator.count
    with time_machine.travel(datetime.datetime(2026, 7, 24, 9, tzinfo=datetime.UTC), tick=False):
        on_the_day = client.get(reverse("portal:voter_answers")).context["page"].paginator.count

    assert (before, on_the_day) == (0, 1)


def test_answers_filtered_by_session_and_commune(client, everything, communes, session):
    url = reverse("portal:voter_answers")

    raised_in = everything["answered"].opinions.get().meeting.commune
    other = next(c for c in communes if c.pk != raised_in.pk)

    assert client.get(url, {"session": session.pk}).context["page"].paginator.count == 1
    assert client.get(url, {"session": session.pk + 100}).context["page"].paginator.count == 0
    assert client.get(url, {"commune": raised_in.pk}).context["page"].paginator.count == 1
    assert client.get(url, {"commune": other.pk}).context["page"].paginator.count == 0


def test_home_lists_what_is_coming_and_the_answers(client, everything):
    response = client.get(reverse("portal:home"))

    assert [s["key"] for s in response.context["sections"]] == ["schedule", "answers"]
    html = response.content.decode()
    assert 'action="/portal/van-ban/"' in html


def test_home_leaves_out_empty_boxes(client, today, db):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert response.context["sections"] == []
    assert 'data-section="' not in response.content.decode()


def test_legal_search_finds_an_article_with_its_anchor_and_a_marked_snippet(client, everything):
    law = everything["law"]

    response = client.get(reverse("portal:legal_search"), {"q": "đại biểu quốc hội tiếp công dân"})

    hits = list(response.context["page"])
    assert (hits[0].document, hits[0].article_number) == (law, "21")
    html = response.content.decode()
    anchor = hits[0].provision.anchor
    assert f'href="/portal/van-ban/{law.pk}/#{anchor}"' in html
    assert "<mark>" in str(hits[0].snippet)


def test_legal_search_never_shows_unpublished_documents(client, everything):
    decree = everything["decree"]

    found = client.get(reverse("portal:legal_search"), {"q": "nghị định tiếp công dân cấp tỉnh"})
    browsed = client.get(reverse("portal:legal_search"))
    by_number = client.get(reverse("portal:legal_search"), {"q": "64/2014/NĐ-CP"})
    page = client.get(reverse("portal:legal_document", args=[decree.pk]))

    assert decree not in [h.document for h in found.context["page"]]
    assert list(browsed.context["page"]) == [everything["law"]]
    assert by_number.status_code == 200
    assert page.status_code == 404


def test_a_document_number_goes_straight_to_the_public_page(client, everything):
    response = client.get(reverse("portal:legal_search"), {"q": "42/2013/qh13"})

    assert response.status_code == 302
    assert response.url == reverse("portal:legal_document", args=[everything["law"].pk])


def test_legal_filters_by_type_status_and_year(client, everything):
    url = reverse("portal:legal_search")
    law_type = everything["law"].document_type_id

    def count(**params):
        return client.get(url, {"q": "tiếp công dân", **params}).context["page"].paginator.count

    assert count() > 0
    assert count(document_type=law_type) == count()
    assert count(year_from=2020) == 0
    assert count(status="expired") == 0
    assert count(status="in_force") == count()


def test_document_page_has_contents_anchors_and_no_staff_fields(client, everything):
    law = everything["law"]
    law.source_reference = "Tệp nhập từ máy chủ nội bộ"
    law.save()

    response = client.get(reverse("portal:legal_document", args=[law.pk]))

    html = response.content.decode()
    articles = [p for p in response.context["shown"].provisions if p.kind == "article"]
    assert [a.number for a in articles] == ["1", "9", "21", "36"]
    for article in articles:
        assert f'href="#{article.anchor}"' in html
        assert f'id="{article.anchor}"' in html
    assert response.context["shown"].status == "in_force"
    assert "Tệp nhập từ máy chủ nội bộ" not in html
    assert escape(gettext("History of changes")) not in html
    assert escape(gettext("Source")) not in html


def test_a_new_answer_is_published_at_once_despite_the_cache(
    client, everything, sent, agencies, voter_contact_officer
):
    from dannguyen.voters import workflow

    from .conftest import answer_values

    url = reverse("portal:voter_answers")
    assert client.get(url).context["page"].paginator.count == 1
    flood = sent[2]
    workflow.record_answer(
        flood,
        values=answer_values(
            agencies["central"], result="explained", detail="", roadmap="", promised_on=None
        ),
        by=voter_contact_officer,
    )

    assert client.get(url).context["page"].paginator.count == 2


def test_petition_links_name_only_pages_that_exist():
    from django.urls import NoReverseMatch

    from dannguyen.portal import views

    expected = []
    for name in ("submissions:start", "submissions:lookup"):
        try:
            expected.append(reverse(name))
        except NoReverseMatch:
            continue

    assert [link["url"] for link in views.petition_links()] == expected
