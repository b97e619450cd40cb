"""The back-office pages: who may open and do what, bad input refused with nothing saved,
fake images refused by their bytes, a bounded number of queries on the list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.news import workflow
from dannguyen.news.models import Article, ArticleImage, ArticleStatus, HistoryAction

from .conftest import VALUES, at, jpeg_bytes

pytestmark = pytest.mark.django_db

REVIEWERS = {"department_head", "deputy_head"}
WRITERS = REVIEWERS | {"information_officer"}
READERS = WRITERS | {"reception_officer", "office_leader", "deputy", "system_admin"}
PERSONAS = sorted(READERS | {"outsider"})


def statuses(client, request, method, url, data=None):
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        seen[persona] = response.status_code
        client.logout()
    return seen


def expected(allowed, ok=200):
    return {p: ok if p in allowed else 403 for p in PERSONAS}


def form(**changes):
    data = {**VALUES, "tags": "Tiếp xúc cử tri, Giám sát", "events": [], "deputies": []}
    data.update(changes)
    return data


def test_who_may_open_the_list(client, request, draft):
    assert statuses(client, request, "get", reverse("news:article_list")) == expected(READERS)


def test_readers_see_only_published_articles_in_the_list(
    client, deputy, information_officer, published, scheduled
):
    other = workflow.create_article(
        values={**VALUES, "title": "Bản nháp về giám sát"}, by=information_officer
    )
    client.force_login(deputy)
    seen_by_deputy = client.get(reverse("news:article_list"), {"status": "draft"})
    client.force_login(information_officer)
    seen_by_writer = client.get(reverse("news:article_list"))

    assert list(seen_by_deputy.context["page"]) == [published]
    assert {a.pk for a in seen_by_writer.context["page"]} == {published.pk, scheduled.pk, other.pk}


def test_the_list_reads_a_bounded_number_of_queries(
    client, information_officer, department_head, django_assert_max_num_queries
):
    for n in range(25):
        article = workflow.create_article(
            values={**VALUES, "title": f"Tin số {n}"},
            tags=[f"Chủ đề {n}", "Giám sát"],
            by=information_officer,
        )
        if n % 2:
            article = workflow.submit(article, version=article.version, by=information_officer)
    client.force_login(department_head)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("news:article_list"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25


def test_the_status_filter(client, department_head, draft, scheduled):
    client.force_login(department_head)

    drafts = client.get(reverse("news:article_list"), {"status": "draft"})
    waiting = client.get(reverse("news:article_list"), {"status": "scheduled"})
    live = client.get(reverse("news:article_list"), {"status": "published"})

    assert list(drafts.context["page"]) == [draft]
    assert list(waiting.context["page"]) == [scheduled]
    assert list(live.context["page"]) == []


def test_who_may_open_the_article_and_its_preview(client, request, other_draft, published):
    for url in [
        other_draft.get_absolute_url(),
        reverse("news:article_preview", args=[other_draft.pk]),
    ]:
        assert statuses(client, request, "get", url) == expected(WRITERS)
    for url in [published.get_absolute_url(), reverse("news:article_preview", args=[published.pk])]:
        assert statuses(client, request, "get", url) == expected(READERS)


def test_the_preview_shows_the_article_as_the_portal_will(client, information_officer, draft):
    client.force_login(information_officer)

    response = client.get(reverse("news:article_preview", args=[draft.pk]))

    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "<h2>Ý kiến của cử tri</h2>" in html
    assert 'data-testid="preview"' in html
    assert "Lê Thị Chưa Công Bố" in html  # the preview lists every related deputy


def test_who_may_create(client, request):
    assert statuses(client, request, "get", reverse("news:article_create")) == expected(WRITERS)


def test_creating_a_draft(client, information_officer, public_event, public_deputy):
    client.force_login(information_officer)

    response = client.post(
        reverse("news:article_create"),
        form(events=[public_event.pk], deputies=[public_deputy.pk]),
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert (article.status, article.created_by) == (ArticleStatus.DRAFT, information_officer)
    assert sorted(t.name for t in article.tags.all()) == ["Giám sát", "Tiếp xúc cử tri"]
    assert list(article.events.all()) == [public_event]
    assert list(article.deputies.all()) == [public_deputy]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"body": "x" * 50_001}, "body"),
        ({"tags": ", ".join(f"chủ đề {n}" for n in range(11))}, "tags"),
        ({"events": ["99999999999999999999999"]}, "events"),
        ({"deputies": ["abc"]}, "deputies"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(client, information_officer, changes, field):
    client.force_login(information_officer)

    response = client.post(reverse("news:article_create"), form(**changes))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Article.objects.count() == 0


def test_who_may_edit(client, request, draft, submitted_other):
    assert statuses(client, request, "get", reverse("news:article_edit", args=[draft.pk])) == (
        expected(WRITERS)
    )
    assert statuses(
        client, request, "get", reverse("news:article_edit", args=[submitted_other.pk])
    ) == expected(REVIEWERS)


@pytest.fixture
def submitted_other(information_officer):
    article = workflow.create_article(
        values={**VALUES, "title": "Kỳ họp thứ 11 HĐND tỉnh"}, by=information_officer
    )
    return workflow.submit(article, version=article.version, by=information_officer)


def test_editing_changes_the_text_and_the_slug(client, information_officer, draft):
    client.force_login(information_officer)

    response = client.post(
        reverse("news:article_edit", args=[draft.pk]),
        form(title="Đại biểu HĐND tỉnh giám sát tại Yên Mô", version=draft.version),
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.title, draft.slug) == (
        "Đại biểu HĐND tỉnh giám sát tại Yên Mô",
        "dai-bieu-hdnd-tinh-giam-sat-tai-yen-mo",
    )
    assert draft.history.last().action == HistoryAction.EDITED


def test_editing_a_version_someone_else_changed_is_refused(client, information_officer, draft):
    client.force_login(information_officer)
    stale = draft.version
    workflow.edit_article(draft, values=VALUES, version=stale, by=information_officer)

    response = client.post(
        reverse("news:article_edit", args=[draft.pk]), form(title="Tiêu đề mới", version=stale)
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        gettext("The article was changed by someone else meanwhile: reload the page.")
    ]
    assert Article.objects.get(pk=draft.pk).title == VALUES["title"]


# ------------------------------------------------------------------------- moves


def move(client, article, name, data=None):
    return client.post(
        reverse("news:article_move", args=[article.pk, name]),
        {"version": article.version, **(data or {})},
    )


@pytest.mark.parametrize(
    ("fixture", "name", "data", "allowed", "after"),
    [
        ("draft", "submit", {}, WRITERS, ArticleStatus.SUBMITTED),
        ("submitted", "publish", {}, REVIEWERS, ArticleStatus.PUBLISHED),
        ("submitted", "return", {"note": "Thêm ảnh"}, REVIEWERS, ArticleStatus.DRAFT),
        ("published", "unpublish", {}, REVIEWERS, ArticleStatus.UNPUBLISHED),
        ("withdrawn", "redraft", {}, WRITERS, ArticleStatus.DRAFT),
    ],
)
def test_who_may_move_an_article(client, request, fixture, name, data, allowed, after):
    for persona in PERSONAS:
        article = request.getfixturevalue(fixture)
        before = Article.objects.get(pk=article.pk)
        client.force_login(request.getfixturevalue(persona))

        response = move(client, before, name, data)

        stored = Article.objects.get(pk=article.pk)
        if persona in allowed:
            assert (persona, response.status_code, stored.status) == (persona, 302, after)
            Article.objects.filter(pk=article.pk).update(
                status=before.status, publish_at=before.publish_at, version=stored.version
            )
        else:
            assert (persona, response.status_code, stored.status) == (persona, 403, before.status)
        client.logout()


@pytest.fixture
def withdrawn(published, department_head):
    return workflow.unpublish(published, version=published.version, by=department_head)


def test_an_unknown_move_is_not_found(client, department_head, draft):
    client.force_login(department_head)

    assert move(client, draft, "delete").status_code == 404


def test_publishing_at_a_later_time_schedules_it(client, deputy_head, submitted):
    client.force_login(deputy_head)

    response = move(client, submitted, "publish", {"publish_at": "2026-12-05T07:30"})

    stored = Article.objects.get(pk=submitted.pk)
    assert response.status_code == 302
    assert (stored.status, stored.publish_at, stored.published_by) == (
        ArticleStatus.PUBLISHED,
        at(5, 7, 30),
        deputy_head,
    )
    assert stored.history.last().action == HistoryAction.SCHEDULED


def test_a_publication_time_in_the_past_is_refused_with_a_message(
    client, department_head, submitted
):
    client.force_login(department_head)

    response = move(client, submitted, "publish", {"publish_at": "2026-11-30T07:30"})

    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        gettext("The publication time cannot be in the past.")
    ]
    assert Article.objects.get(pk=submitted.pk).status == ArticleStatus.SUBMITTED


def test_returning_without_a_note_is_refused(client, department_head, submitted):
    client.force_login(department_head)

    move(client, submitted, "return", {"note": ""})

    assert Article.objects.get(pk=submitted.pk).status == ArticleStatus.SUBMITTED


# ------------------------------------------------------------------------- images


def upload(content, name="anh.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_who_may_add_an_image(client, request, draft):
    url = reverse("news:image_create", args=[draft.pk])

    assert statuses(client, request, "get", url) == expected(WRITERS)


def test_adding_an_image(client, information_officer, draft):
    client.force_login(information_officer)

    response = client.post(
        reverse("news:image_create", args=[draft.pk]),
        {"image": upload(jpeg_bytes()), "alt_text": "Cử tri phát biểu", "caption": ""},
    )

    image = ArticleImage.objects.get()
    assert response.status_code == 302
    assert (image.position, image.width, image.alt_text) == (1, 1600, "Cử tri phát biểu")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<?php echo 'x'; ?>", "Only JPEG or PNG images are accepted."),
        (
            b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 50,
            "%(name)s is damaged: it cannot be opened.",
        ),
        (b"%PDF-1.4\n%%EOF", "Only JPEG or PNG images are accepted."),
    ],
)
def test_a_fake_image_is_refused(client, information_officer, draft, content, message):
    client.force_login(information_officer)

    response = client.post(
        reverse("news:image_create", args=[draft.pk]),
        {"image": upload(content), "alt_text": "Ảnh"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["image"] == [gettext(message) % {"name": "anh.jpg"}]
    assert ArticleImage.objects.count() == 0


def test_an_image_without_alt_text_is_refused(client, information_officer, draft):
    client.force_login(information_officer)

    response = client.post(
        reverse("news:image_create", args=[draft.pk]),
        {"image": upload(jpeg_bytes(100, 100)), "alt_text": "   "},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["alt_text"]
    assert ArticleImage.objects.count() == 0


@pytest.fixture
def image(draft, information_officer):
    return workflow.add_image(
        draft,
        upload=upload(jpeg_bytes(800, 600)),
        content_type="image/jpeg",
        alt_text="Quang cảnh",
        by=information_officer,
    )


def test_who_may_see_a_draft_image(client, request, image):
    url = reverse("news:image", args=[image.pk, "small"])

    seen = statuses(client, request, "get", url)

    assert seen == expected(WRITERS)


def test_an_unknown_image_size_is_not_found(client, information_officer, image):
    client.force_login(information_officer)

    assert client.get(reverse("news:image", args=[image.pk, "huge"])).status_code == 404


def test_who_may_remove_an_image(client, request, image):
    url = reverse("news:image_delete", args=[image.pk])
    for persona in PERSONAS:
        if persona in WRITERS:
            continue
        client.force_login(request.getfixturevalue(persona))
        assert (persona, client.post(url).status_code) == (persona, 403)
    client.force_login(request.getfixturevalue("information_officer"))

    response = client.post(url)

    assert response.status_code == 302
    assert ArticleImage.objects.count() == 0


def test_the_detail_page_offers_what_the_user_may_do(
    client, department_head, information_officer, submitted
):
    client.force_login(department_head)
    as_reviewer = client.get(submitted.get_absolute_url()).content.decode()
    client.force_login(information_officer)
    as_writer = client.get(submitted.get_absolute_url()).content.decode()

    assert 'data-testid="publish"' in as_reviewer
    assert 'data-testid="publish"' not in as_writer
    assert reverse("news:article_edit", args=[submitted.pk]) in as_reviewer
    assert reverse("news:article_edit", args=[submitted.pk]) not in as_writer


def test_the_detail_page_warns_of_images_the_body_places_but_do_not_exist(
    client, information_officer
):
    article = workflow.create_article(
        values={**VALUES, "body": "Mở đầu.\n\n[[image:4]]"}, by=information_officer
    )
    client.force_login(information_officer)

    response = client.get(article.get_absolute_url())

    assert response.context["missing"] == [4]
    assert 'data-testid="missing"' in response.content.decode()
