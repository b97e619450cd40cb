"""Policy and charity visits (thăm hỏi, tặng quà gia đình chính sách, người có công, hộ nghèo,
vùng thiên tai) by the delegation leaders and the Thường trực HĐND, served by the office
(product.md duty 5).

A programme lists its beneficiary households, what each received (money and goods), the
funding sources that pay for it, who went and the photos taken. Households are recorded
per programme; the same family across programmes is recognised by its head's normalised
name and commune (matching.identity.normalize_name), which is how the "already supported
in this period" warning is found.

Only workflow.py changes `Programme.status`, each time with a `ProgrammeEvent` row in the
same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import AdministrativeUnit
from dannguyen.petitions.models import AppendOnlyModel, AppendOnlyQuerySet

# Amounts are whole đồng: the dong has no subunit in use. The caps turn a mistyped extra
# zero (or ten) into a form error instead of a plausible-looking total.
MAX_BUDGET_VND = 100_000_000_000  # 100 tỷ đồng for one programme's sources together
MAX_GIFT_VND = 1_000_000_000  # 1 tỷ đồng for one household's gift


class Occasion(models.TextChoices):
    TET = "tet", _("Lunar New Year (Tết)")
    WAR_INVALIDS_DAY = "war_invalids_day", _("War Invalids and Martyrs' Day (27/7)")
    NATURAL_DISASTER = "natural_disaster", _("Natural disaster")
    OTHER = "other", _("Other")


class LeadBody(models.TextChoices):
    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    COUNCIL_STANDING = "council_standing", _("Standing Committee of the People's Council")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")
    CARRIED_OUT = "carried_out", _("Carried out")
    REPORTED = "reported", _("Reported")


class Category(models.TextChoices):
    POLICY_FAMILY = "policy_family", _("Policy family (gia đình chính sách)")
    MERITORIOUS = "meritorious", _("Person with meritorious services (người có công)")
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    DISASTER = "disaster", _("Affected by a natural disaster")
    OTHER = "other", _("Other")


class ProgrammeQuerySet(AuditedQuerySet):
    def for_list(self) -> ProgrammeQuerySet:
        """What a list row shows, in a fixed number of queries."""
        return (
            self.prefetch_related("leaders")
            .annotate(
                household_count=models.Count("beneficiaries", distinct=True),
            )
            .order_by("-starts_on", "-id")
        )


class Programme(models.Model):
    """A visit programme (chương trình thăm hỏi, tặng quà) and what it gave."""

    Occasion = Occasion
    LeadBody = LeadBody
    Status = ProgrammeStatus

    title = models.CharField(_("title"), max_length=500)
    occasion = models.CharField(
        _("occasion"), max_length=30, choices=Occasion.choices, default=Occasion.TET
    )
    lead_body = models.CharField(
        _("led by"), max_length=30, choices=LeadBody.choices, default=LeadBody.NA_DELEGATION
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    description = models.TextField(_("purpose and content"), blank=True)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_outreach_programmes",
        verbose_name=_("leaders of the delegation"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outreach_programmes",
        verbose_name=_("participants"),
    )
    guest_participants = models.CharField(
        _("other participants"),
        max_length=500,
        blank=True,
        help_text=_("Names and positions of those without an account in the system."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.PLANNED,
    )
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    reported_on = models.DateField(_("report dated"), null=True, blank=True)
    result_summary = models.TextField(_("results"), blank=True)
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

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("visit programme")
        verbose_name_plural = _("visit programmes")
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgrammeStatus.values),
                name="outreach_programme_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(occasion__in=Occasion.values),
                name="outreach_programme_occasion_valid",
            ),
            models.CheckConstraint(
                condition=Q(lead_body__in=LeadBody.values),
                name="outreach_programme_lead_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="outreach_programme_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProgrammeStatus.REPORTED) | Q(reported_on__isnull=False),
                name="outreach_programme_reported_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:programme_detail", args=[self.pk])


class FundingSource(models.Model):
    """Where part of the budget comes from (ngân sách, Quỹ, doanh nghiệp tài trợ…)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(_("source"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_BUDGET_VND),
                name="outreach_source_amount_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Beneficiary(models.Model):
    """A household visited under a programme."""

    Category = Category

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="beneficiaries")
    head_name = models.CharField(_("head of the household"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=300)
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["commune__name", "head_name", "id"]
        verbose_name = _("beneficiary household")
        verbose_name_plural = _("beneficiary households")
        indexes = [models.Index(fields=["name_key", "commune"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="outreach_category_valid"
            ),
            models.UniqueConstraint(
                fields=["programme", "name_key", "commune"],
                condition=~Q(name_key=""),
                name="outreach_household_once_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.head_name


class Gift(models.Model):
    """What one household received: money, goods (with their value), or both."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="gifts")
    money = models.PositiveBigIntegerField(_("money (VND)"), default=0)
    goods = models.CharField(_("goods"), max_length=500, blank=True)
    goods_value = models.PositiveBigIntegerField(_("value of the goods (VND)"), default=0)
    given_on = models.DateField(_("given on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(money__gt=0) | Q(goods_value__gt=0), name="outreach_gift_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(money__lte=MAX_GIFT_VND) & Q(goods_value__lte=MAX_GIFT_VND),
                name="outreach_gift_amount_sane",
            ),
            models.CheckConstraint(
                condition=Q(goods_value=0) | ~Q(goods=""), name="outreach_goods_described"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary}: {self.total}"

    @property
    def total(self) -> int:
        return self.money + self.goods_value


class Photo(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="outreach/photos/%Y/", max_length=200)
    content_type = models.CharField(max_length=100)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class ProgrammeAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")
    CARRIED_OUT = "carried_out", _("Visits carried out")
    REPORTED = "reported", _("Report issued")
    HOUSEHOLD_ADDED = "household_added", _("Household added")
    HOUSEHOLD_EDITED = "household_edited", _("Household corrected")
    HOUSEHOLD_REMOVED = "household_removed", _("Household removed")
    GIFT_RECORDED = "gift_recorded", _("Gift recorded")
    GIFT_REMOVED = "gift_removed", _("Gift removed")
    SOURCE_ADDED = "source_added", _("Funding source added")
    SOURCE_REMOVED = "source_removed", _("Funding source removed")
    PHOTO_ADDED = "photo_added", _("Photo added")


class ProgrammeEvent(AppendOnlyModel):
    """One step in a programme's history, written by workflow.py with the change itself."""

    Action = ProgrammeAction

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=ProgrammeAction.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("programme event")
        verbose_name_plural = _("programme events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ProgrammeAction.values),
                name="outreach_event_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.get_action_display()}"
