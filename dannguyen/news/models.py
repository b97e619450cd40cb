"""News about the activities of the Đoàn ĐBQH and the HĐND (issue #7, item 4): articles with
their images and tags, linked to the deputies and events they report on.

An article is written as a draft by the information officer, reviewed by the head or a
deputy head of the office, then published — at once or from a later moment (scheduled) —
and may be withdrawn. The public portal shows an article only while it is published and its
publication moment has come (`ArticleQuerySet.visible`).

Only workflow.py changes `Article.status`, each time with an `ArticleHistory` row in the
same transaction.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.deputies.models import Person
from dannguyen.events.models import Event
from dannguyen.petitions.models import AppendOnlyModel

# Large enough for a long report of a session; the form refuses more.
MAX_BODY = 50_000
MAX_TAGS = 10


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("article status", "Awaiting review")
    PUBLISHED = "published", pgettext_lazy("article status", "Published")
    UNPUBLISHED = "unpublished", pgettext_lazy("article status", "Withdrawn")


class HistoryAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned to the writer")
    PUBLISHED = "published", pgettext_lazy("history", "Published")
    SCHEDULED = "scheduled", _("Scheduled for publication")
    UNPUBLISHED = "unpublished", _("Withdrawn from publication")
    REDRAFTED = "redrafted", _("Reopened as a draft")
    IMAGE_ADDED = "image_added", _("Image added")
    IMAGE_REMOVED = "image_removed", _("Image removed")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("news", "tag")
        verbose_name_plural = pgettext_lazy("news", "tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news_public:tag", args=[self.slug])


class ArticleQuerySet(AuditedQuerySet):
    def visible(self, now: datetime.datetime | None = None) -> ArticleQuerySet:
        """What the public may read: published, and the publication moment has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())


class Article(models.Model):
    Status = ArticleStatus

    title = models.CharField(pgettext_lazy("news", "title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    summary = models.CharField(_("summary"), max_length=1000)
    body = models.TextField(pgettext_lazy("news", "body"))
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name=_("tags"))
    events = models.ManyToManyField(
        Event, related_name="articles", blank=True, verbose_name=_("related events")
    )
    deputies = models.ManyToManyField(
        Person, related_name="news_articles", blank=True, verbose_name=_("related deputies")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    # Set when published: the moment it becomes (or became) visible on the portal.
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # The reviewer's last note when returning the draft; shown to the writer.
    review_note = models.CharField(_("review note"), max_length=1000, blank=True)
    # Bumped by every change: the optimistic lock of workflow.py.
    version = models.PositiveIntegerField(default=0)
    # The last image number given: a removed image's number is never given again, so a
    # forgotten [[image:N]] in the body cannot show another photo.
    last_image_number = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("news_public:article", args=[self.pk, self.slug or "bai-viet"])

    def is_visible(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )

    def is_scheduled(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > (now or timezone.now())
        )

    @property
    def cover(self) -> ArticleImage | None:
        """The first image (by position); reads the prefetched images when there are."""
        return next(iter(self.images.all()), None)


class ArticleImage(models.Model):
    """An uploaded photo, re-encoded at two widths (the original is not kept: it may carry
    the camera's location and is often ten times larger than a page needs)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    # The number the body refers to with [[image:N]]; unique within the article.
    position = models.PositiveSmallIntegerField(_("number"))
    image = models.FileField(_("image"), upload_to="news/%Y/", max_length=200)
    small = models.FileField(_("small image"), upload_to="news/%Y/", max_length=200)
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    small_width = models.PositiveIntegerField()
    small_height = models.PositiveIntegerField()
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="article_image_position_once"
            ),
            models.CheckConstraint(condition=~Q(alt_text=""), name="article_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class ArticleHistory(AppendOnlyModel):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=HistoryAction.choices)
    from_status = models.CharField(max_length=20, choices=ArticleStatus.choices)
    to_status = models.CharField(max_length=20, choices=ArticleStatus.choices)
    # For a publication: the moment chosen, so a later reschedule does not erase it.
    publish_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("article history")
        verbose_name_plural = _("article history")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=HistoryAction.values), name="article_history_action_valid"
            ),
        ]
