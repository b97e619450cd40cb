"""The workflow: every (from, to) pair of the table, who published and when, scheduled
publishing as the clock moves, the optimistic lock, tags by slug, images re-encoded."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from PIL import Image

from dannguyen.news import queries, workflow
from dannguyen.news.models import (
    Article,
    ArticleHistory,
    ArticleImage,
    ArticleStatus,
    HistoryAction,
    Tag,
)
from dannguyen.petitions.models import AppendOnly

from .conftest import NOW, VALUES, at, jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db

S = ArticleStatus


def test_the_transition_table_is_exactly_the_review_flow():
    assert workflow.TRANSITIONS == {
        (S.DRAFT, S.SUBMITTED): HistoryAction.SUBMITTED,
        (S.SUBMITTED, S.DRAFT): HistoryAction.RETURNED,
        (S.SUBMITTED, S.PUBLISHED): HistoryAction.PUBLISHED,
        (S.PUBLISHED, S.UNPUBLISHED): HistoryAction.UNPUBLISHED,
        (S.UNPUBLISHED, S.PUBLISHED): HistoryAction.PUBLISHED,
        (S.UNPUBLISHED, S.DRAFT): HistoryAction.REDRAFTED,
    }


def test_a_new_article_is_a_draft_with_a_vietnamese_aware_slug(draft, information_officer):
    assert draft.status == S.DRAFT
    assert draft.slug == "doan-dbqh-tinh-tiep-xuc-cu-tri-xa-gia-vien-truoc-ky-hop-thu-11"
    assert sorted(t.slug for t in draft.tags.all()) == ["ky-hop-thu-11", "tiep-xuc-cu-tri"]
    assert list(draft.history.values_list("action", "from_status", "to_status", "actor")) == [
        ("created", "draft", "draft", information_officer.pk)
    ]


def test_tags_differing_only_by_accents_or_case_are_one_tag(draft, information_officer):
    other = workflow.create_article(
        values={**VALUES, "title": "Tiếp xúc cử tri phường Hoa Lư"},
        tags=["TIẾP XÚC CỬ TRI", "tiep xuc cu tri", "Giám sát"],
        by=information_officer,
    )

    assert sorted(t.name for t in other.tags.all()) == ["Giám sát", "Tiếp xúc cử tri"]
    assert Tag.objects.count() == 3


def test_the_full_review_flow_records_each_step(draft, information_officer, department_head):
    article = workflow.submit(draft, version=draft.version, by=information_officer, note="Nhờ xem")
    article = workflow.return_to_draft(
        article, version=article.version, by=department_head, note="Bổ sung số liệu"
    )
    assert article.review_note == "Bổ sung số liệu"
    article = workflow.submit(article, version=article.version, by=information_officer)
    article = workflow.publish(article, version=article.version, by=department_head)
    article = workflow.unpublish(article, version=article.version, by=department_head, note="Sai")
    article = workflow.redraft(article, version=article.version, by=information_officer)

    rows = list(
        ArticleHistory.objects.filter(article=article).values_list(
            "action", "from_status", "to_status", "note"
        )
    )
    assert rows == [
        ("created", "draft", "draft", ""),
        ("submitted", "draft", "submitted", "Nhờ xem"),
        ("returned", "submitted", "draft", "Bổ sung số liệu"),
        ("submitted", "draft", "submitted", ""),
        ("published", "submitted", "published", ""),
        ("unpublished", "published", "unpublished", "Sai"),
        ("redrafted", "unpublished", "draft", ""),
    ]
    assert article.status == S.DRAFT
    assert article.review_note == ""


def test_publishing_now_records_who_and_when(submitted, department_head):
    article = workflow.publish(submitted, version=submitted.version, by=department_head)

    assert (article.status, article.publish_at, article.published_by) == (
        S.PUBLISHED,
        NOW,
        department_head,
    )
    assert article.is_visible()
    row = article.history.last()
    assert (row.action, row.actor, row.publish_at, row.at) == (
        "published",
        department_head,
        NOW,
        NOW,
    )


@pytest.mark.parametrize(
    ("start", "verb"),
    [
        (S.DRAFT, "publish"),
        (S.DRAFT, "return_to_draft"),
        (S.DRAFT, "unpublish"),
        (S.DRAFT, "redraft"),
        (S.SUBMITTED, "submit"),
        (S.SUBMITTED, "unpublish"),
        (S.SUBMITTED, "redraft"),
        (S.PUBLISHED, "submit"),
        (S.PUBLISHED, "publish"),
        (S.PUBLISHED, "return_to_draft"),
        (S.PUBLISHED, "redraft"),
        (S.UNPUBLISHED, "submit"),
        (S.UNPUBLISHED, "return_to_draft"),
        (S.UNPUBLISHED, "unpublish"),
    ],
)
def test_moves_outside_the_table_are_refused(draft, department_head, start, verb):
    Article.objects.filter(pk=draft.pk).update(
        status=start, publish_at=NOW if start != S.DRAFT else None
    )
    draft.refresh_from_db()
    kwargs = {"note": "Lý do"} if verb == "return_to_draft" else {}

    with pytest.raises(workflow.NewsError) as refused:
        getattr(workflow, verb)(draft, version=draft.version, by=department_head, **kwargs)

    draft.refresh_from_db()
    assert draft.status == start
    assert str(refused.value) in {
        gettext("This article cannot be moved to that status."),
        gettext("Write the body of the article first."),
    }
    assert draft.history.count() == 1


def test_a_reviewer_cannot_publish_a_text_changed_since_they_read_it(
    submitted, information_officer, department_head
):
    seen = submitted.version
    workflow.edit_article(
        submitted,
        values={**VALUES, "body": "Nội dung đã sửa."},
        version=seen,
        by=department_head,
    )

    with pytest.raises(workflow.NewsError) as refused:
        workflow.publish(submitted, version=seen, by=department_head)

    assert str(refused.value) == gettext(
        "The article was changed by someone else meanwhile: reload the page."
    )
    assert Article.objects.get(pk=submitted.pk).status == S.SUBMITTED


def test_returning_needs_a_note(submitted, department_head):
    with pytest.raises(workflow.NewsError) as refused:
        workflow.return_to_draft(submitted, version=submitted.version, by=department_head, note=" ")

    assert str(refused.value) == gettext("Say what the writer should change.")


def test_a_published_article_is_no_longer_editable(published, department_head):
    with pytest.raises(workflow.NewsError) as refused:
        workflow.edit_article(
            published, values=VALUES, version=published.version, by=department_head
        )

    assert str(refused.value) == gettext("This article can no longer be changed.")


# ------------------------------------------------------------------------- scheduling


def test_a_scheduled_article_appears_when_its_time_comes(scheduled, clock):
    assert scheduled.status == S.PUBLISHED
    assert scheduled.publish_at == at(5, 7, 30)
    assert scheduled.history.last().action == HistoryAction.SCHEDULED
    assert list(queries.published()) == []

    clock.move_to(at(5, 7, 29))
    assert list(queries.published()) == []

    clock.move_to(at(5, 7, 30))
    assert list(queries.published()) == [scheduled]
    assert queries.latest_published(5) == [scheduled]


def test_a_scheduled_publication_can_be_cancelled_before_it_shows(
    scheduled, department_head, clock
):
    workflow.unpublish(scheduled, version=scheduled.version, by=department_head)

    clock.move_to(at(6, 9))
    assert list(queries.published()) == []


def test_a_publication_time_in_the_past_is_refused(submitted, department_head):
    with pytest.raises(workflow.NewsError) as refused:
        workflow.publish(
            submitted, version=submitted.version, by=department_head, publish_at=at(1, 8)
        )

    assert str(refused.value) == gettext("The publication time cannot be in the past.")


def test_a_time_a_few_minutes_ago_means_now(submitted, department_head):
    article = workflow.publish(
        submitted, version=submitted.version, by=department_head, publish_at=at(1, 8, 55)
    )

    assert article.publish_at == NOW
    assert article.history.last().action == HistoryAction.PUBLISHED


def test_latest_published_is_newest_first_and_bounded(
    published, scheduled, information_officer, department_head, clock
):
    clock.move_to(at(6, 9))
    later = workflow.create_article(
        values={**VALUES, "title": "Giám sát việc giải quyết đơn thư tại xã Kim Sơn"},
        by=information_officer,
    )
    later = workflow.submit(later, version=later.version, by=information_officer)
    later = workflow.publish(later, version=later.version, by=department_head)

    assert queries.latest_published(2) == [later, scheduled]
    assert queries.latest_published(10, now=at(2, 9)) == [published]
    assert queries.latest_published(0) == []


# ------------------------------------------------------------------------- history, images


def test_history_rows_cannot_be_changed_or_deleted(draft):
    row = draft.history.get()

    row.note = "sửa lịch sử"
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()


def test_an_image_is_reencoded_at_two_widths_and_numbered(draft, information_officer):
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(2400, 1600), content_type="image/jpeg")

    image = workflow.add_image(
        draft,
        upload=upload,
        content_type="image/jpeg",
        alt_text="  Đại biểu   phát biểu tại hội nghị ",
        caption="Quang cảnh hội nghị",
        by=information_officer,
    )

    assert (image.position, image.width, image.height) == (1, 1600, 1067)
    assert (image.small_width, image.small_height) == (480, 320)
    assert image.alt_text == "Đại biểu phát biểu tại hội nghị"
    with image.image.open("rb") as handle, Image.open(handle) as opened:
        assert (opened.format, opened.size) == ("JPEG", (1600, 1067))
    with image.small.open("rb") as handle, Image.open(handle) as opened:
        assert (opened.format, opened.size) == ("JPEG", (480, 320))
    assert draft.history.last().action == HistoryAction.IMAGE_ADDED


def test_a_small_png_keeps_its_size_and_transparency(draft, information_officer):
    upload = SimpleUploadedFile("bieu-do.png", png_bytes(300, 200), content_type="image/png")

    image = workflow.add_image(
        draft, upload=upload, content_type="image/png", alt_text="Biểu đồ", by=information_officer
    )
    second = workflow.add_image(
        draft,
        upload=io.BytesIO(jpeg_bytes(800, 600)),
        content_type="image/jpeg",
        alt_text="Ảnh thứ hai",
        by=information_officer,
    )

    assert (image.content_type, image.width, image.small_width) == ("image/png", 300, 300)
    with image.image.open("rb") as handle, Image.open(handle) as opened:
        assert opened.mode == "RGBA"
    assert second.position == 2


def test_an_image_needs_a_text_alternative(draft, information_officer):
    with pytest.raises(workflow.NewsError) as refused:
        workflow.add_image(
            draft,
            upload=io.BytesIO(jpeg_bytes(100, 100)),
            content_type="image/jpeg",
            alt_text="   ",
            by=information_officer,
        )

    assert str(refused.value) == gettext("Describe the image for readers who cannot see it.")
    assert ArticleImage.objects.count() == 0


def test_removing_an_image_deletes_its_files(
    draft, information_officer, django_capture_on_commit_callbacks
):
    image = workflow.add_image(
        draft,
        upload=io.BytesIO(jpeg_bytes(100, 100)),
        content_type="image/jpeg",
        alt_text="Ảnh",
        by=information_officer,
    )
    storage, names = image.image.storage, [image.image.name, image.small.name]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.remove_image(image, by=information_officer)

    assert [storage.exists(n) for n in names] == [False, False]
    assert draft.history.last().action == HistoryAction.IMAGE_REMOVED


def test_a_removed_images_number_is_never_given_again(draft, information_officer):
    def add(alt):
        return workflow.add_image(
            draft,
            upload=io.BytesIO(jpeg_bytes(100, 100)),
            content_type="image/jpeg",
            alt_text=alt,
            by=information_officer,
        )

    add("Ảnh một")
    second = add("Ảnh hai")
    workflow.remove_image(second, by=information_officer)
    third = add("Ảnh ba")

    assert third.position == 3
    assert list(draft.images.values_list("position", "alt_text")) == [(1, "Ảnh một"), (3, "Ảnh ba")]
