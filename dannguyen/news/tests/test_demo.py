"""The demo articles: one run gives every state of the workflow; a second run adds nothing."""

from __future__ import annotations

import pytest

from dannguyen.core import demo as core_demo
from dannguyen.news import demo, queries
from dannguyen.news.models import Article, ArticleImage

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_demo_articles_cover_every_state(public_deputy):
    core_demo.seed()

    created = demo.seed()

    assert created == 8
    assert demo.seed() == 0
    states = sorted(("scheduled" if a.is_scheduled() else a.status) for a in Article.objects.all())
    assert states == [
        "draft",
        "draft",
        "published",
        "published",
        "published",
        "scheduled",
        "submitted",
        "unpublished",
    ]
    assert [a.title for a in queries.latest_published(3, now=NOW)] == [
        "Đại biểu HĐND tỉnh tiếp công dân định kỳ tháng 11",
        "Thường trực HĐND tỉnh giám sát việc giải quyết kiến nghị cử tri về đất đai",
        "Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Gia Viễn trước Kỳ họp thứ hai",
    ]
    assert ArticleImage.objects.count() == 1
    assert list(
        Article.objects.get(title__startswith="Đoàn ĐBQH tỉnh tiếp xúc").deputies.all()
    ) == [public_deputy]


def test_without_the_demo_accounts_nothing_is_created(db):
    assert demo.seed() == 0
    assert Article.objects.count() == 0
