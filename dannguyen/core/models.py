"""Shared reference data (administrative units, agencies, lĩnh vực, calendar) and audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.vietnamese import fold

from .audit import AuditedQuerySet


class Level(models.TextChoices):
    """Level of the State apparatus (after the 2025 reform there is no district level)."""

    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    COMMUNE = "commune", _("Commune")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CENTRAL_CITY = "central_city", _("Centrally-run city")
    DISTRICT = "district", _("District (before 01/07/2025)")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    TOWN = "town", _("Township (before 01/07/2025)")


class AdministrativeUnit(models.Model):
    """A province or a commune-level unit, with the dates it existed.

    Current units come from vietnam-provinces (34 provinces, 2-level). Pre-2025 units can be
    added with `valid_to` set, so old addresses and old documents keep a real place.
    """

    Kind = UnitKind

    PROVINCE_KINDS = (UnitKind.PROVINCE, UnitKind.CENTRAL_CITY)

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "valid_from"], name="adminunit_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values), name="adminunit_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        if self.parent is not None and self.kind not in self.PROVINCE_KINDS:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()


class FieldOfWork(models.Model):
    """A lĩnh vực in the classification tree (domain.md §1.4b), editable by the office."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent field"),
    )
    # Empty means "all kinds"; otherwise the petition kinds (loại đơn) this entry is used for.
    petition_kinds = models.JSONField(_("petition kinds"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("field (lĩnh vực)")
        verbose_name_plural = _("fields (lĩnh vực)")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:field_list") + f"#field-{self.pk}"


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Party body")
    ELECTED_BODY = "elected_body", _("Elected body")
    GOVERNMENT = "government", _("Government or ministry")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department or specialised agency")
    COURT = "court", _("People's Court")
    PROCURACY = "procuracy", _("People's Procuracy")
    POLICE = "police", _("Police")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    FRONT = "front", _("Fatherland Front or mass organisation")
    ENTERPRISE = "enterprise", _("State enterprise or public service unit")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """An agency or organisation the office corresponds with (cơ quan, tổ chức)."""

    Kind = AgencyKind

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.CharField(
        _("kind"), max_length=30, choices=AgencyKind.choices, default=AgencyKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("administrative unit"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    fields = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="agencies", verbose_name=_("fields of competence")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="agency_level_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_valid"
            ),
            models.UniqueConstraint(fields=["name", "parent"], name="agency_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("core:agency_detail", args=[self.pk])


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


class CalendarOverride(models.Model):
    """A change to the legal working-day calendar: an extra day off or a make-up working day.

    The Prime Minister's or the Ministry of Home Affairs' yearly notice moves days around
    Tết and 2/9; the office records those here and lib/workdays.py reads them.
    """

    Kind = CalendarDayKind

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CalendarDayKind.values), name="calendar_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: bulk changes are refused like single ones."""

    def update(self, **kwargs: object) -> int:
        raise AuditEntry.Immutable(_("Audit history cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEntry.Immutable(_("Audit history cannot be deleted."))

    def bulk_update(self, objs: object, fields: object, batch_size: int | None = None) -> int:
        raise AuditEntry.Immutable(_("Audit history cannot be changed."))

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    VIEW = "view", _("Viewed")


class AuditEntry(models.Model):
    """One change to (or one sensitive read of) a domain record. Append-only.

    Database triggers (migration 0002) reject UPDATE and DELETE on this table on SQLite and
    PostgreSQL alike, and the model refuses them before the database is even asked.
    """

    Action = AuditAction

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # No database-level foreign keys: history must outlive the users and rows it mentions.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values), name="auditentry_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AuditEntry.Immutable(_("Audit history cannot be changed."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditEntry.Immutable(_("Audit history cannot be deleted."))

    class Immutable(Exception):
        pass
