"""The public pages and feeds: only published articles whose moment has come, never drafts;
public deputies and events only; everything typed by staff escaped; cacheable."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from dannguyen.news import queries, workflow
from dannguyen.news.models import ArticleStatus

from .conftest import VALUES, at, jpeg_bytes

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile(information_officer, department_head):
    article = workflow.create_article(
        values={
            "title": '<script>alert("tiêu đề")</script>',
            "summary": "<img src=x onerror=alert(1)>",
            "body": '<script>alert("nội dung")</script>\n\n[bấm](javascript:alert(1))',
        },
        tags=["<b>thẻ</b>"],
        by=information_officer,
    )
    article = workflow.submit(article, version=article.version, by=information_officer)
    return workflow.publish(article, version=article.version, by=department_head)


def test_the_list_shows_published_articles_only(client, other_draft, published, scheduled):
    response = client.get(reverse("news_public:index"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [published]
    html = response.content.decode()
    assert published.title in html
    assert scheduled.title not in html
    assert other_draft.title not in html


def test_a_scheduled_article_shows_when_its_time_comes(client, scheduled, clock):
    clock.move_to(at(5, 7, 30))

    response = client.get(reverse("news_public:index"))

    assert list(response.context["page"]) == [scheduled]
    assert client.get(scheduled.get_public_url()).status_code == 200


def test_the_public_pages_are_cacheable_and_unchanged_pages_are_not_sent_again(client, published):
    for url in [reverse("news_public:index"), published.get_public_url()]:
        response = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])

        assert response["Cache-Control"] == "public, max-age=300"
        assert "Set-Cookie" not in response
        assert (again.status_code, again.content) == (304, b"")


def test_a_signed_in_persons_copy_is_private(client, department_head, published):
    client.force_login(department_head)

    response = client.get(published.get_public_url())

    assert response["Cache-Control"] == "private, no-cache"


def test_the_list_by_tag(client, published, scheduled, clock):
    clock.move_to(at(6, 9))

    by_tag = client.get(reverse("news_public:tag", args=["ky-hop-hdnd"]))
    unknown = client.get(reverse("news_public:tag", args=["khong-co"]))

    assert list(by_tag.context["page"]) == [scheduled]
    assert unknown.status_code == 404


def test_the_list_is_paged_and_reads_a_bounded_number_of_queries(
    client, information_officer, department_head, django_assert_max_num_queries
):
    for n in range(15):
        article = workflow.create_article(
            values={**VALUES, "title": f"Tin hoạt động số {n}"},
            tags=[f"Chủ đề {n}"],
            by=information_officer,
        )
        article = workflow.submit(article, version=article.version, by=information_officer)
        workflow.publish(article, version=article.version, by=department_head)

    with django_assert_max_num_queries(8):
        first = client.get(reverse("news_public:index"))
    second = client.get(reverse("news_public:index"), {"page": 2})
    beyond = client.get(reverse("news_public:index"), {"page": "abc"})

    assert [len(first.context["page"]), len(second.context["page"])] == [12, 3]
    assert beyond.context["page"].number == 1


def test_drafts_and_future_articles_have_no_public_page(
    client, other_draft, submitted_article, scheduled
):
    for article in [other_draft, submitted_article, scheduled]:
        assert client.get(article.get_public_url()).status_code == 404
        assert (
            client.get(reverse("news_public:article_short", args=[article.pk])).status_code == 404
        )


@pytest.fixture
def submitted_article(information_officer):
    article = workflow.create_article(
        values={**VALUES, "title": "Bài chờ duyệt"}, by=information_officer
    )
    return workflow.submit(article, version=article.version, by=information_officer)


def test_a_withdrawn_article_disappears(client, published, department_head):
    workflow.unpublish(published, version=published.version, by=department_head)

    assert client.get(published.get_public_url()).status_code == 404
    assert list(client.get(reverse("news_public:index")).context["page"]) == []


def test_the_article_page_links_public_deputies_and_events_only(
    client, published, public_deputy, public_event
):
    response = client.get(published.get_public_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["deputies"] == [public_deputy]
    assert response.context["events"] == [public_event]
    assert public_deputy.get_public_url() in html
    assert "Lê Thị Chưa Công Bố" not in html
    assert "Họp nội bộ chuẩn bị báo cáo giám sát" not in html
    assert "<h2>Ý kiến của cử tri</h2>" in html


def test_an_old_slug_or_the_short_address_redirects(client, published):
    for url in [
        reverse("news_public:article", args=[published.pk, "ten-cu"]),
        reverse("news_public:article_short", args=[published.pk]),
    ]:
        response = client.get(url)

        assert (response.status_code, response["Location"]) == (301, published.get_public_url())


def test_script_in_title_summary_body_and_tag_is_escaped(client, hostile):
    pages = [
        client.get(hostile.get_public_url()).content.decode(),
        client.get(reverse("news_public:index")).content.decode(),
    ]

    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>thẻ</b>" not in html
        assert "&lt;script&gt;alert(&quot;tiêu đề&quot;)&lt;/script&gt;" in html
    assert 'href="javascript' not in pages[0]
    assert "[bấm](javascript:alert(1))" in pages[0]


def test_images_in_the_body_and_the_gallery(client, information_officer, department_head):
    article = workflow.create_article(
        values={**VALUES, "body": "Mở đầu.\n\n[[image:1]]\n\nKết thúc."}, by=information_officer
    )
    first = workflow.add_image(
        article,
        upload=io.BytesIO(jpeg_bytes()),
        content_type="image/jpeg",
        alt_text="Đại biểu trao đổi với cử tri",
        by=information_officer,
    )
    second = workflow.add_image(
        article,
        upload=io.BytesIO(jpeg_bytes(600, 400)),
        content_type="image/jpeg",
        alt_text="Toàn cảnh hội trường",
        caption="Hội trường xã",
        by=information_officer,
    )
    article.refresh_from_db()
    article = workflow.submit(article, version=article.version, by=information_officer)
    article = workflow.publish(article, version=article.version, by=department_head)

    response = client.get(article.get_public_url())

    html = response.content.decode()
    large = reverse("news_public:image", args=[first.pk, "large"])
    assert f'<img src="{large}"' in html
    assert 'alt="Đại biểu trao đổi với cử tri"' in html
    assert [g["image"] for g in response.context["gallery"]] == [second]
    assert "<figcaption>Hội trường xã</figcaption>" in html
    image = client.get(large)
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert image["Cache-Control"] == "public, max-age=86400"


def test_a_draft_image_is_not_public(client, draft, information_officer):
    image = workflow.add_image(
        draft,
        upload=io.BytesIO(jpeg_bytes(100, 100)),
        content_type="image/jpeg",
        alt_text="Ảnh nháp",
        by=information_officer,
    )

    assert client.get(reverse("news_public:image", args=[image.pk, "large"])).status_code == 404


def test_the_latest_partial_renders_cards(client, published):
    from django.template.loader import render_to_string

    html = render_to_string("news/includes/latest.html", {"articles": queries.latest_published(3)})

    assert published.get_public_url() in html
    assert html.count('class="news-card"') == 1


# ------------------------------------------------------------------------- feeds


def test_the_rss_feed_is_valid_and_holds_published_articles_only(
    client, other_draft, published, scheduled, hostile
):
    response = client.get(reverse("news_public:rss"))

    root = ElementTree.fromstring(response.content)
    items = root.findall("./channel/item")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert response["Cache-Control"] == "public, max-age=300"
    assert [i.findtext("title") for i in items] == [hostile.title, published.title]
    assert items[1].findtext("link") == f"http://testserver{published.get_public_url()}"
    assert items[1].findtext("description") == published.summary
    assert other_draft.title not in response.content.decode()
    assert sorted(c.text for c in items[1].findall("category")) == [
        "Kỳ họp thứ 11",
        "Tiếp xúc cử tri",
    ]


def test_the_atom_feed_is_valid_and_holds_published_articles_only(
    client, other_draft, published, scheduled, clock
):
    clock.move_to(at(5, 8))

    response = client.get(reverse("news_public:atom"))

    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in entries] == [scheduled.title, published.title]
    assert other_draft.title not in response.content.decode()
    assert entries[0].findtext(f"{ATOM}published") == "2026-12-05T00:30:00+00:00"


def test_the_feeds_never_hold_drafts(client, draft):
    rss = ElementTree.fromstring(client.get(reverse("news_public:rss")).content)
    atom = ElementTree.fromstring(client.get(reverse("news_public:atom")).content)

    assert rss.findall("./channel/item") == []
    assert atom.findall(f"{ATOM}entry") == []
    assert draft.status == ArticleStatus.DRAFT


def test_the_portal_home_shows_the_latest_news_and_the_deputies(client, published, scheduled):
    response = client.get(reverse("portal:home"))

    keys = [section["key"] for section in response.context["sections"]]
    assert keys[-2:] == ["news", "deputies"]
    news = next(s for s in response.context["sections"] if s["key"] == "news")
    assert news["articles"] == [published]
    html = response.content.decode()
    assert published.get_public_url() in html
    assert scheduled.title not in html
    assert reverse("deputies_public:index") in html
