"""Outgoing letters (văn bản đi) of the office: forwarding slips and letters, guidance,
urging letters, notices to citizens, internal proposal slips (domain.md §1.5, §1.8, §6).

A letter is drafted (often by a petition verb), approved by the Trưởng / Phó trưởng phòng and
issued under the next number of the sổ văn bản đi (one series a year for the office, NĐ
30/2020 Art 15–16). Issuing freezes the rendered Word file. Only workflow.py changes
`OutgoingLetter.status`; every move writes a `LetterEvent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.fields import EncryptedTextField
from dannguyen.core.models import Agency
from dannguyen.petitions.models import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    Confidentiality,
    Petition,
    Urgency,
)


class LetterKind(models.TextChoices):
    """What the office sends out about a petition (domain.md §1.5 A, §1.8)."""

    FORWARDING_SLIP = "forwarding_slip", _("Forwarding slip")
    FORWARDING_LETTER = "forwarding_letter", _("Forwarding letter")
    GUIDANCE_SLIP = "guidance_slip", _("Guidance slip")
    URGING_LETTER = "urging_letter", _("Urging letter")
    CITIZEN_NOTICE = "citizen_notice", _("Notice to the citizen")
    PROPOSAL_SLIP = "proposal_slip", _("Proposal slip")
    # Drafted by the events app for a conference or training course, not about a petition.
    INVITATION = "invitation", _("Invitation letter")


# What a petition's page may draft (the rest come from other apps' own verbs).
PETITION_KINDS = tuple(k for k in LetterKind if k != LetterKind.INVITATION)


class RecipientType(models.TextChoices):
    AGENCY = "agency", _("Agency")
    CITIZEN = "citizen", _("Citizen")
    INTERNAL = "internal", _("Internal")


class SigningMode(models.TextChoices):
    """How the signer signs (NĐ 30/2020 Art 13)."""

    NONE = "", _("In their own name")
    ON_BEHALF = "kt", _("KT. (signing for the head)")
    FOR_BOARD = "tm", _("TM. (on behalf of the collective)")
    BY_ORDER = "tl", _("TL. (by order)")


SIGNING_PREFIX = {
    SigningMode.ON_BEHALF: "KT.",
    SigningMode.FOR_BOARD: "TM.",
    SigningMode.BY_ORDER: "TL.",
}


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass(frozen=True)
class KindInfo:
    """What NĐ 30/2020 prints for a kind: tên loại ("" for a công văn, whose trích yếu is
    "V/v …"), the abbreviation before the office's in the ký hiệu (Phụ lục III), and to
    whom it goes by default."""

    recipient: str
    type_name: str
    abbreviation: str


KIND_INFO: dict[str, KindInfo] = {
    LetterKind.FORWARDING_SLIP: KindInfo(RecipientType.AGENCY, "Phiếu chuyển đơn", "PC"),
    LetterKind.FORWARDING_LETTER: KindInfo(RecipientType.AGENCY, "", ""),
    LetterKind.GUIDANCE_SLIP: KindInfo(RecipientType.CITIZEN, "Phiếu hướng dẫn", "HD"),
    LetterKind.URGING_LETTER: KindInfo(RecipientType.AGENCY, "", ""),
    LetterKind.CITIZEN_NOTICE: KindInfo(RecipientType.CITIZEN, "Thông báo", "TB"),
    LetterKind.PROPOSAL_SLIP: KindInfo(RecipientType.INTERNAL, "Phiếu đề xuất", "PĐX"),
    LetterKind.INVITATION: KindInfo(RecipientType.AGENCY, "Giấy mời", "GM"),
}


def recipient_type_of(kind: str) -> str:
    return KIND_INFO[kind].recipient


def _template_path(instance: LetterTemplate, filename: str) -> str:
    return f"correspondence/templates/{instance.kind}/{timezone.now():%Y%m%d%H%M%S}.docx"


class LetterTemplate(models.Model):
    """A Word template the office uploaded for a kind; the one in force on a letter's date
    applies, otherwise the shipped NĐ 30/2020 layout."""

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("Word file"), upload_to=_template_path, max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-valid_from", "-id"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="lettertemplate_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="lettertemplate_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class LetterCounter(models.Model):
    """The last number of the sổ văn bản đi in a year; incremented inside the issuing
    transaction (as petitions.YearCounter)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outgoing register counter")
        verbose_name_plural = _("outgoing register counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def _issued_path(instance: OutgoingLetter, filename: str) -> str:
    return f"correspondence/issued/{instance.year}/{instance.number:05d}.docx.enc"


class OutgoingLetter(models.Model):
    """One outgoing letter, from draft to its issued original."""

    Kind = LetterKind
    Status = LetterStatus

    kind = models.CharField(_("kind"), max_length=30, choices=LetterKind.choices)
    petition = models.ForeignKey(
        Petition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("petition"),
    )
    recipient_type = models.CharField(
        _("recipient type"), max_length=20, choices=RecipientType.choices
    )
    recipient_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient agency"),
    )
    # A citizen's name and address: encrypted like the register's identities.
    recipient_name = EncryptedTextField(_("recipient name"), blank=True)
    recipient_address = EncryptedTextField(_("recipient address"), blank=True)
    subject = models.CharField(_("subject (trích yếu)"), max_length=500, blank=True)
    body = models.TextField(_("content"), blank=True)
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signing_mode = models.CharField(
        _("signing mode"), max_length=4, choices=SigningMode.choices, blank=True, default=""
    )
    authority_position = models.CharField(
        _("position signed for"),
        max_length=150,
        blank=True,
        help_text=_("After KT./TM./TL., e.g. “TRƯỞNG PHÒNG”."),
    )
    recipients = models.JSONField(_("recipients (nơi nhận)"), default=list, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    extra = models.JSONField(_("facts from the petition step"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False)
    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template used"),
    )
    # The issued original, encrypted at rest (a notice may name the citizen).
    file = models.FileField(upload_to=_issued_path, max_length=200, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing letters")
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=Q(number__isnull=False),
                name="outgoingletter_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="outgoingletter_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LetterStatus.values), name="outgoingletter_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(recipient_type__in=RecipientType.values),
                name="outgoingletter_recipient_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(signing_mode__in=SigningMode.values),
                name="outgoingletter_signing_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values),
                name="outgoingletter_confidentiality_valid",
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="outgoingletter_urgency_valid"
            ),
            # An issued letter has its number, year and date; nothing else has a number.
            models.CheckConstraint(
                condition=(
                    Q(status=LetterStatus.ISSUED)
                    & Q(number__gte=1)
                    & Q(year__isnull=False)
                    & Q(issued_on__isnull=False)
                )
                | (~Q(status=LetterStatus.ISSUED) & Q(number__isnull=True)),
                name="outgoingletter_number_iff_issued",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.number:02d}/{self.symbol}"
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("correspondence:detail", args=[self.pk])

    @property
    def number_label(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else ""

    @property
    def is_citizen_notice_of_protected(self) -> bool:
        """A letter that names a protected denouncer: only their custodians handle it."""
        return (
            self.recipient_type == RecipientType.CITIZEN
            and self.petition is not None
            and self.petition.is_identity_protected
        )


class LetterEvent(AppendOnlyModel):
    """One step of a letter's history, written by workflow.py with the change itself."""

    letter = models.ForeignKey(OutgoingLetter, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects: Any = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=LetterStatus.values), name="letterevent_to_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.from_status} → {self.to_status}"

    @staticmethod
    def _label(value: str) -> str:
        return str(LetterStatus(value).label) if value in LetterStatus.values else value

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)
