"""Deputies of the National Assembly and of the People's Councils, scoped by term
(domain.md §7.11; issue #7 items 1 and 2).

Shaped after Popolo (https://www.popoloproject.com/specs/): a `Person` (the deputy), an
`Organization` (the province's NA delegation, the provincial or a commune People's
Council, its committees and its deputies' groups), an `Area` (the electoral unit, covering
communes), a `Term` (the legislature: NA khóa XVI, HĐND 2026–2031) and a `Membership` of a
person in an organisation during a term, in a post (Trưởng đoàn, đại biểu chuyên trách…)
and for an area. Master data is term-scoped so that a deputy re-elected keeps one record
across terms with a membership per term.

What a deputy did is mostly found, not stored: queries.py reads the reception sessions,
petitions, voter meetings and events of the other apps. `ActivityEntry` holds only what
staff record by hand (speeches, questions at sessions, field trips).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import AdministrativeUnit
from dannguyen.lib.vietnamese import fold
from dannguyen.voters.models import Body


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class OrgClassification(models.TextChoices):
    """Popolo `classification` of an organisation."""

    DELEGATION = "delegation", _("National Assembly delegation")
    COUNCIL = "council", _("People's Council")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee of the People's Council")
    COMMITTEE = "committee", _("Committee of the People's Council")
    DEPUTY_GROUP = "deputy_group", _("Group of deputies")


class Role(models.TextChoices):
    """A deputy's post in an organisation (Popolo `role`)."""

    HEAD = "head", _("Head of the delegation")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of the delegation")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    COMMITTEE_HEAD = "committee_head", _("Head of the committee")
    COMMITTEE_DEPUTY_HEAD = "committee_deputy_head", _("Deputy head of the committee")
    COMMITTEE_MEMBER = "committee_member", _("Member of the committee")
    GROUP_LEADER = "group_leader", _("Leader of the deputies' group")
    GROUP_DEPUTY_LEADER = "group_deputy_leader", _("Deputy leader of the deputies' group")
    MEMBER = "member", _("Deputy")


class Engagement(models.TextChoices):
    """Whether the deputy works for the body full time (đại biểu chuyên trách)."""

    FULL_TIME = "full_time", _("Full-time deputy")
    PART_TIME = "part_time", _("Part-time deputy")


class ActivityKind(models.TextChoices):
    SPEECH = "speech", _("Speech at a session")
    QUESTION = "question", _("Question at a session")
    FIELD_TRIP = "field_trip", _("Field trip")
    OTHER = "other", _("Other activity")


class Term(models.Model):
    """A legislature of one body: NA khóa XVI, HĐND tỉnh khóa 2026–2031."""

    Body = Body

    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    name = models.CharField(_("term"), max_length=40, help_text=_("E.g. XVI or 2026–2031."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "body", "id"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(body__in=Body.values), name="deputies_term_body"),
            models.UniqueConstraint(fields=["body", "name"], name="deputies_term_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="deputies_term_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.name}"


class Person(models.Model):
    """A deputy (Popolo person). `user` links the record to an account so that the
    activity the other apps record in that account's name can be found."""

    Gender = Gender

    name = models.CharField(_("full name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="deputies/", max_length=200, blank=True)
    biography = models.TextField(_("short biography"), blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_person",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded", "id"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=Gender.values), name="deputies_person_gender"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("deputies:person_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("deputies_public:person", args=[self.pk])


class Organization(models.Model):
    """The delegation, a People's Council, its committees and deputies' groups."""

    Classification = OrgClassification

    name = models.CharField(_("name"), max_length=300)
    classification = models.CharField(_("kind"), max_length=30, choices=OrgClassification.choices)
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    # A commune People's Council and its groups: which commune.
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["body", "classification", "name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(classification__in=OrgClassification.values),
                name="deputies_org_classification",
            ),
            models.CheckConstraint(condition=Q(body__in=Body.values), name="deputies_org_body"),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="deputies_org_not_own_parent"
            ),
            models.UniqueConstraint(fields=["body", "name"], name="deputies_org_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """An electoral unit (đơn vị bầu cử) of one term, and the communes it covers."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="areas", verbose_name=_("term")
    )
    number = models.PositiveSmallIntegerField(_("unit number"))
    name = models.CharField(_("name"), max_length=200)
    communes = models.ManyToManyField(
        AdministrativeUnit, blank=True, related_name="+", verbose_name=_("communes covered")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["term", "number", "id"]
        verbose_name = _("electoral unit")
        verbose_name_plural = _("electoral units")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="deputies_area_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="deputies_area_number_pos"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="deputies_area_seats_pos"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_public_url(self) -> str:
        return reverse("deputies_public:area", args=[self.pk])


class Membership(models.Model):
    """A person in an organisation, in a post, during a term (Popolo membership + post)."""

    Role = Role
    Engagement = Engagement

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("deputy")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("term")
    )
    role = models.CharField(_("position"), max_length=30, choices=Role.choices)
    engagement = models.CharField(
        _("engagement"), max_length=20, choices=Engagement.choices, blank=True
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("electoral unit"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public portal.")
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["term", "organization", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="deputies_ms_role"),
            models.CheckConstraint(
                condition=Q(engagement="") | Q(engagement__in=Engagement.values),
                name="deputies_ms_engagement",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="deputies_ms_dates_ordered",
            ),
            # The same post twice from the same day is a duplicate; forms also refuse
            # overlapping periods, which a constraint cannot express portably.
            models.UniqueConstraint(
                fields=["person", "organization", "term", "role", "starts_on"],
                name="deputies_ms_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.organization}"


class ActivityEntry(models.Model):
    """An activity staff record by hand; the rest is found in the other apps."""

    Kind = ActivityKind

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="activities", verbose_name=_("deputy")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("content"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the deputy's public page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["person", "date"], name="deputies_activity_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="deputies_activity_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title
