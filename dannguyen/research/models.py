"""Research topics (đề tài, chuyên đề nghiên cứu) of the Đoàn ĐBQH and the Thường trực
HĐND, served by the office (product.md duty 2): who owns a topic and who works on it, its
milestones with due and done dates, its outputs (reports, recommendations, with files) and
the legal documents it studies.

Only workflow.py changes `Topic.status`, each time with a `TopicEvent` row in the same
transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import FieldOfWork
from dannguyen.legal.models import LegalDocument
from dannguyen.petitions.models import AppendOnlyModel, AppendOnlyQuerySet


class TopicKind(models.TextChoices):
    PROJECT = "project", _("Research project (đề tài)")
    THEMATIC = "thematic", _("Thematic study (chuyên đề)")


class OwnerBody(models.TextChoices):
    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    COUNCIL_STANDING = "council_standing", _("Standing Committee of the People's Council")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class OutputKind(models.TextChoices):
    REPORT = "report", _("Report")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OTHER = "other", _("Other")


class TopicQuerySet(AuditedQuerySet):
    def for_list(self) -> TopicQuerySet:
        return (
            self.select_related("owner")
            .annotate(
                milestone_count=models.Count("milestones", distinct=True),
                milestones_done=models.Count(
                    "milestones", filter=Q(milestones__done_on__isnull=False), distinct=True
                ),
            )
            .order_by("-starts_on", "-id")
        )


class Topic(models.Model):
    Kind = TopicKind
    OwnerBody = OwnerBody
    Status = TopicStatus

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TopicKind.choices, default=TopicKind.THEMATIC
    )
    owner_body = models.CharField(
        _("for"), max_length=30, choices=OwnerBody.choices, default=OwnerBody.NA_DELEGATION
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_research_topics",
        verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="research_topics",
        verbose_name=_("team"),
    )
    summary = models.TextField(_("aims and content"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.PROPOSED
    )
    legal_documents = models.ManyToManyField(
        LegalDocument,
        blank=True,
        related_name="research_topics",
        verbose_name=_("legal documents studied"),
    )
    # What the topic is about in the petition register: its letters are counted on the
    # topic's page (petitions.queries.topic_statistics).
    fields_of_work = models.ManyToManyField(
        FieldOfWork,
        blank=True,
        related_name="research_topics",
        verbose_name=_("fields (lĩnh vực)"),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Separated by commas; a letter with any of them counts (accents optional)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TopicStatus.values), name="research_topic_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TopicKind.values), name="research_topic_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner_body__in=OwnerBody.values), name="research_topic_owner_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="research_topic_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:topic_detail", args=[self.pk])


class Milestone(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title


class Output(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    dated = models.DateField(_("dated"))
    file = models.FileField(_("file"), upload_to="research/outputs/%Y/", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dated", "id"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OutputKind.values), name="research_output_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TopicAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    APPROVED = "approved", _("Approved")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    MILESTONE_ADDED = "milestone_added", _("Milestone added")
    MILESTONE_DONE = "milestone_done", _("Milestone done")
    OUTPUT_ADDED = "output_added", _("Output added")


class TopicEvent(AppendOnlyModel):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=TopicAction.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("research topic event")
        verbose_name_plural = _("research topic events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=TopicAction.values), name="research_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.get_action_display()}"
