"""Conferences, workshops, briefings and training courses the office organises or serves
(duties 2 and 5 of the office, issue #8 item 1).

Shaped after Decidim meetings (agenda items, invites, registrations, minutes, closing
report) and CiviEvent (participants with a status, attendance): an event has an agenda of
sessions with speakers, a list of invited participants — deputies (users holding the
deputy role), agencies, or guests named in free text — each with the state of their
invitation and whether they attended, its documents and its follow-up tasks.

Only workflow.py changes `Event.status` or a participant's invitation and attendance,
each time with an `EventHistory` row in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import Agency
from dannguyen.correspondence.models import OutgoingLetter
from dannguyen.petitions.models import AppendOnlyModel


class EventKind(models.TextChoices):
    NA_CONFERENCE = "na_conference", _("Conference or workshop of a National Assembly body")
    BRIEFING = "briefing", _("Briefing conference")
    EXCHANGE = "exchange", _("Experience-exchange conference")
    TRAINING = "training", _("Training course")
    OTHER = "other", _("Other meeting")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INVITED = "invited", _("Invitations sent")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantKind(models.TextChoices):
    DEPUTY = "deputy", _("Deputy")
    AGENCY = "agency", _("Agency")
    GUEST = "guest", _("Guest")


class Invitation(models.TextChoices):
    # Listed, but no invitation letter has gone out yet: not invited.
    PENDING = "pending", _("Not yet invited")
    SENT = "sent", _("Invitation sent")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


INVITED = frozenset({Invitation.SENT, Invitation.CONFIRMED, Invitation.DECLINED})


class DocumentKind(models.TextChoices):
    PAPER = "paper", _("Paper")
    SLIDES = "slides", _("Slides")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other document")


class HistoryAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    INVITATIONS_SENT = "invitations_sent", _("Invitations sent")
    REPLY_RECORDED = "reply_recorded", _("Reply recorded")
    ATTENDANCE_RECORDED = "attendance_recorded", _("Attendance recorded")
    LETTER_DRAFTED = "letter_drafted", _("Invitation letter drafted")
    HELD = "held", _("Marked as held")
    REPORTED = "reported", _("Closing report recorded")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    Kind = EventKind
    Status = EventStatus

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    organiser = models.CharField(_("organiser"), max_length=300)
    co_organisers = models.CharField(_("co-organisers"), max_length=1000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=500)
    budget_line = models.CharField(_("budget line"), max_length=300, blank=True)
    description = models.TextField(_("content"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public portal's calendar.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_events",
        verbose_name=_("officer in charge"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=1000, blank=True)
    # The closing report (báo cáo kết quả).
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    results = models.TextField(_("results"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    # The giấy mời in the sổ văn bản đi: drafted here, approved and numbered there.
    invitation_letter = models.ForeignKey(
        OutgoingLetter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation letter"),
    )
    # Bumped by every change: the optimistic lock of workflow.py and the iCalendar SEQUENCE.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"], name="event_starts_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])


class AgendaItem(models.Model):
    """A session of the programme and who speaks in it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("session"), max_length=500)
    speakers = models.CharField(_("speakers"), max_length=1000, blank=True)
    presided_by = models.CharField(_("presided by"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="agenda_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """One invited party: a deputy (user), an agency, or a guest named in free text."""

    Kind = ParticipantKind

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("deputy"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("agency"),
    )
    guest_name = models.CharField(_("guest"), max_length=300, blank=True)
    guest_position = models.CharField(_("position and unit"), max_length=500, blank=True)
    invitation = models.CharField(
        _("invitation"), max_length=10, choices=Invitation.choices, default=Invitation.PENDING
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # None: not recorded yet.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendee_name = models.CharField(
        _("attended by"),
        max_length=300,
        blank=True,
        help_text=_("Who came, when an agency sends someone."),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(invitation__in=Invitation.values), name="participant_invitation_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ParticipantKind.DEPUTY, user__isnull=False, agency__isnull=True)
                    | Q(kind=ParticipantKind.AGENCY, agency__isnull=False, user__isnull=True)
                    | (
                        Q(kind=ParticipantKind.GUEST, user__isnull=True, agency__isnull=True)
                        & ~Q(guest_name="")
                    )
                ),
                name="participant_kind_matches",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_once",
            ),
            models.UniqueConstraint(
                fields=["event", "agency"],
                condition=Q(agency__isnull=False),
                name="participant_agency_once",
            ),
            models.UniqueConstraint(
                fields=["event", "guest_name", "guest_position"],
                condition=Q(kind=ParticipantKind.GUEST),
                name="participant_guest_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name()
        if self.agency_id is not None and self.agency is not None:
            return self.agency.name
        return self.guest_name

    @property
    def is_invited(self) -> bool:
        return self.invitation in INVITED


class EventDocument(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(_("file"), upload_to="events/%Y/", max_length=200)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="event_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FollowUpTask(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=1000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_tasks",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return self.title


class EventHistory(AppendOnlyModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=HistoryAction.choices)
    from_status = models.CharField(max_length=20, choices=EventStatus.choices)
    to_status = models.CharField(max_length=20, choices=EventStatus.choices)
    note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event history")
        verbose_name_plural = _("event history")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=HistoryAction.values), name="event_history_action_valid"
            ),
        ]
