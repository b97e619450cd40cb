"""The petition register (sổ theo dõi đơn): letters received, who wrote them, how they are
classified, and what happened to them.

Field lists follow domain.md §1.2–1.4 (Luật Tiếp công dân Art 25, NĐ 154/2026 Art 12 and 27,
the VTS-KN `KNTC_DON` record). Statuses here are the intake ones (domain.md §1.6); the
processing after intake (forwarding, answers, supervision) adds its own to `Status` and to the
transition table in workflow.py. Only workflow.py changes `Petition.status`.

A reception case (the later `reception` app) points at the petitions it produced with its own
many-to-many field. Scanned letters are `PetitionAttachment` rows of kind `scan`; each upload of
them is a `ScanBatch` that a background job reads (scans.py), one `ScanPage` per page with
its preview image and its text.
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
from dannguyen.lib.ocr import TIMEOUT_SECONDS as OCR_PAGE_SECONDS


class Channel(models.TextChoices):
    """How the letter reached the office (domain.md §1.2)."""

    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")
    FORWARDED = "forwarded", _("Forwarded to the office")
    VOTER_MEETING = "voter_meeting", _("At a voter meeting")


class ForwardingSource(models.TextChoices):
    """Who forwarded a letter (Luật TCD Art 27(2); Luật Tố cáo Art 26)."""

    AGENCY = "agency", _("An agency")
    NA_DEPUTY = "na_deputy", _("A National Assembly deputy")
    COUNCIL_DEPUTY = "council_deputy", _("A People's Council deputy")
    PRESS = "press", _("The press")


class ReceivingSubject(models.TextChoices):
    """To whom the letter is addressed (the VTS-KN source lists, domain.md §1.2)."""

    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    NA_DEPUTY = "na_deputy", _("National Assembly deputy")
    COUNCIL_STANDING = "council_standing", _("Standing Committee of the People's Council")
    COUNCIL_DEPUTY = "council_deputy", _("People's Council deputy")
    OFFICE = "office", _("The Office")


class Kind(models.TextChoices):
    """Loại đơn (domain.md §1.4a)."""

    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    PETITION = "petition", _("Recommendation or feedback")
    MULTIPLE = "multiple", _("Several different matters")


# A letter with several matters may include a denunciation; its author is protected until
# the matters are separated (Luật TCD Art 25(3)) or protection is waived.
PROTECTED_KINDS: tuple[str, ...] = (
    Kind.DENUNCIATION,
    Kind.MULTIPLE,
)  # ordered: used in a migration
# FieldOfWork.petition_kinds predates this app and names kiến nghị "recommendation".
FIELD_KIND_CODES = {
    Kind.COMPLAINT: "complaint",
    Kind.DENUNCIATION: "denunciation",
    Kind.PETITION: "recommendation",
    Kind.MULTIPLE: "multiple",
}


class Eligibility(models.TextChoices):
    UNDETERMINED = "undetermined", _("Not yet determined")
    ELIGIBLE = "eligible", _("Eligible for handling")
    INELIGIBLE = "ineligible", _("Not eligible for handling")


class IneligibilityReason(models.TextChoices):
    """Why a letter cannot be handled (TT 05/2021 criteria as applied, domain.md §1.4c)."""

    NOT_IN_VIETNAMESE = "not_in_vietnamese", _("Not written in Vietnamese")
    UNDATED = "undated", _("Not dated")
    NO_NAME_OR_ADDRESS = "no_name_or_address", _("No name or address of the writer")
    UNSIGNED = "unsigned", _("Not signed or thumbprinted")
    UNCLEAR = "unclear", _("Content, person concerned or request unclear")
    ALREADY_HANDLED = "already_handled", _("Already handled, nothing new")
    DUPLICATE = "duplicate", _("Duplicate of an earlier letter")
    ANONYMOUS = "anonymous", _("Anonymous or under a false name")
    OTHER = "other", _("Other reason")


class Competence(models.TextChoices):
    UNDETERMINED = "undetermined", _("Not yet determined")
    WITHIN = "within", _("Within the competence of the receiving body")
    OUTSIDE = "outside", _("Outside its competence")


class ProcedureStage(models.TextChoices):
    """Trình tự giải quyết (domain.md §1.4e)."""

    UNDETERMINED = "undetermined", _("Not yet determined")
    NOT_RESOLVED = "not_resolved", _("Not yet resolved")
    FIRST_RESOLVED = "first_resolved", _("Resolved once")
    RESOLVED_AGAIN = "resolved_again", _("Resolved twice or more")
    FINAL = "final", _("Final decision or judgment in force")


class Confidentiality(models.TextChoices):
    """Độ mật (NĐ 30/2020 Art 8(3)(b); domain.md §1.4g)."""

    NORMAL = "normal", _("Normal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")
    TOP_SECRET = "top_secret", _("Top secret")


class Urgency(models.TextChoices):
    """Độ khẩn (NĐ 30/2020 Art 8(3)(b); domain.md §1.4g)."""

    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")
    IMMEDIATE = "immediate", _("Immediate")


class Status(models.TextChoices):
    """Where a petition stands (domain.md §1.6, VTS-KN `TrangThaiDon`; decision 0016).

    Intake: MOI_CAP_NHAT → DA_CHUYEN_XU_LY → DA_PHAN_LOAI ("classified" is also "đang
    nghiên cứu": no outcome chosen yet). Processing: the outcomes of §1.5 A.
    """

    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to a specialist")
    CLASSIFIED = "classified", _("Classified, being studied")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Waiting for the citizen to supplement")
    FORWARDED = "forwarded", _("Forwarded, waiting for the answer")
    ANSWERED = "answered", _("Answer received")
    GUIDED = "guided", _("Citizen answered or guided")
    FILED = "filed", _("Filed for monitoring")
    CLOSED = "closed", _("Closed")
    SPLIT = "split", _("Split into parts")


class FilingReason(models.TextChoices):
    """Lý do lưu theo dõi (domain.md §1.5 A.5, VTS-KN `LyDoLuuTheoDoi`)."""

    NOT_FORWARDED = "not_forwarded", _("Not forwarded")
    NOT_ACCEPTED = "not_accepted", _("Not accepted or suspended")
    DUPLICATE = "duplicate", _("Duplicate letter")
    ALREADY_ANSWERED = "already_answered", _("Already answered in writing")
    OTHER = "other", _("Other reason")


class PetitionQuerySet(AuditedQuerySet):
    def for_register(self) -> PetitionQuerySet:
        """What a list row shows, in a fixed number of queries."""
        return self.select_related(
            "main_field", "competent_agency", "assigned_to", "place__parent"
        ).prefetch_related(
            models.Prefetch(
                "signers",
                queryset=PetitionSigner.objects.select_related(
                    "petitioner__ward", "petitioner__province"
                ).order_by("order", "id"),
            )
        )


class Petition(models.Model):
    """One letter (đơn) in the register, from receipt to classification."""

    Channel = Channel
    Kind = Kind
    Status = Status

    # Số thứ tự in the register: a running number per year of receipt, e.g. 2026/0153.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)

    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    forwarding_source = models.CharField(
        _("forwarded by"), max_length=20, choices=ForwardingSource.choices, blank=True
    )
    forwarded_by_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_petitions",
        verbose_name=_("forwarding agency"),
    )
    forwarded_by_name = models.CharField(
        _("forwarding deputy or newspaper"), max_length=200, blank=True
    )
    forwarding_reference = models.CharField(
        _("forwarding letter (number, date)"), max_length=200, blank=True
    )
    receiving_subject = models.CharField(
        _("addressed to"),
        max_length=20,
        choices=ReceivingSubject.choices,
        default=ReceivingSubject.OFFICE,
    )
    receiving_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addressed_petitions",
        verbose_name=_("deputy addressed"),
    )

    signer_count = models.PositiveIntegerField(_("number of signers"), default=1)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_pseudonymous = models.BooleanField(_("under a false name"), default=False)

    place = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("where the matter arose"),
    )
    place_detail = models.CharField(_("place (details)"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    content = models.TextField(_("content"))
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    previously_handled_by = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="previously_handled_petitions",
        verbose_name=_("agency that already handled it"),
    )
    previous_handling = models.TextField(_("how it was handled before"), blank=True)

    # Classification (phân loại đơn, domain.md §1.4). Set on intake when obvious; confirmed
    # by a person through workflow.classify().
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    main_field = models.ForeignKey(
        FieldOfWork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="main_petitions",
        verbose_name=_("main field"),
    )
    other_fields = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="petitions", verbose_name=_("other fields")
    )
    eligibility = models.CharField(
        _("eligibility"),
        max_length=20,
        choices=Eligibility.choices,
        default=Eligibility.UNDETERMINED,
    )
    # IneligibilityReason codes; several may apply ("unsigned" and "undated").
    ineligibility_reasons = models.JSONField(_("reasons"), default=list, blank=True)
    ineligibility_note = models.CharField(_("reason (details)"), max_length=500, blank=True)
    competence = models.CharField(
        _("competence"),
        max_length=20,
        choices=Competence.choices,
        default=Competence.UNDETERMINED,
    )
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competent_for_petitions",
        verbose_name=_("competent agency"),
    )
    procedure_stage = models.CharField(
        _("procedure stage"),
        max_length=20,
        choices=ProcedureStage.choices,
        default=ProcedureStage.UNDETERMINED,
    )
    classified_at = models.DateTimeField(_("classified at"), null=True, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classified by"),
    )

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_petitions",
        verbose_name=_("specialist"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    # Processing (issue #5): set by workflow.py only.
    filing_reason = models.CharField(
        _("reason for filing"), max_length=20, choices=FilingReason.choices, blank=True
    )
    filing_note = models.CharField(_("filing (details)"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the office first decided what to do with the letter (the earliest event of
    # PROCESSED_ACTIONS), kept by workflow._event: the reports' backlog ("not yet processed
    # on day D") is then an index range instead of a probe of every letter's history.
    first_processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A letter with several matters is split; each part keeps the register number of the
    # letter and follows its own path ("2026/0153-2").
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("split from"),
    )
    part = models.PositiveSmallIntegerField(_("part"), default=0, editable=False)
    # Bumped by every workflow verb: a form carries the version it was drawn from, so the
    # second of two people acting at once is told the petition changed under them.
    version = models.PositiveIntegerField(default=0, editable=False)

    # Luật Tố cáo Art 47(1)(a): protection applies unless the denouncer discloses their
    # identity themselves; the waiver is recorded, never assumed.
    protection_waived = models.BooleanField(_("protection waived"), default=False)
    protection_waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    protection_waiver_note = models.CharField(_("waiver (how)"), max_length=500, blank=True)
    is_identity_protected = models.BooleanField(editable=False, default=False)

    note = models.TextField(_("note"), blank=True)
    legacy_code = models.CharField(_("number in the old register"), max_length=60, blank=True)
    import_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_petitions",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded code, content and the names that may be shown: accent-free search without
    # ever storing a protected name in clear.
    search_text = models.TextField(editable=False, blank=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["first_processed_at"]),
            models.Index(fields=["status", "assigned_to"]),
            models.Index(fields=["kind"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number", "part"], name="petition_number_part_unique"
            ),
            models.CheckConstraint(
                condition=Q(part=0, parent__isnull=True) | Q(part__gte=1, parent__isnull=False),
                name="petition_parts_have_a_parent",
            ),
            models.CheckConstraint(
                condition=Q(filing_reason__in=[*FilingReason.values, ""]),
                name="petition_filing_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.FILED) | ~Q(filing_reason=""),
                name="petition_filed_has_reason",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="petition_number_positive"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="petition_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(forwarding_source__in=[*ForwardingSource.values, ""]),
                name="petition_forwarding_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.FORWARDED) | Q(forwarding_source=""),
                name="petition_forwarding_source_only_when_forwarded",
            ),
            models.CheckConstraint(
                condition=Q(receiving_subject__in=ReceivingSubject.values),
                name="petition_receiving_subject_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[*Kind.values, ""]), name="petition_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(eligibility__in=Eligibility.values),
                name="petition_eligibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(competence__in=Competence.values), name="petition_competence_valid"
            ),
            models.CheckConstraint(
                condition=Q(procedure_stage__in=ProcedureStage.values),
                name="petition_procedure_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values),
                name="petition_confidentiality_valid",
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="petition_urgency_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="petition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(signer_count__gte=1), name="petition_signer_count_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ASSIGNED) | Q(assigned_to__isnull=False),
                name="petition_assigned_has_specialist",
            ),
            models.CheckConstraint(
                condition=(
                    Q(is_identity_protected=True)
                    & Q(kind__in=PROTECTED_KINDS)
                    & Q(protection_waived=False)
                )
                | (
                    Q(is_identity_protected=False)
                    & ~(Q(kind__in=PROTECTED_KINDS) & Q(protection_waived=False))
                ),
                name="petition_protection_follows_kind",
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
        return reverse("petitions:detail", args=[self.pk])

    @property
    def is_multi_signer(self) -> bool:
        """Đơn nhiều người đứng tên (domain.md §1.4f)."""
        return self.signer_count > 1


class YearCounter(models.Model):
    """The last number given in a year; incremented inside the registering transaction."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Petitioner(models.Model):
    """A person who wrote or signed petitions, found again by identity number or name.

    Every identity column is encrypted at rest, whoever the person is: a complainant today
    may denounce tomorrow, and a record cannot become protected after the fact. The keyed
    hashes beside them are what lookups compare (see identity.py).
    """

    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("full_name", "id_number", "phone", "address")

    full_name = EncryptedTextField(_("full name"), blank=True)
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
    name_address_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    name_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        # Never the name: this string lands in the audit log and in admin lists.
        return gettext("Petitioner no. %(id)s") % {"id": self.pk}


class PetitionSigner(models.Model):
    """A person who signed a petition; the first one (order 0) is the main petitioner."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signers")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="signatures")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_representative = models.BooleanField(_("representative"), default=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "petitioner"], name="petitionsigner_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} — {self.petitioner}"


class AttachmentKind(models.TextChoices):
    SCAN = "scan", _("Scan of the letter")
    EVIDENCE = "evidence", _("Enclosed document")
    OTHER = "other", _("Other")


class PetitionAttachment(models.Model):
    """A file received with a petition, kept as received (checked by its content)."""

    Kind = AttachmentKind

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.SCAN
    )
    order = models.PositiveSmallIntegerField(_("page or order"), default=0)
    # Stored encrypted (a letter's scan shows the writer's handwriting, Luật Tố cáo Art 56),
    # under a random name; the name it was sent with may itself name the writer.
    file = models.FileField(_("file"), upload_to="petitions/%Y/", max_length=200)
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The upload whose text recognition read this file (scans of a letter only).
    scan_batch = models.ForeignKey(
        "ScanBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("text recognition"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "sha256"], name="petitionattachment_unique_file"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="petitionattachment_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return gettext("File %(n)s of %(code)s") % {"n": self.pk, "code": self.petition}


class AppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly(_("This history cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(_("This history cannot be deleted."))

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnly(_("This history cannot be changed."))


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(_("This history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(_("This history cannot be deleted."))


class EventAction(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    EDITED = "edited", _("Edited")
    ASSIGNED = "assigned", _("Assigned")
    CLASSIFIED = "classified", _("Classified")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Supplement received")
    FORWARDED = "forwarded", _("Forwarded to an agency")
    GUIDED = "guided", _("Citizen answered or guided")
    FILED = "filed", _("Filed for monitoring")
    URGED = "urged", _("Agency urged")
    ANSWER_RECORDED = "answer_recorded", _("Agency's answer recorded")
    EVALUATED = "evaluated", _("Answer evaluated")
    CITIZEN_INFORMED = "citizen_informed", _("Citizen informed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    SPLIT = "split", _("Split into parts")
    DUPLICATE_LINKED = "duplicate_linked", _("Linked as a duplicate")
    NOT_DUPLICATE = "not_duplicate", _("Marked as not a duplicate")
    PROTECTION_WAIVED = "protection_waived", _("Denouncer waived protection")
    SCANS_ADDED = "scans_added", _("Scanned letter added")
    CONTENT_FROM_SCAN = "content_from_scan", _("Content taken from the scanned letter")


# The first of these ends the office's own handling of a letter (đơn đã xử lý, Biểu
# 02/XLD col. 4): it went to the competent agency, the citizen was guided, or it was filed.
PROCESSED_ACTIONS: tuple[str, ...] = (
    EventAction.FORWARDED,
    EventAction.GUIDED,
    EventAction.FILED,
    EventAction.CLOSED,
    EventAction.SPLIT,
)


class PetitionEvent(AppendOnlyModel):
    """One step in a petition's history, written by workflow.py with the change itself."""

    Action = EventAction

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        # Reports count petitions by the first outcome event in a period.
        indexes = [models.Index(fields=["petition", "action", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EventAction.values), name="petitionevent_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.get_action_display()}"


class IdentityAccess(AppendOnlyModel):
    """Every time someone saw a protected identity: who, when, why (Luật Tố cáo Art 56)."""

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="identity_accesses"
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
            models.CheckConstraint(condition=~Q(reason=""), name="identityaccess_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.at:%d/%m/%Y %H:%M}"


class Verdict(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")


class DuplicateLink(models.Model):
    """A person's decision about a suggested earlier petition (đơn trùng, domain.md §1.4c)."""

    Verdict = Verdict

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="duplicate_decisions"
    )
    original = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="duplicate_links_in"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("duplicate decision")
        verbose_name_plural = _("duplicate decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "original"], name="duplicatelink_once_per_pair"
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(verdict=Verdict.DUPLICATE),
                name="duplicatelink_one_original",
            ),
            models.CheckConstraint(
                condition=~Q(petition=F("original")), name="duplicatelink_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="duplicatelink_verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} → {self.original} ({self.get_verdict_display()})"


# ------------------------------------------------------------------------- scanned letters


class ScanStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be read")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")


class ScanFailure(models.TextChoices):
    """Why a scan could not be read, as the page tells the user (the detail is technical)."""

    UNREADABLE = "unreadable", _("A file could not be opened as an image or a PDF.")
    FILE_MISSING = "file_missing", _("A stored file is missing or damaged.")
    ENGINE_MISSING = (
        "engine_missing",
        _("Text recognition (Tesseract with Vietnamese) is not installed on the server."),
    )
    TIMEOUT = "timeout", _("Text recognition took too long.")
    ENGINE_ERROR = "engine_error", _("Text recognition stopped with an error.")
    NOT_QUEUED = "not_queued", _("The job could not be handed to the background worker.")
    INTERRUPTED = "interrupted", _("The job stopped before the end (the server was restarted?).")


# A job reads a page (rendering or recognition) within lib.ocr.TIMEOUT_SECONDS or fails; one
# still "running" well past that for all its pages has lost its worker (a restart).
STALL_MARGIN_SECONDS = 300


# Tesseract's mean word confidence (0–100) below which a page is flagged for a careful
# reading: clean office scans read at 85–95, a phone photo in poor light falls to 60–75,
# and below 70 whole words are wrong often enough that the text must be checked.
LOW_CONFIDENCE = 70.0


class ScanBatch(models.Model):
    """Scans of a letter uploaded together, and the background job that reads their text."""

    Status = ScanStatus
    Failure = ScanFailure

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="scan_batches")
    status = models.CharField(
        _("status"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.QUEUED
    )
    failure = models.CharField(
        _("why it could not be read"), max_length=20, choices=ScanFailure.choices, blank=True
    )
    # What the engine said, in English, for whoever maintains the server.
    failure_detail = models.CharField(_("technical detail"), max_length=500, blank=True)
    pages_total = models.PositiveIntegerField(_("pages"), default=0)
    pages_done = models.PositiveIntegerField(_("pages read"), default=0)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    used_at = models.DateTimeField(_("text used as the content at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("text used as the content by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("scanned letter")
        verbose_name_plural = _("scanned letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ScanStatus.values), name="scanbatch_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=ScanStatus.FAILED) & Q(failure__in=ScanFailure.values))
                | (~Q(status=ScanStatus.FAILED) & Q(failure="")),
                name="scanbatch_failure_iff_failed",
            ),
            models.CheckConstraint(
                condition=Q(pages_done__lte=F("pages_total")), name="scanbatch_progress_bounded"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0) & Q(confidence__lte=100)),
                name="scanbatch_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Scan %(n)s of %(code)s") % {"n": self.pk, "code": self.petition}

    @property
    def is_pending(self) -> bool:
        return self.status in (ScanStatus.QUEUED, ScanStatus.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0

    def is_stalled(self, now: datetime.datetime | None = None) -> bool:
        """Running for longer than its pages could take: the worker died under it."""
        if self.status != ScanStatus.RUNNING or self.started_at is None:
            return False
        budget = OCR_PAGE_SECONDS * (self.pages_total + 2) + STALL_MARGIN_SECONDS
        return (now or timezone.now()) - self.started_at > datetime.timedelta(seconds=budget)

    @property
    def stalled(self) -> bool:
        return self.is_stalled()


class ScanPage(models.Model):
    """One page of a scanned letter: a preview image and the text read from it.

    The preview is a reduced copy for reading on screen (a PDF page rendered, a photo turned
    upright), encrypted like the original: it shows the writer's hand. `ocr_text` is what
    the engine read; `text` is what a person corrected it to (the same until then).
    """

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="pages")
    attachment = models.ForeignKey(
        PetitionAttachment, on_delete=models.CASCADE, related_name="scan_pages"
    )
    order = models.PositiveSmallIntegerField(_("page"))
    number_in_file = models.PositiveSmallIntegerField(_("page in the file"), default=1)
    preview = models.FileField(upload_to="petitions/previews/%Y/", max_length=200, blank=True)
    preview_width = models.PositiveIntegerField(default=0)
    preview_height = models.PositiveIntegerField(default=0)
    ocr_text = EncryptedTextField(_("text as read"), blank=True)
    text = EncryptedTextField(_("text"), blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    skew_degrees = models.FloatField(_("skew corrected (degrees)"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "order"]
        verbose_name = _("scanned page")
        verbose_name_plural = _("scanned pages")
        constraints = [
            models.UniqueConstraint(fields=["batch", "order"], name="scanpage_order_unique"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0) & Q(confidence__lte=100)),
                name="scanpage_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Page %(n)s of %(batch)s") % {"n": self.order, "batch": self.batch_id}

    @property
    def is_read(self) -> bool:
        return self.confidence is not None

    @property
    def is_low_confidence(self) -> bool:
        """Read, but so unsure (or empty) that a person must check it against the image."""
        return self.is_read and (
            (self.confidence or 0.0) < LOW_CONFIDENCE or not self.ocr_text.strip()
        )

    @property
    def confidence_percent(self) -> int:
        return round(self.confidence or 0.0)


class ScanBatchEvent(AppendOnlyModel):
    """One step of a scan batch's job (queued, running, done, failed, corrected, used)."""

    batch = models.ForeignKey(ScanBatch, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("scan job event")
        verbose_name_plural = _("scan job events")

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.from_status} → {self.to_status}"


# --------------------------------------------------------------------------- processing
# Issue #5 (decision 0016): what the office does with a classified petition and the legal
# clocks that run meanwhile. Statuses change only in workflow.py; deadlines.py computes
# dates from DeadlineRule rows (data with validity, never constants in code).


class DeadlineStep(models.TextChoices):
    """A step with a legal or office time limit (domain.md §1.7)."""

    OFFICE_PROCESSING = "office_processing", _("Office decides what to do with it")
    DENUNCIATION_INITIAL = "denunciation_initial", _("Initial processing of a denunciation")
    DENUNCIATION_FORWARD = "denunciation_forward", _("Forwarding a denunciation")
    REPLY_IN_PERSON = "reply_in_person", _("Answer to a citizen received in person")
    AGENCY_ACCEPTANCE = "agency_acceptance", _("Agency accepts the complaint")
    AGENCY_ANSWER = "agency_answer", _("Agency answers the forwarded case")
    INFORM_CITIZEN = "inform_citizen", _("Citizen informed of the result")


UNIT_CHOICES = [
    ("working", _("working days")),
    ("calendar", _("calendar days")),
]


class DeadlineRule(models.Model):
    """How long a step may take, counted how, on what legal basis, in force when.

    `legs` chains periods: a forwarded complaint is accepted within 10 days, resolved
    within 30, and the result notified within 7 working days (Luật KN Art 27–28, Luật TCD
    Art 27(2)), so its answer is due at the end of all three. The rule in force on the
    day the clock starts applies (a complaint forwarded on 30/6/2026 keeps the old rule).
    """

    # Stable name of the rule line, so that a new version of the law is a new row with
    # the same code and a later valid_from.
    code = models.SlugField(_("code"), max_length=60)
    step = models.CharField(_("step"), max_length=30, choices=DeadlineStep.choices)
    # Petition kinds the rule is for; empty means every kind.
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    # Channels of receipt the rule is for; empty means every channel.
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # [[count, "working" | "calendar"], ...]
    legs = models.JSONField(_("periods"))
    legal_basis = models.CharField(_("legal basis"), max_length=400)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["step", "-valid_from", "id"]
        verbose_name = _("processing time limit")
        verbose_name_plural = _("processing time limits")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="deadlinerule_unique"),
            models.CheckConstraint(
                condition=Q(step__in=DeadlineStep.values), name="deadlinerule_step_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="deadlinerule_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.describe()} ({self.legal_basis})"

    def describe(self) -> str:
        units = dict(UNIT_CHOICES)
        return " + ".join(f"{count} {units.get(unit, unit)}" for count, unit in self.legs)

    def applies(self, *, on: datetime.date, kind: str, channel: str) -> bool:
        return (
            (self.valid_from is None or self.valid_from <= on)
            and (self.valid_to is None or on <= self.valid_to)
            and (not self.kinds or kind in self.kinds)
            and (not self.channels or channel in self.channels)
        )


class Forwarding(models.Model):
    """The petition sent to a competent agency (chuyển đơn), and what came of it."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="forwardings")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="forwardings", verbose_name=_("agency")
    )
    forwarded_on = models.DateField(_("forwarded on"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The phiếu chuyển that carried it, drafted with the forwarding (correspondence app).
    letter = models.ForeignKey(
        "correspondence.OutgoingLetter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarding letter"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    urge_count = models.PositiveSmallIntegerField(_("times urged"), default=0)
    last_urged_on = models.DateField(_("last urged on"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["forwarded_on", "id"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        indexes = [models.Index(fields=["agency", "answered_on"])]

    def __str__(self) -> str:
        return f"{self.petition} → {self.agency}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class Urging(models.Model):
    """An overdue agency urged to answer (đôn đốc), by letter or otherwise."""

    forwarding = models.ForeignKey(Forwarding, on_delete=models.PROTECT, related_name="urgings")
    urged_on = models.DateField(_("urged on"))
    urged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("urged by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    letter = models.ForeignKey(
        "correspondence.OutgoingLetter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("urging letter"),
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["urged_on", "id"]
        verbose_name = _("urging")
        verbose_name_plural = _("urgings")

    def __str__(self) -> str:
        return f"{self.forwarding} ({self.urged_on:%d/%m/%Y})"


class AnswerKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Notice of acceptance")
    RESULT = "result", _("Result of the resolution")


class Evaluation(models.TextChoices):
    """Kết quả đánh giá văn bản trả lời (VTS-KN `KetQuaDanhGia`)."""

    CORRECT = "correct", _("Petition justified")
    INCORRECT = "incorrect", _("Petition unjustified (rejected)")
    PARTLY = "partly", _("Partly justified")


class AgencyAnswer(models.Model):
    """A written answer of the agency a petition was forwarded to."""

    Kind = AnswerKind

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="answers")
    forwarding = models.ForeignKey(
        Forwarding, on_delete=models.PROTECT, related_name="answers", verbose_name=_("forwarding")
    )
    kind = models.CharField(
        _("kind of answer"), max_length=20, choices=AnswerKind.choices, default=AnswerKind.RESULT
    )
    number = models.CharField(_("number and symbol"), max_length=100)
    issued_on = models.DateField(_("dated"))
    received_on = models.DateField(_("received on"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    file = models.FileField(_("file"), upload_to="answers/%Y/", max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    evaluation = models.CharField(
        _("evaluation"), max_length=20, choices=Evaluation.choices, blank=True
    )
    evaluation_note = models.CharField(_("evaluation (details)"), max_length=1000, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("agency answer")
        verbose_name_plural = _("agency answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AnswerKind.values), name="agencyanswer_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(evaluation__in=[*Evaluation.values, ""]),
                name="agencyanswer_evaluation_valid",
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=F("issued_on")),
                name="agencyanswer_received_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.forwarding.agency})"


class DeadlineOutcome(models.TextChoices):
    MET = "met", _("Done in time")
    LATE = "late", _("Done late")
    VOID = "void", _("No longer applies")


class Deadline(models.Model):
    """One legal clock of one petition: from when, due when, on what basis, how it ended.

    `due_on` moves only while the clock is paused (the citizen supplementing the letter):
    resuming adds the days paused, counted in the rule's unit.
    """

    Step = DeadlineStep
    Outcome = DeadlineOutcome

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadlines")
    forwarding = models.ForeignKey(
        Forwarding, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    step = models.CharField(_("step"), max_length=30, choices=DeadlineStep.choices)
    rule = models.ForeignKey(
        DeadlineRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule")
    )
    starts_on = models.DateField(_("counted from"))
    due_on = models.DateField(_("due on"))
    basis = models.CharField(_("legal basis"), max_length=400)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=DeadlineOutcome.choices, blank=True
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["outcome", "due_on"]),
            # The running clocks (a few thousand among millions): the work lists walk them.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(outcome="", paused_since__isnull=True),
                name="deadline_running",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=DeadlineStep.values), name="deadline_step_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[*DeadlineOutcome.values, ""]),
                name="deadline_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", done_on__isnull=True)
                | (~Q(outcome="") & Q(done_on__isnull=False)),
                name="deadline_done_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("starts_on")), name="deadline_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.get_step_display()} {self.due_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class ReminderDigest(models.Model):
    """One daily digest of deadlines sent to one person: never twice the same day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    overdue = models.PositiveIntegerField(_("overdue"), default=0)
    due_soon = models.PositiveIntegerField(_("due soon"), default=0)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = _("deadline digest")
        verbose_name_plural = _("deadline digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminderdigest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%d/%m/%Y}"
