"""/api/v1/news: published articles for everyone with a role, paged like every list; drafts
and the rest through ?status= for writers and reviewers only; an article a reader may not
see is not found."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from dannguyen.news import workflow

from .conftest import VALUES, at, bearer

pytestmark = pytest.mark.django_db

REVIEWERS = {"department_head", "deputy_head"}
WRITERS = REVIEWERS | {"information_officer"}
READERS = WRITERS | {"reception_officer", "office_leader", "deputy", "system_admin"}
PERSONAS = sorted(READERS | {"outsider"})


def get(client, user, url, **params):
    return client.get(url, params, **bearer(user))


def test_who_may_list(client, request, published):
    seen = {
        p: get(client, request.getfixturevalue(p), "/api/v1/news").status_code for p in PERSONAS
    }

    assert seen == {p: 200 if p in READERS else 403 for p in PERSONAS}


def test_without_a_token_nothing_is_read(client, published):
    response = client.get("/api/v1/news")

    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_the_list_holds_published_articles_newest_first(
    client, deputy, other_draft, published, scheduled, clock
):
    before = get(client, deputy, "/api/v1/news").json()
    clock.move_to(at(5, 8))
    after = get(client, deputy, "/api/v1/news").json()

    assert before["count"] == 1
    assert before["items"][0] == {
        "id": published.pk,
        "title": VALUES["title"],
        "slug": published.slug,
        "summary": VALUES["summary"],
        "status": "published",
        "is_scheduled": False,
        "publish_at": "2026-12-01T02:00:00Z",
        "updated_at": before["items"][0]["updated_at"],
        "tags": [
            {"slug": "ky-hop-thu-11", "name": "Kỳ họp thứ 11"},
            {"slug": "tiep-xuc-cu-tri", "name": "Tiếp xúc cử tri"},
        ],
        "url": published.get_absolute_url(),
        "public_url": published.get_public_url(),
    }
    assert [i["id"] for i in after["items"]] == [scheduled.pk, published.pk]


def test_the_list_is_paged(client, deputy, information_officer, department_head):
    for n in range(5):
        article = workflow.create_article(
            values={**VALUES, "title": f"Tin số {n}"}, by=information_officer
        )
        article = workflow.submit(article, version=article.version, by=information_officer)
        workflow.publish(article, version=article.version, by=department_head)

    page = get(client, deputy, "/api/v1/news", page=2, page_size=2).json()
    too_big = get(client, deputy, "/api/v1/news", page_size=101)

    assert (page["count"], [i["title"] for i in page["items"]]) == (5, ["Tin số 2", "Tin số 1"])
    assert too_big.status_code == 422


def test_drafts_are_listed_for_writers_only(
    client, request, other_draft, published, information_officer
):
    seen = {
        p: get(client, request.getfixturevalue(p), "/api/v1/news", status="draft").status_code
        for p in PERSONAS
    }
    drafts = get(client, information_officer, "/api/v1/news", status="draft").json()

    assert seen == {p: 200 if p in WRITERS else 403 for p in PERSONAS}
    assert [i["id"] for i in drafts["items"]] == [other_draft.pk]
    assert drafts["items"][0]["public_url"] is None


def test_an_unknown_status_is_refused(client, information_officer):
    response = get(client, information_officer, "/api/v1/news", status="deleted")

    assert (response.status_code, response.json()["code"]) == (422, "invalid")
    assert list(response.json()["fields"]) == ["status"]


def test_one_article_with_its_body_images_deputies_and_events(
    client, deputy, published, public_deputy, public_event, internal_event
):
    response = get(client, deputy, f"/api/v1/news/{published.pk}")

    body = response.json()
    assert response.status_code == 200
    assert body["body"] == VALUES["body"]
    assert body["body_html"].startswith("<p>Sáng 28/11, Đoàn đại biểu Quốc hội tỉnh Ninh Bình")
    assert "<h2>Ý kiến của cử tri</h2>" in body["body_html"]
    assert body["published_by"] == "Nguyễn Văn Trưởng"
    assert sorted(d["name"] for d in body["deputies"]) == [
        "Lê Thị Chưa Công Bố",
        public_deputy.name,
    ]
    assert sorted((e["id"], e["is_public"]) for e in body["events"]) == sorted(
        [(public_event.pk, True), (internal_event.pk, False)]
    )


def test_a_reader_cannot_see_a_draft_or_a_scheduled_article(
    client, deputy, information_officer, other_draft, scheduled
):
    for article in [other_draft, scheduled]:
        refused = get(client, deputy, f"/api/v1/news/{article.pk}")
        allowed = get(client, information_officer, f"/api/v1/news/{article.pk}")

        assert (refused.status_code, refused.json()["message"]) == (404, gettext("Not found."))
        assert allowed.status_code == 200


def test_an_impossible_id_is_refused_without_a_server_error(client, deputy):
    response = get(client, deputy, "/api/v1/news/99999999999999999999999")

    assert response.status_code == 422
