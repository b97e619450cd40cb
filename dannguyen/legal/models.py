"""The legal documents database: documents, their provisions, relations and effect events.

Shaped after vbpl.vn's metadata (domain.md §4) and Indigo's idea that a document's state at
a date is derived from dated events, never stored only as a snapshot.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork


class IssuingLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    DISTRICT = "district", _("District (before 01/07/2025)")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special administrative-economic unit")


class DocumentType(models.Model):
    """A kind of document (loại văn bản) with the period in which the law knew it.

    Luật 64/2025 Art 4 as amended by Luật 87/2025 lists the normative kinds; cấp huyện kinds
    end on 30/06/2025. Non-normative kinds (công văn, văn bản hợp nhất…) are kept too.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    is_normative = models.BooleanField(_("normative"), default=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100, help_text=_("Lower is higher in the hierarchy of documents.")
    )
    level = models.CharField(
        _("issuing level"), max_length=20, choices=IssuingLevel.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self) -> str:
        return self.name


class EffectStatus(models.TextChoices):
    """Tình trạng hiệu lực (domain.md §4.4), computed for a date by legal/effect.py."""

    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    PARTIALLY_EXPIRED = "partially_expired", _("Partially expired")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    UNKNOWN = "unknown", _("Unknown")


class Source(models.TextChoices):
    OFFICIAL_DATABASE = "vbpl", _("National legal documents database")
    GAZETTE = "gazette", _("Official Gazette")
    PROVINCIAL_PORTAL = "provincial_portal", _("Provincial portal")
    FILE_IMPORT = "import", _("Imported file")
    MANUAL = "manual", _("Entered by hand")


class LegalDocumentQuerySet(AuditedQuerySet):
    def published(self) -> LegalDocumentQuerySet:
        return self.filter(is_published=True)


class LegalDocument(models.Model):
    # Identity: the number as written plus its parsed parts and a normalised key.
    number_raw = models.CharField(_("number and symbol"), max_length=120, blank=True)
    number_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=100, blank=True)
    title = models.TextField(_("title"))
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("document type"),
    )
    issuers = models.ManyToManyField(
        Agency, blank=True, related_name="legal_documents", verbose_name=_("issuing bodies")
    )
    level = models.CharField(
        _("issuing level"), max_length=20, choices=IssuingLevel.choices, blank=True
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # Empty when the date comes from the document itself; otherwise where it was found.
    issued_on_basis = models.CharField(_("issue date found in"), max_length=300, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    gazette_number = models.CharField(_("gazette number"), max_length=60, blank=True)
    gazette_published_on = models.DateField(_("published in the gazette on"), null=True, blank=True)
    fields = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="legal_documents", verbose_name=_("fields")
    )
    # For local documents: where they apply — the old province for documents issued before
    # the 2025 merger (Luật 64/2025 Art 54(2)(b)).
    area = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_documents",
        verbose_name=_("area of application"),
    )
    # The status a source declared, kept as a hint beside the derived status.
    declared_status = models.CharField(
        _("declared status"), max_length=20, choices=EffectStatus.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    source_reference = models.CharField(_("source reference"), max_length=500, blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    # "luat khieu nai 2011": how laws are cited by name and year (NĐ 78/2025 Art 68).
    name_key = models.CharField(max_length=300, blank=True, db_index=True)
    # Fingerprint of what an import read, so importing the same file again changes nothing.
    content_hash = models.CharField(max_length=64, blank=True)
    # Folded terms of the title, used by the search re-ranking for every article.
    title_terms = models.TextField(blank=True)
    is_published = models.BooleanField(_("published on the portal"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number_raw"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        indexes = [models.Index(fields=["issued_on"]), models.Index(fields=["year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[*IssuingLevel.values, ""]), name="legaldoc_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="legaldoc_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(effective_on__gte=models.F("issued_on")),
                name="legaldoc_effective_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gte=models.F("effective_on")),
                name="legaldoc_expiry_after_effect",
            ),
        ]

    def __str__(self) -> str:
        if self.number_raw:
            return f"{self.number_raw} — {self.title}"
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:detail", args=[self.pk])


class Attachment(models.Model):
    """An original file of a document (PDF, Word…), kept as received."""

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="legal/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["document", "sha256"], name="attachment_unique_file")
        ]

    def __str__(self) -> str:
        return self.original_name


class ProvisionKind(models.TextChoices):
    PART = "part", _("Part")
    CHAPTER = "chapter", _("Chapter")
    SECTION = "section", _("Section")
    SUBSECTION = "subsection", _("Subsection")
    ARTICLE = "article", _("Article")
    CLAUSE = "clause", _("Clause")
    POINT = "point", _("Point")


class Provision(models.Model):
    """A unit of the structure: Phần › Chương › Mục › Tiểu mục › Điều › Khoản › Điểm."""

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ProvisionKind.choices)
    number = models.CharField(_("number"), max_length=20)
    heading = models.TextField(_("heading"), blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"))
    anchor = models.CharField(max_length=80)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="provision_order_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=ProvisionKind.values), name="provision_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["document", "kind", "number"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    @property
    def body(self) -> str:
        """The text without its own "Điều N. Heading" line, which the page shows apart."""
        first, _, rest = self.text.partition("\n")
        label = {"article": "Điều", "chapter": "Chương", "part": "Phần", "section": "Mục"}
        word = label.get(self.kind)
        prefix = f"{word} {self.number}".lower()
        if not word or not first.strip().lower().startswith(prefix):
            return self.text
        # What is left of the first line after "Điều N." and the heading is body text
        # (articles without a heading start their first clause on that line).
        remainder = first.strip()[len(prefix) :].lstrip(".: ")
        if self.heading and remainder.startswith(self.heading):
            remainder = remainder[len(self.heading) :].strip()
        return "\n".join(part for part in (remainder, rest.strip()) if part)


class RelationKind(models.TextChoices):
    """The 13 relation kinds of vbpl.vn (domain.md §4.5), named from the acting document."""

    REPEALS = "repeals", _("Repeals")
    PROMULGATES = "promulgates", _("Promulgates")
    BASED_ON = "based_on", _("Is based on")
    REFERS_TO = "refers_to", _("Refers to")
    SUSPENDS_EXECUTION = "suspends_execution", _("Suspends the execution of")
    CORRECTS = "corrects", _("Corrects")
    CONSOLIDATES = "consolidates", _("Consolidates")
    GUIDES_APPLICATION = "guides_application", _("Guides the application of")
    DETAILS = "details", _("Details and guides")
    AMENDS = "amends", _("Amends and supplements")
    SUSPENDS_EFFECT = "suspends_effect", _("Suspends the effect of")
    REPLACES = "replaces", _("Replaces")
    INTERPRETS = "interprets", _("Interprets")


# What the target of each relation reads on its own page ("bị sửa đổi bởi…").
INVERSE_LABELS = {
    RelationKind.REPEALS: _("Repealed by"),
    RelationKind.PROMULGATES: _("Promulgated by"),
    RelationKind.BASED_ON: _("Basis for"),
    RelationKind.REFERS_TO: _("Referred to by"),
    RelationKind.SUSPENDS_EXECUTION: _("Execution suspended by"),
    RelationKind.CORRECTS: _("Corrected by"),
    RelationKind.CONSOLIDATES: _("Consolidated by"),
    RelationKind.GUIDES_APPLICATION: _("Application guided by"),
    RelationKind.DETAILS: _("Detailed and guided by"),
    RelationKind.AMENDS: _("Amended and supplemented by"),
    RelationKind.SUSPENDS_EFFECT: _("Effect suspended by"),
    RelationKind.REPLACES: _("Replaced by"),
    RelationKind.INTERPRETS: _("Interpreted by"),
}

# vbpl.vn's numeric codes, for import and export.
VBPL_CODES = {
    1: RelationKind.REPEALS,
    2: RelationKind.PROMULGATES,
    3: RelationKind.BASED_ON,
    4: RelationKind.REFERS_TO,
    5: RelationKind.SUSPENDS_EXECUTION,
    6: RelationKind.CORRECTS,
    7: RelationKind.CONSOLIDATES,
    8: RelationKind.GUIDES_APPLICATION,
    9: RelationKind.DETAILS,
    10: RelationKind.AMENDS,
    11: RelationKind.SUSPENDS_EFFECT,
    12: RelationKind.REPLACES,
    14: RelationKind.INTERPRETS,
}


class Relation(models.Model):
    """SOURCE acts on TARGET; stored one way, shown both ways.

    A target outside the database is kept by its number and name, and linked as soon as a
    document with that number is imported.
    """

    source = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="outgoing_relations"
    )
    kind = models.CharField(_("relation"), max_length=30, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incoming_relations",
    )
    target_reference = models.CharField(_("target as cited"), max_length=300, blank=True)
    target_key = models.CharField(max_length=200, blank=True, db_index=True)
    target_provision = models.ForeignKey(
        Provision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provision_label = models.CharField(_("provisions concerned"), max_length=300, blank=True)
    # Partial acts (a few articles amended or repealed) make the target "partially expired".
    is_partial = models.BooleanField(_("concerns only part of the target"), default=False)
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    # The target's date as the citing text gives it ("… số 41/2024/QH15 ngày 29 tháng 6
    # năm 2024"): fills the target's issue date when its own record lacks one.
    target_issued_on = models.DateField(_("target issued on (as cited)"), null=True, blank=True)
    is_detected = models.BooleanField(_("found automatically in the text"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="relation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(target_key=""),
                name="relation_has_target",
            ),
            models.UniqueConstraint(
                fields=["source", "kind", "target_key", "provision_label"],
                name="relation_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.get_kind_display()} → {self.target or self.target_reference}"

    @property
    def inverse_label(self) -> str:
        return str(INVERSE_LABELS[RelationKind(self.kind)])


class EffectEventKind(models.TextChoices):
    TAKES_EFFECT = "takes_effect", _("Takes effect")
    EXPIRES = "expires", _("Expires wholly")
    EXPIRES_PARTLY = "expires_partly", _("Expires in part")
    SUSPENDED = "suspended", _("Effect suspended")
    RESUMED = "resumed", _("Effect resumed")


class EffectEvent(models.Model):
    """A dated change of effect recorded by hand (e.g. from a decision not in the database).

    Events implied by the document's own dates and by relations from other documents are
    derived at read time (legal/effect.py), so they never go stale.
    """

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="effect_events"
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=20, choices=EffectEventKind.choices)
    provision_label = models.CharField(_("provisions concerned"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("effect event")
        verbose_name_plural = _("effect events")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EffectEventKind.values), name="effectevent_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One run of the importer (a command or an upload), with its progress and report."""

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source_name = models.CharField(_("source"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("files"), default=0)
    done = models.PositiveIntegerField(_("processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    # Uploaded files wait here until the background job has read them.
    upload_dir = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="importbatch_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.source_name}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class ImportItem(models.Model):
    """What happened to one file of a batch (the `--report` line, kept for the page)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    file_name = models.CharField(_("file"), max_length=500)
    outcome = models.CharField(_("outcome"), max_length=10)
    document = models.ForeignKey(
        LegalDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    errors = models.JSONField(_("errors"), default=list)

    class Meta:
        ordering = ["id"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    def __str__(self) -> str:
        return f"{self.file_name}: {self.outcome}"


class SearchEntry(models.Model):
    """One searchable unit: an article, or a whole document that has no articles.

    The terms are folded syllables and syllable pairs (legal/ranking.py), stored as text
    for re-ranking and indexed by the database's full-text engine for candidates: FTS5
    tables on SQLite, tsvector columns on PostgreSQL (migration 0002).
    """

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="search_entries"
    )
    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    heading_terms = models.TextField()
    body_terms = models.TextField()
    heading_length = models.PositiveIntegerField()
    body_length = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.document_id}/{self.provision_id}"


class SearchTerm(models.Model):
    """Document frequencies of a term, kept up to date at indexing time."""

    term = models.CharField(max_length=200, primary_key=True)
    df = models.PositiveIntegerField(default=0)
    heading_df = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term


class SearchTotals(models.Model):
    """The corpus totals BM25 needs (one row), kept up to date at indexing time."""

    entries = models.BigIntegerField(default=0)
    heading_length = models.BigIntegerField(default=0)
    body_length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("search totals")
        verbose_name_plural = _("search totals")

    def __str__(self) -> str:
        return f"{self.entries} entries"
