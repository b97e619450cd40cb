"""Citizen reception (tiếp công dân): the sessions, the cases heard at them, the people who
came, and the legal time limits and refusal grounds the office works with.

Sources (domain.md §2): Luật Tiếp công dân 2013 (Art 9 refusal, 12–13 and 21–22 who
receives, 25 the register, 26 handling on the spot, 29 groups), NĐ 154/2026/NĐ-CP (from
01/7/2026: identity documents, online reception, forms 01/TCD–03/TCD), the VTS-KN tables
`TIEPDAN_*` / `TD_VUVIEC` for what offices record. A session is kept apart from its cases
(vụ việc); a case may produce one or more letters in the petition register.

Only workflow.py changes `ReceptionSession.status`, with a `SessionEvent` row in the same
transaction.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.fields import EncryptedTextField
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.lib.workdays import DayUnit
from dannguyen.petitions.models import (
    PROTECTED_KINDS,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    Competence,
    Kind,
)


class SessionKind(models.TextChoices):
    """Định kỳ / thường xuyên / đột xuất (domain.md §2.4; VTS-KN `TIEPDAN_DINHKY`,
    `TIEPDAN_THUONGXUYEN`, `ITIEPDOTXUAT`)."""

    PERIODIC = "periodic", _("Periodic")
    REGULAR = "regular", _("Regular")
    AD_HOC = "ad_hoc", _("Ad hoc")


class HostBody(models.TextChoices):
    """Who presides (chủ trì): Luật TCD Art 21 (ĐBQH, Đoàn ĐBQH), Art 22 (Thường trực HĐND,
    đại biểu HĐND); regular reception by the Office's staff (NĐ 154/2026 Art 29(1)(b))."""

    NA_DEPUTY = "na_deputy", _("A National Assembly deputy")
    NA_DELEGATION = "na_delegation", _("The National Assembly delegation")
    COUNCIL_STANDING = "council_standing", _("The Standing Committee of the People's Council")
    COUNCIL_DEPUTY = "council_deputy", _("A People's Council deputy")
    OFFICE = "office", _("Staff of the Office")


# Periodic reception is the elected side's own duty; the Office's staff receive regularly.
PERIODIC_HOSTS = frozenset(
    {
        HostBody.NA_DEPUTY,
        HostBody.NA_DELEGATION,
        HostBody.COUNCIL_STANDING,
        HostBody.COUNCIL_DEPUTY,
    }
)
DEPUTY_HOSTS = frozenset({HostBody.NA_DEPUTY, HostBody.COUNCIL_DEPUTY})


class Method(models.TextChoices):
    """Trực tiếp, or trực tuyến from 01/7/2026 (Luật TCD Art 3a added by Luật 136/2025;
    NĐ 154/2026 Art 16–24). domain.md knows no combined form for reception (only for voter
    meetings, NQLT 72/2025 Art 19), so there is none here."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ReceptionSessionQuerySet(AuditedQuerySet):
    def for_list(self) -> ReceptionSessionQuerySet:
        """What a list row or a calendar cell shows, in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch("hosts", queryset=_users()),
        ).annotate(case_count=models.Count("cases", distinct=True))


def _users() -> Any:
    from dannguyen.accounts.models import User  # noqa: PLC0415 -- avoid a cycle at import

    return User.objects.order_by("full_name", "username")


class ReceptionSession(models.Model):
    """One reception session (buổi tiếp công dân): when, where, who presides, who assists."""

    Kind = SessionKind
    HostBody = HostBody
    Method = Method
    Status = SessionStatus

    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    host_body = models.CharField(
        _("presided by"), max_length=30, choices=HostBody.choices, default=HostBody.OFFICE
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.IN_PERSON
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=300)
    online_details = models.CharField(_("connection (online sessions)"), max_length=500, blank=True)
    # NĐ 154/2026 Art 24: an online session is recorded; where the recording is kept.
    recording_reference = models.CharField(_("recording kept at"), max_length=500, blank=True)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_reception_sessions",
        verbose_name=_("presiding"),
    )
    guest_hosts = models.CharField(
        _("other persons presiding"),
        max_length=500,
        blank=True,
        help_text=_("Names and positions of those without an account in the system."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="staffed_reception_sessions",
        verbose_name=_("staff present"),
    )
    note = models.TextField(_("note"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    held_at = models.DateTimeField(_("recorded as held at"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # Incremented when the date, time or place change: calendar programs replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReceptionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time", "-id"]
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        indexes = [models.Index(fields=["date", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="reception_session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(host_body__in=HostBody.values), name="reception_session_host_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="reception_session_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values),
                name="reception_session_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SessionKind.PERIODIC) | Q(host_body__in=sorted(PERIODIC_HOSTS)),
                name="reception_periodic_has_elected_host",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SessionKind.REGULAR) | Q(host_body=HostBody.OFFICE),
                name="reception_regular_by_office",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="reception_session_ends_after"
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.CANCELLED) | ~Q(cancelled_reason=""),
                name="reception_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s reception on %(date)s") % {
            "kind": self.get_kind_display(),
            "date": f"{self.date:%d/%m/%Y}",
        }

    def get_absolute_url(self) -> str:
        return reverse("reception:session_detail", args=[self.pk])

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))

    def host_names(self) -> list[str]:
        """Users presiding (prefetched on lists), then the guests as typed."""
        names = [u.get_full_name() for u in self.hosts.all()]
        if self.guest_hosts:
            names.append(self.guest_hosts)
        return names


class SessionAction(models.TextChoices):
    PLANNED = "planned", _("Planned")
    EDITED = "edited", _("Edited")
    RESCHEDULED = "rescheduled", _("Date, time or place changed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SessionEvent(AppendOnlyModel):
    """One step in a session's history, written by workflow.py with the change itself."""

    Action = SessionAction

    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=SessionAction.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("session event")
        verbose_name_plural = _("session events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=SessionAction.values),
                name="reception_sessionevent_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.get_action_display()}"


# ------------------------------------------------------------------------- reference data


class LimitCode(models.TextChoices):
    """The reception time limits the system computes (domain.md §1.7)."""

    HOST_NOTICE = "host_notice", _("Notify the deputy of the reception schedule")
    ABSENCE_NOTICE = "absence_notice", _("Deputy reports being unable to attend")
    REFUSAL_NOTICE = "refusal_notice", _("Written notice refusing reception (Mẫu 01/TCD)")


class TimeLimitRule(models.Model):
    """A legal time limit as data: how many days, counted how, on what basis, since when.

    Shipped in fixtures/time_limits.json (loaded by `load_reference_data` and the data
    migration); when the law changes the office adds a row with the new validity instead of
    waiting for a new release. The rule that applies is the one in force on the date of the
    session (or of the refusal).
    """

    code = models.CharField(_("time limit"), max_length=30, choices=LimitCode.choices)
    count = models.PositiveSmallIntegerField(_("number of days"))
    unit = models.CharField(
        _("counted in"),
        max_length=20,
        choices=[
            (DayUnit.WORKING.value, _("working days")),
            (DayUnit.CALENDAR.value, _("calendar days")),
        ],
        default=DayUnit.WORKING.value,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    # HostBody values of the sessions the limit is about; empty means every session.
    host_bodies = models.JSONField(
        _("sessions presided by"),
        default=list,
        blank=True,
        help_text=_("Empty: every session."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-valid_from"]
        verbose_name = _("reception time limit")
        verbose_name_plural = _("reception time limits")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="reception_limit_unique"),
            models.CheckConstraint(
                condition=Q(code__in=LimitCode.values), name="reception_limit_code_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[DayUnit.WORKING.value, DayUnit.CALENDAR.value]),
                name="reception_limit_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="reception_limit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.count} ({self.legal_basis})"

    def applies_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def applies_to(self, host_body: str) -> bool:
        return not self.host_bodies or host_body in self.host_bodies


class RefusalGround(models.Model):
    """A ground on which reception may be refused (Luật TCD Art 9; NĐ 154/2026 Art 4).

    Reference data with validity: the grounds added by NĐ 154/2026 apply from 01/7/2026.
    Their wording is the law's, so it is stored in Vietnamese as written.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("ground"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    # NĐ 154/2026 Art 4(3): for the persistent cases a written notice (Mẫu 01/TCD) follows.
    written_notice = models.BooleanField(_("written notice required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("ground for refusing reception")
        verbose_name_plural = _("grounds for refusing reception")

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------------- cases


class Outcome(models.TextChoices):
    """What was done on the spot (Luật TCD Art 26, 28; NĐ 154/2026 Art 15; VTS-KN
    `EnumTCD.TrangThaiXuLy`; domain.md §1.5C, §2.4)."""

    EXPLAINED = "explained", _("Explained and guided on the spot")
    PETITION_RECEIVED = "petition_received", _("Letter and documents received")
    GUIDED = "guided", _("Guided to the competent agency")
    FORWARDED = "forwarded", _("Forwarded to the competent agency")
    URGED = "urged", _("Lower level asked to resolve it")
    UNDER_STUDY = "under_study", _("Being studied")
    REFUSED = "refused", _("Reception refused")


# Luật TCD Art 29: a group of five or more coming about the same matter appoints
# representatives — one or two for 5–10 people, up to five for more than ten.
CROWD_MIN_PEOPLE = 5
SMALL_CROWD_MAX_PEOPLE = 10
SMALL_CROWD_REPRESENTATIVES = 2
LARGE_CROWD_REPRESENTATIVES = 5
MAX_HEADCOUNT = 10_000


def representative_limit(headcount: int) -> int | None:
    """How many representatives a group of HEADCOUNT may send (None: not a group)."""
    if headcount < CROWD_MIN_PEOPLE:
        return None
    if headcount <= SMALL_CROWD_MAX_PEOPLE:
        return SMALL_CROWD_REPRESENTATIVES
    return LARGE_CROWD_REPRESENTATIVES


class CaseCounter(models.Model):
    """The last case number given in a year; incremented inside the recording transaction."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case counter")
        verbose_name_plural = _("case counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReceptionCaseQuerySet(AuditedQuerySet):
    def for_register(self) -> ReceptionCaseQuerySet:
        """What a register row shows, in a fixed number of queries."""
        from dannguyen.petitions.models import Petition  # noqa: PLC0415 -- keep it local

        return self.select_related(
            "session",
            "main_field",
            "previously_handled_by",
            "guided_to",
            "accepting_agency",
            "refusal_ground",
            "instructing_leader",
        ).prefetch_related(
            models.Prefetch(
                "citizens",
                queryset=ReceptionCitizen.objects.select_related("ward", "province").order_by(
                    "order", "id"
                ),
            ),
            models.Prefetch("petitions", queryset=Petition.objects.order_by("year", "number")),
        )


class ReceptionCase(models.Model):
    """A matter heard at a session (vụ việc): who came, about what, what was done."""

    Outcome = Outcome
    Kind = Kind

    session = models.ForeignKey(
        ReceptionSession,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("session"),
    )
    # Số thứ tự in the Sổ tiếp công dân: a running number per year, e.g. TCD-2026/0012.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)

    headcount = models.PositiveIntegerField(
        _("number of people"),
        default=1,
        help_text=_("Everyone who came about this matter (5 or more is a group)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    main_field = models.ForeignKey(
        FieldOfWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_cases",
        verbose_name=_("field"),
    )
    # Luật TCD Art 25(2): nội dung sự việc; yêu cầu, đề nghị của người đến; quá trình xem xét,
    # giải quyết của cơ quan có thẩm quyền.
    content = models.TextField(_("content"))
    citizen_request = models.TextField(_("what the citizen asks for"), blank=True)
    previously_handled_by = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency that already handled it"),
    )
    previous_handling = models.TextField(_("how it was handled before"), blank=True)
    competence = models.CharField(
        _("competence"),
        max_length=20,
        choices=Competence.choices,
        default=Competence.UNDETERMINED,
    )

    outcome = models.CharField(_("done on the spot"), max_length=30, choices=Outcome.choices)
    outcome_detail = models.TextField(_("explanation or answer given"), blank=True)
    guided_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citizen guided to"),
    )
    accepting_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency that takes it up"),
    )
    refusal_ground = models.ForeignKey(
        RefusalGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("ground for refusing"),
    )
    instructing_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader who gave instructions"),
    )
    instructions = models.TextField(_("leader's instructions"), blank=True)
    follow_up = models.TextField(_("follow-up of the result"), blank=True)
    petitions = models.ManyToManyField(
        "petitions.Petition",
        blank=True,
        related_name="reception_cases",
        verbose_name=_("letters registered"),
    )

    # Luật Tố cáo Art 47(1)(a): protection applies unless the denouncer discloses their
    # identity themselves; the waiver is recorded, never assumed.
    protection_waived = models.BooleanField(_("protection waived"), default=False)
    protection_waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    protection_waiver_note = models.CharField(_("waiver (how)"), max_length=500, blank=True)
    is_identity_protected = models.BooleanField(editable=False, default=False)

    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReceptionCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("reception case")
        verbose_name_plural = _("reception cases")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="reception_case_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="reception_case_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1) & Q(headcount__lte=MAX_HEADCOUNT),
                name="reception_case_headcount_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[*Kind.values, ""]), name="reception_case_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.REFUSED) | ~Q(kind=""),
                name="reception_case_kind_unless_refused",
            ),
            models.CheckConstraint(
                condition=Q(competence__in=Competence.values),
                name="reception_case_competence_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="reception_case_outcome_valid"
            ),
            models.CheckConstraint(
                condition=(Q(outcome=Outcome.REFUSED) & Q(refusal_ground__isnull=False))
                | (~Q(outcome=Outcome.REFUSED) & Q(refusal_ground__isnull=True)),
                name="reception_case_refusal_has_ground",
            ),
            models.CheckConstraint(
                condition=(
                    Q(is_identity_protected=True)
                    & Q(kind__in=sorted(PROTECTED_KINDS))
                    & Q(protection_waived=False)
                )
                | (
                    Q(is_identity_protected=False)
                    & ~(Q(kind__in=sorted(PROTECTED_KINDS)) & Q(protection_waived=False))
                ),
                name="reception_case_protection_follows_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_identity_protected = self.kind in PROTECTED_KINDS and not self.protection_waived
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"kind", "protection_waived"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "is_identity_protected"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reception:case_detail", args=[self.pk])

    @property
    def is_crowd(self) -> bool:
        """Đoàn đông người (Luật TCD Art 29)."""
        return representative_limit(self.headcount) is not None


class ReceptionCitizen(models.Model):
    """A person who came (for a group: a representative), as they identified themselves.

    Every identity column is encrypted at rest whoever the person is: what was said may
    turn out to be a denunciation, and a record cannot become protected after the fact.
    The keyed hash of the identity number finds earlier visits without decrypting.
    """

    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = (
        "full_name",
        "id_number",
        "phone",
        "address",
        "street",
    )

    case = models.ForeignKey(ReceptionCase, on_delete=models.CASCADE, related_name="citizens")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    full_name = EncryptedTextField(_("full name"))
    id_number = EncryptedTextField(_("identity number"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    street = EncryptedTextField(_("street, hamlet"), blank=True)
    ward = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ward or commune"),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("citizen received")
        verbose_name_plural = _("citizens received")

    def __str__(self) -> str:
        # Never the name: this string lands in the audit log and in admin lists.
        return gettext("Citizen no. %(id)s") % {"id": self.pk}


class CaseIdentityAccess(AppendOnlyModel):
    """Every time someone saw a protected identity: who, when, why (Luật Tố cáo Art 56)."""

    case = models.ForeignKey(
        ReceptionCase, on_delete=models.PROTECT, related_name="identity_accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=500)
    what = models.CharField(_("what was shown"), max_length=300)
    source = models.CharField(_("source"), max_length=30, default="web")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to a protected identity")
        verbose_name_plural = _("accesses to protected identities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="reception_identityaccess_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.at:%d/%m/%Y %H:%M}"


# ------------------------------------------------------------------------- reminders


class ReminderOutcome(models.TextChoices):
    PENDING = "pending", _("Being sent")
    SENT = "sent", _("Sent")
    NO_ADDRESS = "no_address", _("No e-mail address")
    FAILED = "failed", _("Sending failed")


class HostReminder(models.Model):
    """The reminder of one session sent to one person presiding, for the date it was on.

    One row per (session, host, date): running the daily command again never sends twice,
    and a session moved to another date is announced again.
    """

    Outcome = ReminderOutcome

    session = models.ForeignKey(
        ReceptionSession, on_delete=models.CASCADE, related_name="reminders"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("to")
    )
    session_date = models.DateField(_("session date"))
    due_on = models.DateField(_("due by"))
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ReminderOutcome.choices,
        default=ReminderOutcome.PENDING,
    )
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["session_date", "session_id", "host_id"]
        verbose_name = _("reminder to a presiding person")
        verbose_name_plural = _("reminders to presiding persons")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "host", "session_date"], name="reception_reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ReminderOutcome.values),
                name="reception_reminder_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} → {self.host_id} ({self.session_date:%d/%m/%Y})"
