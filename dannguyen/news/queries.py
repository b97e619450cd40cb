"""Reads of news: the back-office list, one article with its page, the portal's lists and
feeds, and the figures the body's [[image:N]] marks turn into."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from dannguyen.deputies.models import Membership, Person
from dannguyen.events.models import Event

from . import markup
from .models import Article, ArticleHistory, ArticleImage, ArticleStatus, Tag

# The back-office filter: the four statuses, with "published" split into what the public
# sees now and what waits for its moment.
SCHEDULED = "scheduled"


def _images() -> Prefetch[Any]:
    return Prefetch("images", queryset=ArticleImage.objects.order_by("position", "id"))


def _tags() -> Prefetch[Any]:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


def articles(
    filters: dict[str, Any] | None = None, *, now: datetime.datetime | None = None
) -> QuerySet[Article]:
    """The back-office list. FILTERS: status (a status or "scheduled"), tag (slug), q."""
    filters = filters or {}
    now = now or timezone.now()
    found = Article.objects.select_related("created_by", "published_by").prefetch_related(_tags())
    status = filters.get("status")
    if status == SCHEDULED:
        found = found.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=now)
    elif status == ArticleStatus.PUBLISHED:
        found = found.visible(now)
    elif status:
        found = found.filter(status=status)
    if filters.get("tag"):
        found = found.filter(tags__slug=filters["tag"])
    if filters.get("q"):
        found = found.filter(Q(title__icontains=filters["q"]) | Q(summary__icontains=filters["q"]))
    return found.order_by("-updated_at", "-id")


def article_detail(pk: int) -> QuerySet[Article]:
    return (
        Article.objects.filter(pk=pk)
        .select_related("created_by", "published_by")
        .prefetch_related(
            _tags(),
            _images(),
            Prefetch("events", queryset=Event.objects.order_by("-starts_at")),
            Prefetch("deputies", queryset=Person.objects.order_by("name_folded", "id")),
            Prefetch("history", queryset=ArticleHistory.objects.select_related("actor")),
        )
    )


# ------------------------------------------------------------------------- public


def published(now: datetime.datetime | None = None) -> QuerySet[Article]:
    """What the portal, the feeds and the API show: newest publication first."""
    return (
        Article.objects.visible(now)
        .prefetch_related(_tags(), _images())
        .order_by("-publish_at", "-id")
    )


def latest_published(limit: int, now: datetime.datetime | None = None) -> list[Article]:
    """The LIMIT newest visible articles, with tags and images read (for the portal's home
    and news/includes/latest.html)."""
    return list(published(now)[: max(0, limit)])


def published_with_tag(slug: str, now: datetime.datetime | None = None) -> QuerySet[Article]:
    return published(now).filter(tags__slug=slug)


def public_article(pk: int, now: datetime.datetime | None = None) -> QuerySet[Article]:
    """The article if the public may read it, with its public events only."""
    return (
        Article.objects.visible(now)
        .filter(pk=pk)
        .prefetch_related(
            _tags(),
            _images(),
            Prefetch(
                "events",
                queryset=Event.objects.filter(is_public=True).order_by("-starts_at"),
                to_attr="public_events",
            ),
            Prefetch(
                "deputies",
                queryset=public_people().order_by("name_folded", "id"),
                to_attr="public_deputies",
            ),
        )
    )


def public_people() -> QuerySet[Person]:
    """Deputies the portal has a page for: those with a public membership (the rule of
    deputies.queries.public_person)."""
    public = Membership.objects.filter(is_public=True)
    return Person.objects.filter(pk__in=public.values("person"))


def tags_in_use(now: datetime.datetime | None = None) -> QuerySet[Tag]:
    """Tags of at least one visible article, for the portal's list of topics."""
    visible = Article.objects.visible(now).values("pk")
    return Tag.objects.filter(articles__in=visible).distinct().order_by("name")


# ------------------------------------------------------------------------- body


def figures(article: Article, url: Callable[[ArticleImage, str], str]) -> dict[int, markup.Figure]:
    """The article's images by number, with addresses from URL(image, size)."""
    return {
        image.position: markup.Figure(
            url=url(image, "large"),
            small_url=url(image, "small"),
            width=image.width,
            height=image.height,
            small_width=image.small_width,
            alt=image.alt_text,
            caption=image.caption,
        )
        for image in article.images.all()
    }


def public_image_url(image: ArticleImage, size: str) -> str:
    return reverse("news_public:image", args=[image.pk, size])


def staff_image_url(image: ArticleImage, size: str) -> str:
    return reverse("news:image", args=[image.pk, size])


def gallery(article: Article) -> list[ArticleImage]:
    """The images the body does not place itself: shown after it."""
    placed = markup.referenced_images(article.body)
    return [i for i in article.images.all() if i.position not in placed]
