"""Information service (issue #7, part 3): information packages (briefs) compiled by the
office for a deputy, the Đoàn ĐBQH or a body of the People's Council on a topic.

A `Brief` is requested (by a deputy, or by staff on behalf of a body), compiled by an
officer — selected legal documents (`BriefDocument`, optionally one provision), the
statistics of the letters about the topic (a frozen snapshot of
petitions.queries.topic_statistics), voters' petitions on the topic (`BriefVoterPetition`)
and notes (`BriefSection`) — then delivered as a Word document.

Only workflow.py changes `Brief.status` or its contents, each time with a `BriefHistory`
row in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import AdministrativeUnit, FieldOfWork
from dannguyen.legal.models import LegalDocument, Provision
from dannguyen.petitions.models import AppendOnlyModel, AppendOnlyQuerySet
from dannguyen.voters.models import VoterPetition


class RecipientKind(models.TextChoices):
    DEPUTY = "deputy", _("Deputy")
    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    COUNCIL_STANDING = "council_standing", _("Standing Committee of the People's Council")
    COUNCIL_COMMITTEE = "council_committee", _("Committee of the People's Council")
    OTHER = "other", _("Other body")


class BriefStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    IN_PROGRESS = "in_progress", _("Being compiled")
    COMPILED = "compiled", _("Compiled, ready for review")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryMethod(models.TextChoices):
    EMAIL = "email", _("By email")
    PAPER = "paper", _("On paper")
    MEETING = "meeting", _("At a meeting")


class HistoryAction(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    EDITED = "edited", _("Request edited")
    STARTED = "started", _("Compilation started")
    DOCUMENT_ADDED = "document_added", _("Legal document added")
    DOCUMENT_REMOVED = "document_removed", _("Legal document removed")
    PETITION_ADDED = "petition_added", _("Voters' petition added")
    PETITION_REMOVED = "petition_removed", _("Voters' petition removed")
    SECTION_SAVED = "section_saved", _("Notes saved")
    SECTION_REMOVED = "section_removed", _("Notes removed")
    STATISTICS_REFRESHED = "statistics_refreshed", _("Statistics refreshed")
    COMPILED = "compiled", _("Compiled")
    RETURNED = "returned", _("Returned for more work")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (BriefStatus.REQUESTED, BriefStatus.IN_PROGRESS, BriefStatus.COMPILED)


class BriefQuerySet(AuditedQuerySet):
    def for_list(self) -> BriefQuerySet:
        return self.select_related("owner", "deputy", "requested_by").order_by(
            "-requested_on", "-id"
        )


class Brief(models.Model):
    RecipientKind = RecipientKind
    Status = BriefStatus

    title = models.CharField(_("title"), max_length=500)
    topic = models.TextField(_("topic and questions"))
    recipient_kind = models.CharField(
        _("for"), max_length=30, choices=RecipientKind.choices, default=RecipientKind.DEPUTY
    )
    recipient_name = models.CharField(
        _("recipient"),
        max_length=300,
        help_text=_("The deputy, or the body and who in it (e.g. Ban Pháp chế HĐND tỉnh)."),
    )
    # The deputy the brief is for, when it is for a deputy who uses the system: they read it.
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs_for",
        verbose_name=_("deputy"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs_requested",
        verbose_name=_("requested by"),
    )
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("due on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="briefs_owned",
        verbose_name=_("officer in charge"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BriefStatus.choices, default=BriefStatus.REQUESTED
    )
    summary = models.TextField(_("summary"), blank=True)
    # The letters' statistics: what to count…
    statistics_fields = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="+", verbose_name=_("fields (lĩnh vực)")
    )
    statistics_keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    statistics_since = models.DateField(_("received from"), null=True, blank=True)
    statistics_until = models.DateField(_("received until"), null=True, blank=True)
    statistics_area = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    # …and what was counted (TopicStatistics.as_dict), frozen when the brief is compiled.
    statistics = models.JSONField(_("statistics"), default=dict, blank=True)
    statistics_at = models.DateTimeField(_("statistics computed at"), null=True, blank=True)
    compiled_at = models.DateTimeField(_("compiled at"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivered how"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    delivery_note = models.CharField(_("delivery note"), max_length=500, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=1000, blank=True)
    legal_documents: models.ManyToManyField[LegalDocument, BriefDocument] = models.ManyToManyField(
        LegalDocument, through="BriefDocument", related_name="briefs", blank=True
    )
    voter_petitions: models.ManyToManyField[VoterPetition, BriefVoterPetition] = (
        models.ManyToManyField(
            VoterPetition, through="BriefVoterPetition", related_name="briefs", blank=True
        )
    )
    # Bumped by every change: the optimistic lock of workflow.py.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BriefQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        indexes = [models.Index(fields=["status", "due_on"], name="brief_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BriefStatus.values), name="brief_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values),
                name="brief_recipient_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(delivery_method__in=[*DeliveryMethod.values, ""]),
                name="brief_delivery_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("requested_on")), name="brief_due_after_request"
            ),
            models.CheckConstraint(
                condition=~Q(status=BriefStatus.DELIVERED)
                | (Q(delivered_on__isnull=False) & ~Q(delivery_method="")),
                name="brief_delivered_has_date_and_method",
            ),
            models.CheckConstraint(
                condition=Q(statistics_since__isnull=True)
                | Q(statistics_until__isnull=True)
                | Q(statistics_until__gte=F("statistics_since")),
                name="brief_statistics_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class BriefDocument(models.Model):
    """A legal document chosen for the brief, optionally one of its provisions, with a note."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    provision = models.ForeignKey(
        Provision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provision"),
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("brief's legal document")
        verbose_name_plural = _("brief's legal documents")
        constraints = [
            models.UniqueConstraint(
                fields=["brief", "document", "provision"],
                name="brief_document_provision_once",
            ),
            models.UniqueConstraint(
                fields=["brief", "document"],
                condition=Q(provision__isnull=True),
                name="brief_document_whole_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.document)


class BriefVoterPetition(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="petition_links")
    petition = models.ForeignKey(
        VoterPetition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voters' petition"),
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("brief's voters' petition")
        verbose_name_plural = _("brief's voters' petitions")
        constraints = [
            models.UniqueConstraint(fields=["brief", "petition"], name="brief_petition_once"),
        ]

    def __str__(self) -> str:
        return str(self.petition)


class BriefSection(models.Model):
    """A section of notes, in order (the analysis the officer writes)."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("notes section")
        verbose_name_plural = _("notes sections")

    def __str__(self) -> str:
        return self.heading


class BriefHistory(AppendOnlyModel):
    brief = models.ForeignKey(Brief, on_delete=models.PROTECT, related_name="history")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=HistoryAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=BriefStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=BriefStatus.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("brief history")
        verbose_name_plural = _("brief history")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=HistoryAction.values), name="brief_history_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brief} {self.get_action_display()}"
