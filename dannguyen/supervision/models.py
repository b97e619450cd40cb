"""Supervision of complaint and denunciation resolution (giám sát việc giải quyết khiếu nại,
tố cáo) by the Đoàn ĐBQH or the Thường trực HĐND, served by the office.

Sources (domain.md §1.5 A, §5.2): the office does not resolve petitions; it forwards, urges
and supervises. The forms of supervision NQ 228/1999 names — a letter requesting a report,
a visit, a proposal to supervise — are the pieces of a plan here: requests for reports,
agencies' reports, working sessions, then findings and recommendations followed up until
settled, as Decidim Accountability tracks what was promised.

Only workflow.py changes `SupervisionPlan.status` and `Recommendation.status`, each time with
a `PlanEvent` row in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import Agency
from dannguyen.petitions.models import AppendOnlyModel, AppendOnlyQuerySet, Petition


class IssuingBody(models.TextChoices):
    """Who supervises: the same values as the petitions' receiving subjects, so the two
    can be counted together in reports (domain.md §5.2 "tiếp nhận – xử lý – giám sát")."""

    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    COUNCIL_STANDING = "council_standing", _("Standing Committee of the People's Council")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Report issued")
    CLOSED = "closed", _("Closed")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    PARTLY_DONE = "partly_done", _("Partly done")


SETTLED = frozenset(
    {RecommendationStatus.DONE, RecommendationStatus.NOT_DONE, RecommendationStatus.PARTLY_DONE}
)
# How far a recommendation has got, in per cent (Decidim Accountability's progress): a plan's
# progress is the mean over its recommendations.
PROGRESS = {
    RecommendationStatus.OPEN: 0,
    RecommendationStatus.IN_PROGRESS: 25,
    RecommendationStatus.PARTLY_DONE: 50,
    # Settled, but nothing of it was carried out: it counts for nothing done.
    RecommendationStatus.NOT_DONE: 0,
    RecommendationStatus.DONE: 100,
}


def _users() -> Any:
    from dannguyen.accounts.models import User  # noqa: PLC0415 -- avoid a cycle at import

    return User.objects.order_by("full_name", "username")


class SupervisionPlanQuerySet(AuditedQuerySet):
    def for_list(self) -> SupervisionPlanQuerySet:
        """What a list row shows, in a fixed number of queries."""
        return self.select_related("head").prefetch_related(
            models.Prefetch(
                "supervised_agencies",
                queryset=SupervisedAgency.objects.select_related("agency").order_by("order", "id"),
            ),
            models.Prefetch(
                "recommendations", queryset=Recommendation.objects.only("id", "plan", "status")
            ),
        )


class SupervisionPlan(models.Model):
    """A supervision plan (kế hoạch giám sát) and everything done under it."""

    IssuingBody = IssuingBody
    Status = PlanStatus

    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=500)
    issuing_body = models.CharField(
        _("issued by"),
        max_length=30,
        choices=IssuingBody.choices,
        default=IssuingBody.NA_DELEGATION,
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    scope = models.TextField(_("scope and content"))
    period_from = models.DateField(_("period supervised from"))
    period_to = models.DateField(_("period supervised until"))
    starts_on = models.DateField(_("supervision starts on"))
    ends_on = models.DateField(_("supervision ends on"))
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_supervision_plans",
        verbose_name=_("head of the team"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervision_plans",
        verbose_name=_("members of the team"),
    )
    guest_members = models.CharField(
        _("other members"),
        max_length=500,
        blank=True,
        help_text=_("Names and positions of those without an account in the system."),
    )
    agencies: models.ManyToManyField[Agency, SupervisedAgency] = models.ManyToManyField(
        Agency,
        through="SupervisedAgency",
        related_name="supervision_plans",
        verbose_name=_("agencies supervised"),
    )
    petitions = models.ManyToManyField(
        Petition,
        blank=True,
        related_name="supervision_plans",
        verbose_name=_("petitions supervised"),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    reported_on = models.DateField(_("report dated"), null=True, blank=True)
    closing_note = models.CharField(_("closing note"), max_length=1000, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SupervisionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        indexes = [models.Index(fields=["status", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="supervision_plan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(issuing_body__in=IssuingBody.values),
                name="supervision_plan_issuer_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="supervision_plan_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="supervision_plan_schedule_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.REPORTED, PlanStatus.CLOSED])
                | Q(reported_on__isnull=False),
                name="supervision_plan_reported_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan_detail", args=[self.pk])

    def team(self) -> list[Any]:
        """The head, then the members (prefetched on detail pages)."""
        people = [self.head] if self.head else []
        return people + [m for m in self.members.all() if m.pk != self.head_id]

    def progress(self) -> int:
        """Mean progress of the recommendations in per cent; 0 without any."""
        items = list(self.recommendations.all())
        if not items:
            return 0
        return round(sum(PROGRESS[RecommendationStatus(r.status)] for r in items) / len(items))


class SupervisedAgency(models.Model):
    """One agency under a plan: requests for reports, its reports, working sessions."""

    plan = models.ForeignKey(
        SupervisionPlan, on_delete=models.CASCADE, related_name="supervised_agencies"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("agency supervised")
        verbose_name_plural = _("agencies supervised")
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="supervision_agency_once"),
        ]

    def __str__(self) -> str:
        return str(self.agency)


class ReportRequest(models.Model):
    """A letter asking the agency to report (công văn đề nghị báo cáo)."""

    supervised = models.ForeignKey(
        SupervisedAgency, on_delete=models.CASCADE, related_name="requests"
    )
    sent_on = models.DateField(_("sent on"))
    reference = models.CharField(_("letter number"), max_length=60, blank=True)
    due_on = models.DateField(_("report due on"))
    content = models.TextField(_("what the agency is asked to report"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("request for a report")
        verbose_name_plural = _("requests for reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("sent_on")), name="supervision_request_due_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.sent_on:%d/%m/%Y}"


class AgencyReport(models.Model):
    """A report the agency sent back (báo cáo của cơ quan được giám sát)."""

    supervised = models.ForeignKey(
        SupervisedAgency, on_delete=models.CASCADE, related_name="reports"
    )
    request = models.ForeignKey(
        ReportRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("in answer to"),
    )
    number = models.CharField(_("number and symbol"), max_length=60)
    dated = models.DateField(_("dated"))
    received_on = models.DateField(_("received on"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    file = models.FileField(_("file"), upload_to="supervision/%Y/", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")

    def __str__(self) -> str:
        return self.number


class WorkingSession(models.Model):
    """A working session or visit with the agency (làm việc trực tiếp)."""

    supervised = models.ForeignKey(
        SupervisedAgency, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.place}"


class Finding(models.Model):
    """One finding of the supervision (kết quả giám sát), about one agency or in general."""

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="findings")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    text = models.TextField(_("finding"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(models.Model):
    """A recommendation (kiến nghị) to one agency, followed up until settled."""

    Status = RecommendationStatus

    plan = models.ForeignKey(
        SupervisionPlan, on_delete=models.CASCADE, related_name="recommendations"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("addressed to")
    )
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="supervision_recommendation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS]
                )
                | Q(settled_on__isnull=False),
                name="supervision_settled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED


class PlanAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")
    STARTED = "started", _("Supervision started")
    REPORTED = "reported", _("Report issued")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REQUEST_SENT = "request_sent", _("Request for a report sent")
    REPORT_RECEIVED = "report_received", _("Agency report received")
    SESSION_HELD = "session_held", _("Working session recorded")
    FINDING_ADDED = "finding_added", _("Finding recorded")
    RECOMMENDED = "recommended", _("Recommendation made")
    FOLLOWED_UP = "followed_up", _("Recommendation followed up")


class PlanEvent(AppendOnlyModel):
    """One step in a plan's history, written by workflow.py with the change itself.

    A recommendation's follow-up is a step of its plan: RECOMMENDATION and EVIDENCE say
    which and on what grounds; FROM/TO are then the recommendation's statuses.
    """

    Action = PlanAction

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.PROTECT, related_name="events")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=PlanAction.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="supervision/evidence/%Y/", max_length=200, blank=True
    )
    evidence_type = models.CharField(max_length=100, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=PlanAction.values), name="supervision_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_action_display()}"
