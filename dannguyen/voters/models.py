"""Voter contact (tiếp xúc cử tri) and voters' petitions (kiến nghị cử tri), domain.md §3.

NQLT 72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN as amended by NQLT 100/2025: the deputies meet
voters before and after each session (Art 18), the office keeps the minutes and the opinions
raised (Art 16), synthesises them by competence (Art 37) and follows the answers (Art 49).

The chain kept here: a `Session` of an elected body → its `ContactPlan`s (before / after) →
`Meeting`s → the `Opinion`s raised at each → consolidated `VoterPetition`s, each keeping
every original opinion. Staff's manual grouping decisions are data (`VoterPetition.is_fixed`
and `Separation`) so that running the grouping again never undoes them.

Statuses are set only in workflow.py; groups.py (grouping edits) and classification.py run
their verbs through it. Every change writes a `VoterEvent` in the same transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.lib.workdays import DayUnit
from dannguyen.petitions.models import AppendOnlyModel, AppendOnlyQuerySet, Petition


class Body(models.TextChoices):
    """The elected body whose deputies meet the voters."""

    NA = "na", _("National Assembly")
    HDND_PROVINCE = "hdnd_province", _("Provincial People's Council")
    HDND_COMMUNE = "hdnd_commune", _("Commune People's Council")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular session")
    EXTRAORDINARY = "extraordinary", _("Extraordinary session")
    THEMATIC = "thematic", _("Thematic session")


class Timing(models.TextChoices):
    BEFORE = "before", _("Before the session")
    AFTER = "after", _("After the session")


class MeetingKind(models.TextChoices):
    """Kinds of contact, NQLT 72 Art 18 (before / after is the meeting's `timing`)."""

    SESSION = "session", _("Contact before or after a session")
    OUTSIDE_CONSTITUENCY = "outside_constituency", _("Outside the province or constituency")
    RESIDENCE = "residence", _("At the place of residence")
    WORKPLACE = "workplace", _("At the workplace")
    THEMATIC = "thematic", _("By theme or field")
    TARGET_GROUP = "target_group", _("By target group")


class Method(models.TextChoices):
    """NQLT 72 Art 19(2)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class OpinionKind(models.TextChoices):
    """What a voter raised. Complaints and denunciations go to petition intake (Art 37(4))."""

    REQUEST = "request", _("Opinion or request")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")


INTAKE_KINDS = frozenset({OpinionKind.COMPLAINT, OpinionKind.DENUNCIATION})


class Competence(models.TextChoices):
    """Level of competence (domain.md §3.4: TW / TỈNH / XÃ after the 2025 reform)."""

    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    COMMUNE = "commune", _("Commune")


class PetitionStatus(models.TextChoices):
    """A consolidated petition's place in the cycle (VTS-KN TrangThaiKienNghi, domain.md §3.4).

    PROPOSED: a group the grouping drew, which a new run may redraw. ACCEPTED: staff took the
    group as it is (or made it by hand), so it is kept across runs. CLASSIFIED: field,
    competence and agency confirmed.
    """

    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    CLASSIFIED = "classified", _("Classified")


class RuleStep(models.TextChoices):
    PLAN_PUBLICATION = "plan_publication", _("Publication of the contact plan")
    MEETINGS_BEFORE = "meetings_before", _("Meetings before the session")
    MEETINGS_AFTER = "meetings_after", _("Meetings after the session")
    SYNTHESIS_BEFORE = "synthesis_before", _("Synthesis report before the session")
    SYNTHESIS_AFTER = "synthesis_after", _("Synthesis report after the session")
    ANSWER = "answer", _("Answer by the competent agency")
    PUBLICATION = "publication", _("Publication of the results")


UNIT_CHOICES = [
    (DayUnit.WORKING.value, _("working days")),
    (DayUnit.CALENDAR.value, _("days")),
]


class TimeRule(models.Model):
    """A time limit of the voter-contact cycle, with its legal basis and validity (data).

    The rule in force on the session's opening day, for the session's kind, applies.
    """

    code = models.SlugField(_("code"), max_length=60)
    step = models.CharField(_("step"), max_length=30, choices=RuleStep.choices)
    # Session kinds the rule is for; empty means every kind.
    session_kinds = models.JSONField(_("session kinds"), default=list, blank=True)
    count = models.PositiveIntegerField(_("count"))
    unit = models.CharField(_("unit"), max_length=20, choices=UNIT_CHOICES)
    legal_basis = models.CharField(_("legal basis"), max_length=400)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["step", "-valid_from", "id"]
        verbose_name = _("voter contact time limit")
        verbose_name_plural = _("voter contact time limits")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="voters_rule_unique"),
            models.CheckConstraint(
                condition=Q(step__in=RuleStep.values), name="voters_rule_step_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[DayUnit.WORKING.value, DayUnit.CALENDAR.value]),
                name="voters_rule_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="voters_rule_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.count} {self.get_unit_display()}"

    def applies(self, *, on: datetime.date, session_kind: str) -> bool:
        return (
            (self.valid_from is None or self.valid_from <= on)
            and (self.valid_to is None or on <= self.valid_to)
            and (not self.session_kinds or session_kind in self.session_kinds)
        )


class Session(models.Model):
    """A session (kỳ họp) of the National Assembly or a People's Council, in its term."""

    Body = Body
    Kind = SessionKind

    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    # A commune's People's Council: which commune (none for the NA and the province).
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    term = models.CharField(_("term"), max_length=10, help_text=_("In Roman numerals, e.g. XVI."))
    number = models.PositiveSmallIntegerField(_("session number"))
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Grouping edits lock this row and check this number: two people regrouping one
    # session at once cannot both succeed.
    version = models.PositiveIntegerField(default=1)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(body__in=Body.values), name="voters_body_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="voters_session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="voters_session_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(body=Body.HDND_COMMUNE, commune__isnull=False)
                | (~Q(body=Body.HDND_COMMUNE) & Q(commune__isnull=True)),
                name="voters_session_commune_iff_commune_body",
            ),
            models.UniqueConstraint(
                fields=["body", "term", "number"],
                condition=Q(commune__isnull=True),
                name="voters_session_unique",
            ),
            models.UniqueConstraint(
                fields=["body", "commune", "term", "number"],
                condition=Q(commune__isnull=False),
                name="voters_commune_session_unique",
            ),
        ]

    def __str__(self) -> str:
        return _("%(body)s term %(term)s, session %(number)s") % {
            "body": self.get_body_display(),
            "term": self.term,
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("voters:session_detail", args=[self.pk])

    @property
    def report_symbol(self) -> str:
        """The ký hiệu of its synthesis reports (NĐ 30/2020 Phụ lục III: BC for a báo cáo,
        then the issuer: the Đoàn ĐBQH, or the Thường trực HĐND)."""
        return "BC-ĐĐBQH" if self.body == Body.NA else "BC-TTHĐND"


class ContactPlan(models.Model):
    """The contact plan (kế hoạch tiếp xúc cử tri) of one round, NQLT 72 Art 6."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="plans")
    timing = models.CharField(_("round"), max_length=10, choices=Timing.choices)
    reference = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    published_on = models.DateField(
        _("published in the local press on"),
        null=True,
        blank=True,
        help_text=_("At least 7 working days before each meeting (NQLT 72 Art 6)."),
    )
    content = models.TextField(_("content"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "timing"]
        verbose_name = _("contact plan")
        verbose_name_plural = _("contact plans")
        constraints = [
            models.UniqueConstraint(fields=["session", "timing"], name="voters_plan_once"),
            models.CheckConstraint(
                condition=Q(timing__in=Timing.values), name="voters_plan_timing_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_timing_display()} — {self.session}"


class Meeting(models.Model):
    """One voter meeting (hội nghị tiếp xúc cử tri): who, where, when, and its minutes."""

    Kind = MeetingKind
    Method = Method

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="meetings")
    timing = models.CharField(_("round"), max_length=10, choices=Timing.choices)
    kind = models.CharField(
        _("kind of contact"), max_length=30, choices=MeetingKind.choices, default="session"
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.IN_PERSON
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300)
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune or ward"),
    )
    chair = models.CharField(_("chaired by (Fatherland Front)"), max_length=200, blank=True)
    na_deputies = models.TextField(_("National Assembly deputies attending"), blank=True)
    province_deputies = models.TextField(_("provincial council deputies attending"), blank=True)
    commune_deputies = models.TextField(_("commune council deputies attending"), blank=True)
    officials = models.TextField(_("officials answering"), blank=True)
    voter_count = models.PositiveIntegerField(_("number of voters"), default=0)
    minutes_file = models.FileField(
        _("minutes (file)"), upload_to="voters/minutes/%Y/", max_length=200, blank=True
    )
    minutes_text = models.TextField(_("minutes (text)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("voter meeting")
        verbose_name_plural = _("voter meetings")
        indexes = [models.Index(fields=["session", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(timing__in=Timing.values), name="voters_meeting_timing_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="voters_meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="voters_meeting_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("voters:meeting_detail", args=[self.pk])


class VoterPetition(models.Model):
    """A consolidated voters' petition: one request, as raised at one or more meetings."""

    Status = PetitionStatus

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="petitions")
    title = models.TextField(_("consolidated wording"))
    status = models.CharField(
        _("status"), max_length=20, choices=PetitionStatus.choices, default="proposed"
    )
    # Staff's decision: kept together as it is whatever a later grouping run proposes.
    is_fixed = models.BooleanField(_("kept by staff"), default=False)
    # How alike the grouping found the opinions (0..1); none once staff made the group.
    cohesion = models.FloatField(null=True, blank=True)
    field = models.ForeignKey(
        FieldOfWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field"),
    )
    competence = models.CharField(
        _("level of competence"), max_length=20, choices=Competence.choices, blank=True
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voter_petitions",
        verbose_name=_("competent agency"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("voters' petition")
        verbose_name_plural = _("voters' petitions")
        indexes = [models.Index(fields=["session", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PetitionStatus.values), name="voters_petition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(competence="") | Q(competence__in=Competence.values),
                name="voters_petition_competence_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.PROPOSED) | Q(is_fixed=False),
                name="voters_proposed_is_not_fixed",
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.CLASSIFIED)
                | (Q(field__isnull=False) & ~Q(competence="")),
                name="voters_classified_has_field_and_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def get_absolute_url(self) -> str:
        return reverse("voters:petition_detail", args=[self.pk])


class Opinion(models.Model):
    """One opinion raised by a voter at a meeting, as the minutes record it."""

    Kind = OpinionKind

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="opinions")
    order = models.PositiveIntegerField(_("order"), default=0)
    speaker = models.CharField(_("voter"), max_length=200, blank=True)
    content = models.TextField(_("content"))
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune or ward"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OpinionKind.choices, default=OpinionKind.REQUEST
    )
    answered_on_spot = models.BooleanField(_("answered at the meeting"), default=False)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    group = models.ForeignKey(
        VoterPetition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("voters' petition"),
    )
    # A complaint or denunciation raised at the meeting, registered as a letter.
    intake = models.OneToOneField(
        Petition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voter_opinion",
        verbose_name=_("registered petition"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        constraints = [
            models.CheckConstraint(condition=~Q(content=""), name="voters_opinion_has_content"),
            models.CheckConstraint(
                condition=Q(kind__in=OpinionKind.values), name="voters_opinion_kind_valid"
            ),
            # A complaint or denunciation is a letter for intake, never in a voters' petition.
            models.CheckConstraint(
                condition=Q(kind=OpinionKind.REQUEST) | Q(group__isnull=True),
                name="voters_only_requests_grouped",
            ),
            models.CheckConstraint(
                condition=Q(kind=OpinionKind.REQUEST) | Q(intake__isnull=False),
                name="voters_complaint_registered",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]


class Separation(models.Model):
    """Staff's decision that two opinions make different requests (a split or a move).

    Stored with the lower id first, so that a pair is one row whichever way it was made.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="separations")
    first = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("separation of opinions")
        verbose_name_plural = _("separations of opinions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="voters_separation_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="voters_separation_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


class RepeatLink(models.Model):
    """An earlier session's petition the matching found similar (kiến nghị lặp lại)."""

    petition = models.ForeignKey(VoterPetition, on_delete=models.CASCADE, related_name="repeats")
    earlier = models.ForeignKey(VoterPetition, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "earlier"], name="voters_repeat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} ~ {self.earlier_id}"


class EventAction(models.TextChoices):
    SESSION_CREATED = "session_created", _("Session recorded")
    SESSION_EDITED = "session_edited", _("Session edited")
    PLAN_RECORDED = "plan_recorded", _("Contact plan recorded")
    MEETING_RECORDED = "meeting_recorded", _("Meeting recorded")
    MEETING_EDITED = "meeting_edited", _("Meeting edited")
    OPINIONS_ADDED = "opinions_added", _("Opinions recorded")
    OPINION_EDITED = "opinion_edited", _("Opinion edited")
    SENT_TO_INTAKE = "sent_to_intake", _("Sent to petition intake")
    GROUPED = "grouped", _("Grouping run")
    ACCEPTED = "accepted", _("Group accepted")
    MERGED = "merged", _("Groups merged")
    SPLIT = "split", _("Group split")
    MOVED = "moved", _("Opinion moved")
    REWORDED = "reworded", _("Wording edited")
    CLASSIFIED = "classified", _("Classified")
    REPORT_DRAFTED = "report_drafted", _("Synthesis report drafted")
    REPORT_APPROVED = "report_approved", _("Synthesis report approved")
    REPORT_RETURNED = "report_returned", _("Synthesis report returned to draft")
    REPORT_SENT = "report_sent", _("Synthesis report sent")
    ANSWERED = "answered", _("Answer recorded")
    EVALUATED = "evaluated", _("Answer evaluated")
    REMINDED = "reminded", _("Reminder or urging letter drafted")


class VoterEvent(AppendOnlyModel):
    """One step in a session's history, written with the change itself."""

    Action = EventAction

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="events")
    # Not a foreign key: groups merged away or redrawn by the grouping are deleted, and
    # their history must stay as it was written.
    petition_ref = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("voter contact event")
        verbose_name_plural = _("voter contact events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EventAction.values), name="voters_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.get_action_display()}"


def actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


class Audience(models.TextChoices):
    """Whom a synthesis report is for (NQLT 72 Art 37(1), 39)."""

    CENTRAL = "central", _("National Assembly Standing Committee (central competence)")
    LOCAL = "local", _("People's Council and local agencies (provincial and commune competence)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")


class SynthesisReport(models.Model):
    """The báo cáo tổng hợp ý kiến, kiến nghị của cử tri of one round (Art 37(2), 38(2))."""

    Audience = Audience
    Status = ReportStatus

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="reports")
    timing = models.CharField(_("round"), max_length=10, choices=Timing.choices)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices)
    reference = models.CharField(_("number and symbol"), max_length=60, blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # Kept as computed when drafted, with the rule's article: the rule in force then.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_basis = models.CharField(_("legal basis of the due date"), max_length=400, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    # Its entry in the sổ văn bản đi: drafted and cleared when the report is approved,
    # numbered when it is first sent (NĐ 30/2020: one register, one number per document).
    letter = models.OneToOneField(
        "correspondence.OutgoingLetter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voters_report",
        verbose_name=_("outgoing register entry"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "timing", "audience"]
        verbose_name = _("synthesis report")
        verbose_name_plural = _("synthesis reports")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "timing", "audience"], name="voters_report_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="voters_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="voters_report_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(approved_at__isnull=False),
                name="voters_report_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} — {self.get_timing_display()} — {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("voters:report_detail", args=[self.pk])


class Dispatch(models.Model):
    """The report sent to one agency (the sending recorded per agency)."""

    report = models.ForeignKey(SynthesisReport, on_delete=models.CASCADE, related_name="dispatches")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("report sent")
        verbose_name_plural = _("reports sent")
        constraints = [
            models.UniqueConstraint(fields=["report", "agency"], name="voters_dispatch_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.sent_on:%d/%m/%Y}"


class AnswerResult(models.TextChoices):
    """The three kinds of NQLT 72 Art 49(2)."""

    RESOLVED = "resolved", _("Resolved")
    IN_PROGRESS = "in_progress", _("Being resolved")
    EXPLAINED = "explained", _("Explained, information provided")


class AnswerDetail(models.TextChoices):
    """The national sub-kinds (VTS-KN PhanLoai_TraLoiKienNghi, domain.md §3.5)."""

    LEGISLATION = "legislation", _("Legal document issued or amended")
    INSPECTION = "inspection", _("Inspection or check carried out")
    IMPLEMENTATION = "implementation", _("Carried out")
    ROADMAP = "roadmap", _("With a roadmap")
    SUBMITTED = "submitted", _("Submitted to the Government")
    NO_ROADMAP = "no_roadmap", _("Without a roadmap")
    NO_RESOURCES = "no_resources", _("No resources yet")
    NOT_YET = "not_yet", _("Cannot be resolved at once")
    HIGHER_DOCUMENT = "higher_document", _("Depends on a higher document")
    OTHER = "other", _("Other reason")


DETAILS_OF = {
    AnswerResult.RESOLVED: frozenset(
        {AnswerDetail.LEGISLATION, AnswerDetail.INSPECTION, AnswerDetail.IMPLEMENTATION}
    ),
    AnswerResult.IN_PROGRESS: frozenset(
        {
            AnswerDetail.ROADMAP,
            AnswerDetail.SUBMITTED,
            AnswerDetail.NO_ROADMAP,
            AnswerDetail.NO_RESOURCES,
            AnswerDetail.NOT_YET,
            AnswerDetail.HIGHER_DOCUMENT,
            AnswerDetail.OTHER,
        }
    ),
    AnswerResult.EXPLAINED: frozenset(),
}


class Answer(models.Model):
    """A competent agency's answer to a voters' petition (NQLT 72 Art 49)."""

    Result = AnswerResult
    Detail = AnswerDetail

    petition = models.ForeignKey(VoterPetition, on_delete=models.PROTECT, related_name="answers")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("answering agency")
    )
    reference = models.CharField(_("number and symbol"), max_length=60)
    dated = models.DateField(_("dated"))
    received_on = models.DateField(_("received on"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to="voters/answers/%Y/", max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=AnswerResult.choices)
    detail = models.CharField(_("detail"), max_length=20, choices=AnswerDetail.choices, blank=True)
    roadmap = models.TextField(_("roadmap"), blank=True)
    promised_on = models.DateField(_("promised for"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["petition", "dated", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["result", "promised_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=AnswerResult.values), name="voters_answer_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=F("dated")), name="voters_answer_received_after"
            ),
            # A roadmap promises a date (Art 49(2): "lộ trình, thời hạn").
            models.CheckConstraint(
                condition=~Q(detail=AnswerDetail.ROADMAP) | Q(promised_on__isnull=False),
                name="voters_roadmap_has_date",
            ),
            models.CheckConstraint(
                condition=Q(result=AnswerResult.IN_PROGRESS) | Q(promised_on__isnull=True),
                name="voters_promise_only_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.dated:%d/%m/%Y}"


class Verdict(models.TextChoices):
    """The Đoàn's evaluation of an answer (NQLT 72 Art 53–54; VTS-KN KN_GIAMSAT)."""

    SATISFACTORY = "satisfactory", _("Meets the request")
    UNSATISFACTORY = "unsatisfactory", _("Does not meet the request")


class Evaluation(models.Model):
    """The delegation's evaluation of one answer. The latest evaluation of a petition's latest
    answer decides: an unsatisfactory answer keeps the petition open (tồn đọng)."""

    Verdict = Verdict

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="evaluations")
    verdict = models.CharField(_("evaluation"), max_length=20, choices=Verdict.choices)
    on_schedule = models.BooleanField(_("on schedule"), default=True)
    note = models.TextField(_("note"), blank=True)
    evaluator = models.CharField(
        _("evaluated by"),
        max_length=200,
        help_text=_("The deputy, the group of deputies or the delegation that evaluated."),
    )
    evaluated_on = models.DateField(_("evaluated on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "evaluated_on", "id"]
        verbose_name = _("evaluation of an answer")
        verbose_name_plural = _("evaluations of answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="voters_evaluation_verdict_valid"
            ),
            # Why an answer falls short is said, so the agency can be told.
            models.CheckConstraint(
                condition=Q(verdict=Verdict.SATISFACTORY) | ~Q(note=""),
                name="voters_unsatisfactory_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} {self.evaluated_on:%d/%m/%Y}"


class ReminderStage(models.TextChoices):
    """What a letter to an agency about its answers says (NQLT 72 Art 16, 49(1))."""

    BEFORE = "before", _("Reminder before the deadline")
    OVERDUE = "overdue", _("Urging after the deadline")
    PROMISE = "promise", _("Follow-up of a promised date")


class Reminder(models.Model):
    """One petition named in a reminder or urging letter to its agency (one row per
    petition, the letter shared by the agency's petitions of that day and stage).

    DUE_ON is the date the letter is about (the 60-day deadline or the promised date):
    a petition is named once per stage and date, unless the letter was cancelled.
    """

    Stage = ReminderStage

    petition = models.ForeignKey(VoterPetition, on_delete=models.PROTECT, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=20, choices=ReminderStage.choices)
    due_on = models.DateField(_("due on"))
    letter = models.ForeignKey(
        "correspondence.OutgoingLetter", on_delete=models.PROTECT, related_name="voter_reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("reminder to an agency")
        verbose_name_plural = _("reminders to agencies")
        indexes = [models.Index(fields=["petition", "stage", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=ReminderStage.values), name="voters_reminder_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.due_on:%d/%m/%Y}"
