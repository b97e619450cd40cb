"""Input for the petition register: Vietnamese validation, no side effects.

The registration form is also what the API and the import command validate with, so a
letter is held to the same rules whichever way it arrives.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from dannguyen.accounts.models import Role, User
from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, has_any_role
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.lib import ocr
from dannguyen.lib.formfields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ModelForm,
    safe_id,
)
from dannguyen.lib.vietnamese import normalize

from . import identity
from .identity import PersonInput
from .models import (
    FIELD_KIND_CODES,
    AgencyAnswer,
    AnswerKind,
    AttachmentKind,
    Channel,
    Competence,
    DeadlineStep,
    Eligibility,
    Evaluation,
    FilingReason,
    Forwarding,
    ForwardingSource,
    IneligibilityReason,
    Kind,
    Petition,
    Petitioner,
    ProcedureStage,
    ReceivingSubject,
    ScanBatch,
    Status,
)
from .permissions import SPECIALISTS
from .workflow import PartInput

# Nothing in the register is older than the Law on Complaints and Denunciations of 1991
# that the office's paper registers start from; anything earlier is a typing mistake.
EARLIEST_RECEIVED_ON = datetime.date(1990, 1, 1)
MAX_CONTENT = 20_000
MAX_SIGNERS = 100_000
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# All the files of one petition: a letter and its enclosures, not an archive.
MAX_PETITION_BYTES = 100 * 1024 * 1024
# Pages read in one upload: a long letter is read in a few minutes, not an hour.
MAX_SCAN_PAGES = 50
SCAN_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
MAX_NAMED_SIGNERS = 50

# CCCD: 3 digits of the province of birth (001–096, Thông tư 59/2021/TT-BCA), 1 of sex and
# century, 2 of the year of birth, 6 random. CMND: 9 digits. Passport: a letter and 7 digits.
_CCCD = re.compile(r"^(0\d\d)\d{9}$")
_CMND = re.compile(r"^\d{9}$")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
# Mobile numbers: 10 digits from 03, 05, 07, 08, 09; landlines: 11 digits from 02.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def clean_id_number(value: str) -> str:
    """A CCCD (12 digits), CMND (9 digits) or passport number, normalised; "" stays ""."""
    text = re.sub(r"[\s.\-]", "", normalize(value or "")).upper()
    if not text:
        return ""
    match = _CCCD.match(text)
    if match and 1 <= int(match.group(1)) <= 96:
        return text
    if _CMND.match(text) or _PASSPORT.match(text):
        return text
    raise forms.ValidationError(
        _(
            "Not an identity number: a citizen identity card has 12 digits, an old identity "
            "card 9 digits, a passport a letter and 7 digits."
        ),
        code="id_number",
    )


def clean_phone(value: str) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    if re.search(r"[^\d\s.+\-()]", text):
        raise forms.ValidationError(_("A phone number has only digits."), code="phone")
    digits = identity.normalize_phone(text)
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise forms.ValidationError(
        _(
            "Not a Vietnamese phone number: a mobile number has 10 digits and starts with 03, "
            "05, 07, 08 or 09; a landline has 11 digits and starts with 02."
        ),
        code="phone",
    )


def clean_received_on(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    if value > timezone.localdate():
        raise forms.ValidationError(_("The received date cannot be in the future."), code="future")
    if value < EARLIEST_RECEIVED_ON:
        raise forms.ValidationError(
            _("The received date cannot be before 01/01/1990."), code="too_old"
        )
    return value


# ------------------------------------------------------------------------- attachments

_DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff(upload: UploadedFile) -> str | None:
    """The content type of UPLOAD judged by its bytes (PDF, JPEG, PNG, DOCX), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return _DOCX_MIME
    return None


def _damaged(upload: UploadedFile) -> forms.ValidationError:
    return forms.ValidationError(
        _("%(name)s is damaged: it cannot be opened.") % {"name": (upload.name or "")[:100]},
        code="damaged",
    )


def verify_content(upload: UploadedFile, content_type: str) -> int:
    """Open UPLOAD as the kind its first bytes claim; returns its number of pages.

    Magic bytes can be copied onto anything: an image must decode (within the pixel limit
    the OCR accepts), a PDF must have readable pages and no password.
    """
    name = (upload.name or "")[:100]
    upload.seek(0)
    try:
        if content_type in ("image/jpeg", "image/png"):
            return _verify_image(upload, name)
        if content_type == "application/pdf":
            return _verify_pdf(upload, name)
        return 1
    finally:
        upload.seek(0)


def _verify_image(upload: UploadedFile, name: str) -> int:
    try:
        with Image.open(upload) as image:
            if image.width * image.height > ocr.MAX_PIXELS:
                raise forms.ValidationError(
                    _("%(name)s has too many pixels for a page.") % {"name": name},
                    code="too_many_pixels",
                )
            image.load()
    except forms.ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _damaged(upload) from exc
    return 1


def _verify_pdf(upload: UploadedFile, name: str) -> int:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise forms.ValidationError(
                _("%(name)s is protected by a password: send it without one.") % {"name": name},
                code="encrypted",
            )
        pages = len(reader.pages)
        # The first page's box is read to make pypdf parse a page, not only the trailer.
        if pages and not float(reader.pages[0].mediabox.width) > 0:
            pages = 0
    except forms.ValidationError:
        raise
    except Exception as exc:
        # pypdf reading a hostile or broken file may raise nearly anything (KeyError,
        # RecursionError, its own errors): all of them mean "cannot be opened".
        raise _damaged(upload) from exc
    if not pages:
        raise _damaged(upload)
    return pages


def _natural_key(upload: UploadedFile) -> list[Any]:
    """trang-2.jpg before trang-10.jpg: page order as scanners and phones name files."""
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", upload.name or "")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files, each checked by its content, not its name, kept in page order."""

    def __init__(self, *args: Any, scans_only: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.scans_only = scans_only
        if scans_only:
            self.widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"

    def clean(self, data: Any, initial: Any = None) -> list[tuple[UploadedFile, str]]:
        items = data if isinstance(data, list | tuple) else [data]
        items = [d for d in items if d]
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(items) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("At most %(n)s files at a time.") % {"n": MAX_ATTACHMENTS}, code="too_many"
            )
        checked = []
        pages = 0
        for upload in sorted(items, key=_natural_key):
            upload = super().clean(upload, initial)
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 20 MB.") % {"name": upload.name[:100]},
                    code="too_large",
                )
            content_type = sniff(upload)
            if content_type is None or (self.scans_only and content_type not in SCAN_TYPES):
                message = (
                    _("%(name)s is not a PDF, JPEG or PNG file.")
                    if self.scans_only
                    else _("%(name)s is not a PDF, JPEG, PNG or Word (.docx) file.")
                )
                raise forms.ValidationError(message % {"name": upload.name[:100]}, code="file_type")
            pages += verify_content(upload, content_type)
            checked.append((upload, content_type))
        if pages > MAX_SCAN_PAGES:
            raise forms.ValidationError(
                _("At most %(n)s pages at a time: upload a long letter in parts.")
                % {"n": MAX_SCAN_PAGES},
                code="too_many_pages",
            )
        return checked


def check_petition_total(
    files: Sequence[tuple[UploadedFile, str]], petition: Petition | None
) -> None:
    """The files of one petition stay under MAX_PETITION_BYTES, and none is sent twice."""
    existing = petition.attachments.all() if petition is not None and petition.pk else None
    have = dict(existing.values_list("sha256", "size")) if existing is not None else {}
    total = sum(have.values())
    for upload, _type in files:
        hasher = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            hasher.update(chunk)
        upload.seek(0)
        digest = hasher.hexdigest()
        if digest in have:
            raise forms.ValidationError(
                _("%(name)s is already attached to this petition.")
                % {"name": (upload.name or "")[:100]},
                code="already_attached",
            )
        have[digest] = upload.size or 0
        total += upload.size or 0
    if total > MAX_PETITION_BYTES:
        raise forms.ValidationError(
            _("The files of one petition cannot exceed 100 MB in all."), code="petition_too_large"
        )


# ------------------------------------------------------------------------- registration


def current_units() -> Any:
    return AdministrativeUnit.objects.filter(valid_to__isnull=True).select_related("parent")


def fields_of_work() -> Any:
    """Active lĩnh vực in tree order (codes nest: HC, HC-DD, HC-DD-BT)."""
    return (
        FieldOfWork.objects.filter(is_active=True).select_related("parent__parent").order_by("code")
    )


def _tree_label(field_of_work: FieldOfWork) -> str:
    depth, parent = 0, field_of_work.parent
    while parent is not None and depth < 3:
        depth, parent = depth + 1, parent.parent
    return "\u2003" * depth + field_of_work.name


class FieldChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _tree_label(obj)


class FieldMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _tree_label(obj)


class PetitionForm(ModelForm):
    """Registering (and correcting) a letter: one keyboard pass, top to bottom."""

    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=30,
        help_text=_("Citizen identity card (12 digits), old identity card (9) or passport."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("As written; addresses from before 01/07/2025 are converted."),
    )
    petitioner_ward = BoundedModelChoiceField(
        label=_("Ward or commune of the petitioner"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    existing_petitioner = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )
    other_signers = forms.CharField(
        label=_("Other signers"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: full name; identity number; address (the last two optional)."),
    )
    attachments = AttachmentsField(
        label=_("Scans and enclosed documents"),
        help_text=_(
            "PDF, JPEG, PNG or Word (.docx); at most 20 MB each. The text of a scanned "
            "letter is read in the background: the content may then be left empty."
        ),
    )
    attachment_kind = forms.ChoiceField(
        label=_("The files are"),
        choices=AttachmentKind.choices,
        initial=AttachmentKind.SCAN,
        required=False,
    )

    class Meta(ModelForm.Meta):
        model = Petition
        fields = [
            "received_on",
            "channel",
            "forwarding_source",
            "forwarded_by_agency",
            "forwarded_by_name",
            "forwarding_reference",
            "receiving_subject",
            "receiving_deputy",
            "is_anonymous",
            "is_pseudonymous",
            "signer_count",
            "summary",
            "content",
            "place",
            "place_detail",
            "kind",
            "main_field",
            "confidentiality",
            "urgency",
            "previously_handled_by",
            "previous_handling",
            "note",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 8}),
            "previous_handling": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "place": forms.HiddenInput,
        }

    IDENTITY_FIELDS = ("full_name", "id_number", "phone", "address", "petitioner_ward")

    def __init__(
        self, *args: Any, show_identity: bool = True, require_forwarder: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.show_identity = show_identity
        self.require_forwarder = require_forwarder
        if not show_identity:
            # The letter's own text names its author; it is kept as received.
            hidden = (*self.IDENTITY_FIELDS, "existing_petitioner", "other_signers")
            for name in (*hidden, "summary", "content"):
                del self.fields[name]
        else:
            self.fields["petitioner_ward"].queryset = current_units()  # type: ignore[attr-defined]
        fields = self.fields
        fields["received_on"].initial = timezone.localdate
        fields["received_on"].widget.attrs.update({"autofocus": True, "placeholder": "dd/mm/yyyy"})
        fields["place"].queryset = current_units()  # type: ignore[attr-defined]
        fields["forwarded_by_agency"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        fields["previously_handled_by"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        fields["main_field"] = FieldChoiceField(
            label=fields["main_field"].label, queryset=fields_of_work(), required=False
        )
        fields["receiving_deputy"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, roles__code=Role.Code.DEPUTY
        ).distinct()
        if "content" in fields:
            # Required unless the letter's scan is attached (see clean()).
            fields["content"].required = False
            fields["content"].validators.append(MaxLengthValidator(MAX_CONTENT))
            fields["content"].widget.attrs["maxlength"] = MAX_CONTENT
        fields["signer_count"].widget.attrs.update({"min": 1, "max": MAX_SIGNERS})
        fields["kind"].help_text = _("Leave empty if not yet clear; it is confirmed later.")

    def _unit(self, name: str) -> AdministrativeUnit | None:
        if name not in self.fields:
            return None
        value = self[name].value()
        if isinstance(value, AdministrativeUnit):
            return value
        return unit_from(str(value or ""))

    @property
    def place_unit(self) -> AdministrativeUnit | None:
        return self._unit("place")

    @property
    def petitioner_ward_unit(self) -> AdministrativeUnit | None:
        return self._unit("petitioner_ward")

    def clean_received_on(self) -> datetime.date | None:
        received = clean_received_on(self.cleaned_data.get("received_on"))
        if received and self.instance.pk and received.year != self.instance.year:
            # The register number belongs to the year of receipt it was given in.
            raise forms.ValidationError(
                _("The year cannot change: this petition is number %(code)s.")
                % {"code": self.instance.code},
                code="year",
            )
        return received

    def clean_signer_count(self) -> int:
        count: int | None = self.cleaned_data.get("signer_count")
        if count is None:
            return 1
        if not 1 <= count <= MAX_SIGNERS:
            raise forms.ValidationError(
                _("Between 1 and %(n)s signers.") % {"n": MAX_SIGNERS}, code="signer_count"
            )
        return count

    def clean_content(self) -> str:
        # Empty is allowed only with the letter's scan, whose text can become the content
        # (checked in clean(), once the files are known).
        return normalize(self.cleaned_data.get("content", "")).strip()

    def clean_attachments(self) -> list[tuple[UploadedFile, str]]:
        files: list[tuple[UploadedFile, str]] = self.cleaned_data.get("attachments") or []
        check_petition_total(files, self.instance if self.instance.pk else None)
        return files

    def _has_readable_scans(self, cleaned: dict[str, Any]) -> bool:
        kind = cleaned.get("attachment_kind") or AttachmentKind.SCAN
        if kind == AttachmentKind.SCAN and any(
            content_type in SCAN_TYPES for _upload, content_type in cleaned.get("attachments") or []
        ):
            return True
        return (
            bool(self.instance.pk)
            and self.instance.attachments.filter(
                kind=AttachmentKind.SCAN, content_type__in=SCAN_TYPES
            ).exists()
        )

    def clean_full_name(self) -> str:
        return identity.normalize_name(self.cleaned_data.get("full_name", ""))

    def clean_id_number(self) -> str:
        return clean_id_number(self.cleaned_data.get("id_number", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_address(self) -> str:
        return " ".join(normalize(self.cleaned_data.get("address", "")).split())

    def clean_existing_petitioner(self) -> Petitioner | None:
        pk = self.cleaned_data.get("existing_petitioner")
        if not pk:
            return None
        found = Petitioner.objects.filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(_("That person is no longer in the register."))
        return found

    def clean_other_signers(self) -> list[PersonInput]:
        people = []
        text = self.cleaned_data.get("other_signers", "")
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_NAMED_SIGNERS:
            raise forms.ValidationError(
                _("At most %(n)s named signers; count the others in the number of signers.")
                % {"n": MAX_NAMED_SIGNERS}
            )
        for number, line in enumerate(lines, start=1):
            parts = [p.strip() for p in re.split(r"[;|\t]", line)] + ["", ""]
            name = identity.normalize_name(parts[0])
            if not name:
                raise forms.ValidationError(
                    _("Line %(n)s: the full name comes first.") % {"n": number}
                )
            try:
                id_number = clean_id_number(parts[1])
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: %(error)s") % {"n": number, "error": exc.messages[0]}
                ) from exc
            people.append(
                PersonInput(full_name=name, id_number=id_number, address=" ".join(parts[2].split()))
            )
        return people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        channel = cleaned.get("channel")
        if channel == Channel.FORWARDED:
            if not cleaned.get("forwarding_source") and self.require_forwarder:
                self.add_error(
                    "forwarding_source", _("Say who forwarded the letter to the office.")
                )
            elif cleaned.get("forwarding_source") == ForwardingSource.AGENCY and not cleaned.get(
                "forwarded_by_agency"
            ):
                self.add_error("forwarded_by_agency", _("Choose the agency that forwarded it."))
        elif channel:
            cleaned["forwarding_source"] = ""
            cleaned["forwarded_by_agency"] = None
        if cleaned.get("receiving_subject") not in (
            ReceivingSubject.NA_DEPUTY,
            ReceivingSubject.COUNCIL_DEPUTY,
        ):
            cleaned["receiving_deputy"] = None
        if (
            "content" in self.fields
            and "content" not in self.errors
            and not cleaned.get("content")
            and not self._has_readable_scans(cleaned)
        ):
            self.add_error(
                "content", forms.ValidationError(_("This field is required."), code="required")
            )
        if self.show_identity:
            self._clean_people(cleaned)
        main_field, kind = cleaned.get("main_field"), cleaned.get("kind")
        if main_field is not None and kind and not field_suits_kind(main_field, kind):
            self.add_error("main_field", _("This field is not used for this kind of petition."))
        return cleaned

    def _clean_people(self, cleaned: dict[str, Any]) -> None:
        anonymous = cleaned.get("is_anonymous")
        named = cleaned.get("full_name") or cleaned.get("existing_petitioner")
        if anonymous and (cleaned.get("full_name") or cleaned.get("id_number")):
            self.add_error(
                "is_anonymous", _("An anonymous letter has no name: untick it or clear the name.")
            )
        if not anonymous and not named and not self.instance.pk:
            self.add_error(
                "full_name", _("The petitioner's name is required unless the letter is anonymous.")
            )
        others = cleaned.get("other_signers") or []
        count = cleaned.get("signer_count") or 1
        if "signer_count" not in self.errors and len(others) + (1 if named else 0) > count:
            self.add_error(
                "signer_count", _("Fewer signers than the names entered: correct the number.")
            )

    def main_person(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            full_name=data.get("full_name", ""),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
            ward=data.get("petitioner_ward"),
            existing=data.get("existing_petitioner"),
        )

    def people(self) -> list[PersonInput] | None:
        """The signers as entered, the main one first; None when identity was not shown."""
        if not self.show_identity:
            return None
        if self.cleaned_data.get("is_anonymous"):
            return []
        main = self.main_person()
        rest = list(self.cleaned_data.get("other_signers") or [])
        return [main, *rest] if not main.is_empty or main.existing else rest

    def petition_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MODEL_FIELDS if name in self.cleaned_data}


MODEL_FIELDS: tuple[str, ...] = tuple(PetitionForm.Meta.fields)


def field_suits_kind(field: FieldOfWork, kind: str) -> bool:
    kinds = field.petition_kinds or []
    return not kinds or FIELD_KIND_CODES.get(Kind(kind), kind) in kinds


# ------------------------------------------------------------------------- classification


class ClassifyForm(forms.Form):
    """Loại đơn, lĩnh vực, điều kiện, thẩm quyền, trình tự (domain.md §1.4)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    main_field = FieldChoiceField(label=_("Main field"), queryset=fields_of_work())
    other_fields = FieldMultipleChoiceField(
        label=_("Other fields"),
        queryset=fields_of_work(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    eligibility = forms.ChoiceField(label=_("Eligibility"), choices=Eligibility.choices)
    ineligibility_reasons = forms.MultipleChoiceField(
        label=_("Why not eligible"),
        choices=IneligibilityReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ineligibility_note = forms.CharField(
        label=_("Reason (details)"), required=False, max_length=500
    )
    competence = forms.ChoiceField(label=_("Competence"), choices=Competence.choices)
    competent_agency = BoundedModelChoiceField(
        label=_("Competent agency"), queryset=Agency.objects.filter(is_active=True), required=False
    )
    procedure_stage = forms.ChoiceField(label=_("Procedure stage"), choices=ProcedureStage.choices)
    note = forms.CharField(label=_("Note for the history"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        eligibility, reasons = cleaned.get("eligibility"), cleaned.get("ineligibility_reasons")
        if eligibility == Eligibility.INELIGIBLE and not reasons:
            self.add_error("ineligibility_reasons", _("Tick at least one reason."))
        if eligibility != Eligibility.INELIGIBLE:
            cleaned["ineligibility_reasons"] = []
            cleaned["ineligibility_note"] = ""
        if cleaned.get("competence") == Competence.OUTSIDE and not cleaned.get("competent_agency"):
            self.add_error("competent_agency", _("Choose the agency that is competent."))
        main, kind = cleaned.get("main_field"), cleaned.get("kind")
        if main is not None and kind and not field_suits_kind(main, kind):
            self.add_error("main_field", _("This field is not used for this kind of petition."))
        others = cleaned.get("other_fields")
        if main is not None and others is not None:
            cleaned["other_fields"] = [f for f in others if f.pk != main.pk]
        return cleaned

    @classmethod
    def initial_for(cls, petition: Petition) -> dict[str, Any]:
        return {
            "kind": petition.kind,
            "main_field": petition.main_field_id,
            "other_fields": [f.pk for f in petition.other_fields.all()],
            "eligibility": petition.eligibility,
            "ineligibility_reasons": petition.ineligibility_reasons,
            "ineligibility_note": petition.ineligibility_note,
            "competence": petition.competence,
            "competent_agency": petition.competent_agency_id,
            "procedure_stage": petition.procedure_stage,
        }


def specialists() -> Any:
    return (
        User.objects.filter(is_active=True, roles__code__in=list(SPECIALISTS))
        .distinct()
        .order_by("full_name")
    )


class AssignForm(forms.Form):
    assigned_to = BoundedModelChoiceField(label=_("Specialist"), queryset=User.objects.none())
    note = forms.CharField(label=_("Instructions"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = specialists()  # type: ignore[attr-defined]


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the identity?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name and the time (Luật Tố cáo, Article 56)."),
    )


class WaiverForm(forms.Form):
    note = forms.CharField(
        label=_("How the denouncer waived protection"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DuplicateForm(forms.Form):
    """A decision on one earlier petition: pick it from the candidates or type its code."""

    original = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )
    original_code = forms.CharField(
        label=_("Code of the earlier petition"), required=False, max_length=20
    )
    verdict = forms.ChoiceField(
        choices=[("duplicate", _("Duplicate")), ("not_duplicate", _("Not a duplicate"))]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        original = None
        if cleaned.get("original"):
            original = Petition.objects.filter(pk=cleaned["original"]).first()
        elif cleaned.get("original_code"):
            original = Petition.objects.filter(code=cleaned["original_code"].strip()).first()
        if original is None:
            raise forms.ValidationError(_("No petition with this code."), code="not_found")
        cleaned["original"] = original
        return cleaned


# ------------------------------------------------------------------------- scanned letters


class ScanUploadForm(forms.Form):
    """Scans of the letter added from the petition's page (one file or several pages)."""

    pages = AttachmentsField(
        label=_("Scanned pages"),
        required=True,
        scans_only=True,
        help_text=_("PDF, JPEG or PNG, one file or several pages at once; at most 20 MB each."),
    )

    def __init__(self, *args: Any, petition: Petition | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.petition = petition

    def clean_pages(self) -> list[tuple[UploadedFile, str]]:
        files: list[tuple[UploadedFile, str]] = self.cleaned_data.get("pages") or []
        check_petition_total(files, self.petition)
        return files


class ScanTextForm(forms.Form):
    """The text of each page of a batch, as a person corrected it beside the image."""

    ACTIONS = (("save", _("Save the corrections")), ("use", _("Use this text as the content")))

    action = forms.ChoiceField(choices=ACTIONS, initial="save")

    def __init__(self, *args: Any, batch: ScanBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.pages = list(batch.pages.all())
        for page in self.pages:
            self.fields[self.name_of(page.pk)] = forms.CharField(
                label=_("Text of page %(n)s") % {"n": page.order},
                required=False,
                max_length=MAX_CONTENT,
                strip=False,
                initial=page.text,
                widget=forms.Textarea(attrs={"rows": 18, "maxlength": MAX_CONTENT}),
            )

    @staticmethod
    def name_of(page_id: int) -> str:
        return f"page_{page_id}"

    def texts(self) -> dict[int, str]:
        return {
            page.pk: normalize(self.cleaned_data[self.name_of(page.pk)]).strip()
            for page in self.pages
        }

    def combined(self) -> str:
        return "\n\n".join(t for t in self.texts().values() if t)


class UseScanTextForm(forms.Form):
    """The confirmation that the scan's text is the letter's content."""

    MODES = (
        ("replace", _("Replace the current content")),
        ("append", _("Add it below the current content")),
    )

    text = forms.CharField(
        label=_("Text of the scanned letter"),
        max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 14, "maxlength": MAX_CONTENT}),
    )
    mode = forms.ChoiceField(
        label=_("How"), choices=MODES, initial="replace", widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, petition: Petition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.petition = petition

    def clean_text(self) -> str:
        text = normalize(self.cleaned_data.get("text", "")).strip()
        if not text:
            raise forms.ValidationError(_("This field is required."), code="required")
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("text")
        too_long = text and len(self.petition.content) + len(text) + 2 > MAX_CONTENT
        if cleaned.get("mode") == "append" and too_long:
            self.add_error(
                "text",
                _("Together with the current content this is longer than %(n)s characters.")
                % {"n": MAX_CONTENT},
            )
        return cleaned

    @property
    def append(self) -> bool:
        return self.cleaned_data.get("mode") == "append"


# ------------------------------------------------------------------------- lists

SCOPES = [
    ("", _("All petitions")),
    ("mine", _("My petitions")),
    ("unassigned", _("Not yet assigned")),
]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    scope = forms.ChoiceField(label=_("Show"), required=False, choices=SCOPES)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    field = FieldChoiceField(label=_("Field"), required=False, queryset=fields_of_work())
    agency = BoundedModelChoiceField(
        label=_("Competent agency"), required=False, queryset=Agency.objects.filter(is_active=True)
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        required=False,
        choices=[("", _("Any")), *Eligibility.choices],
    )
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received until"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    assigned_to = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )


class LookupForm(forms.Form):
    full_name = forms.CharField(required=False, max_length=150)
    id_number = forms.CharField(required=False, max_length=30)
    address = forms.CharField(required=False, max_length=300)


def unit_from(value: str) -> AdministrativeUnit | None:
    pk = safe_id(value or "")
    return current_units().filter(pk=pk).first() if pk else None


# ------------------------------------------------------------------ processing actions
# One form per workflow action (issue #5). The pages and the API both validate with them,
# so a bad field gets the same Vietnamese message whichever way it came.


class ActionForm(forms.Form):
    """Common to every action: the version the page was drawn from, and a note."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_required = False

    def __init__(self, *args: Any, petition: Petition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.petition = petition
        if self.note_required:
            self.fields["note"].required = True
        if "on" in self.fields:
            self.fields["on"].initial = timezone.localdate

    def clean_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        if value is not None and value < self.petition.received_on:
            raise forms.ValidationError(
                _("The date cannot be before the petition was received."), code="too_early"
            )
        return value

    def values(self) -> dict[str, Any]:
        """What the workflow verb takes (besides the petition and who acts)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _on_field() -> forms.DateField:
    return forms.DateField(label=_("Date"), required=False)


def _letter_field(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=True)


class ForwardForm(ActionForm):
    agencies = BoundedModelMultipleChoiceField(
        label=_("Competent agencies"), queryset=Agency.objects.none()
    )
    on = _on_field()
    draft_letter = _letter_field(_("Draft the forwarding slip for approval"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        field.queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        if self.petition.competent_agency_id and not self.is_bound:
            field.initial = [self.petition.competent_agency_id]


class GuideForm(ActionForm):
    note_required = True
    on = _on_field()
    draft_letter = _letter_field(_("Draft the guidance slip for approval"))


class FileForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason for filing"), choices=FilingReason.choices)
    on = _on_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == FilingReason.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Say why the petition is filed."))
        return cleaned


class SupplementRequestForm(ActionForm):
    note_required = True
    on = _on_field()


class SupplementReceivedForm(ActionForm):
    on = _on_field()


def _forwarding_label(forwarding: Forwarding) -> str:
    return _("%(agency)s (forwarded %(day)s)") % {
        "agency": forwarding.agency.name,
        "day": forwarding.forwarded_on.strftime("%d/%m/%Y"),
    }


class _ForwardingChoiceForm(ActionForm):
    forwarding = BoundedModelChoiceField(label=_("Agency"), queryset=Forwarding.objects.none())
    open_only = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = Forwarding.objects.filter(petition=self.petition).select_related("agency")
        if self.open_only:
            rows = rows.filter(answered_on__isnull=True)
        field: Any = self.fields["forwarding"]
        field.queryset = rows
        field.label_from_instance = _forwarding_label
        if len(rows) == 1 and not self.is_bound:
            field.initial = rows[0].pk


class UrgeForm(_ForwardingChoiceForm):
    on = _on_field()
    draft_letter = _letter_field(_("Draft the urging letter for approval"))


MAX_ANSWER_BYTES = 20 * 1024 * 1024


class AnswerForm(_ForwardingChoiceForm):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=AnswerKind.choices)
    number = forms.CharField(label=_("Number and symbol"), max_length=100)
    issued_on = forms.DateField(label=_("Dated"))
    received_on = forms.DateField(label=_("Received on"))
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary of the answer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    upload = forms.FileField(label=_("File of the answer"), required=False)
    open_only = False

    def clean_upload(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size is None or upload.size > MAX_ANSWER_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than 20 MB.") % {"name": (upload.name or "")[:100]},
                code="too_large",
            )
        content_type = sniff(upload)
        if content_type is None:
            raise forms.ValidationError(
                _("%(name)s is not a PDF, JPEG, PNG or Word (.docx) file.")
                % {"name": (upload.name or "")[:100]},
                code="file_type",
            )
        verify_content(upload, content_type)
        self.upload_type = content_type
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        issued, received = cleaned.get("issued_on"), cleaned.get("received_on")
        today = timezone.localdate()
        for name in ("issued_on", "received_on"):
            value = cleaned.get(name)
            if value is not None and value > today:
                self.add_error(name, _("The date cannot be in the future."))
        if issued and received and received < issued:
            self.add_error("received_on", _("An answer is received after the date it bears."))
        forwarding = cleaned.get("forwarding")
        if forwarding is not None and issued and issued < forwarding.forwarded_on:
            self.add_error("issued_on", _("The answer cannot be dated before the forwarding."))
        return cleaned

    def values(self) -> dict[str, Any]:
        data = super().values()
        if "upload" in data:
            data["upload_type"] = self.upload_type
        return data


class EvaluateForm(ActionForm):
    answer = BoundedModelChoiceField(label=_("Answer"), queryset=AgencyAnswer.objects.none())
    result = forms.ChoiceField(label=_("Evaluation"), choices=Evaluation.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = AgencyAnswer.objects.filter(
            petition=self.petition, kind=AnswerKind.RESULT
        ).select_related("forwarding__agency")
        field: Any = self.fields["answer"]
        field.queryset = rows
        field.label_from_instance = lambda a: f"{a.number} — {a.forwarding.agency.name}"
        pending = [a for a in rows if not a.evaluation]
        if pending and not self.is_bound:
            field.initial = pending[0].pk


class InformForm(ActionForm):
    note_required = True
    on = _on_field()
    draft_letter = _letter_field(_("Draft the notice to the citizen for approval"))


class CloseForm(ActionForm):
    pass


class ReopenForm(ActionForm):
    note_required = True


class SplitForm(ActionForm):
    """Up to six matters; blank rows are ignored."""

    ROWS = 6

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [("", "—"), *[(k, lbl) for k, lbl in Kind.choices if k != Kind.MULTIPLE]]
        for n in range(1, self.ROWS + 1):
            self.fields[f"summary_{n}"] = forms.CharField(
                label=_("Matter %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("Kind"), choices=kinds, required=False
            )
            self.fields[f"field_{n}"] = FieldChoiceField(
                label=_("Field"), queryset=fields_of_work(), required=False
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"summary_{n}"], self[f"kind_{n}"], self[f"field_{n}"])
            for n in range(1, self.ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parts = []
        for n in range(1, self.ROWS + 1):
            summary, kind = cleaned.get(f"summary_{n}", ""), cleaned.get(f"kind_{n}", "")
            if summary and not kind:
                self.add_error(f"kind_{n}", _("Choose the kind of this matter."))
            elif kind and not summary:
                self.add_error(f"summary_{n}", _("Summarise this matter."))
            elif summary:
                parts.append((summary, kind, cleaned.get(f"field_{n}")))
        if len(parts) < 2 and not self.errors:
            raise forms.ValidationError(_("A split gives two parts or more."), code="too_few")
        self.parts = parts
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            "note": self.cleaned_data.get("note", ""),
            "version": self.cleaned_data.get("version"),
            "parts": [
                PartInput(summary=s, kind=k, main_field=f) for s, k, f in getattr(self, "parts", [])
            ],
        }


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "request_supplement": SupplementRequestForm,
    "receive_supplement": SupplementReceivedForm,
    "forward": ForwardForm,
    "guide": GuideForm,
    "file": FileForm,
    "urge": UrgeForm,
    "record_answer": AnswerForm,
    "evaluate": EvaluateForm,
    "inform_citizen": InformForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "split": SplitForm,
}


class WorkFilterForm(forms.Form):
    """The deadlines list: whose, which state, which step, which agency."""

    SCOPES = [("mine", _("Mine")), ("all", _("Everyone's"))]
    STATES = [
        ("", _("Overdue and due soon")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
        ("open", _("All running")),
    ]

    scope = forms.ChoiceField(label=_("Whose"), choices=SCOPES, required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    step = forms.ChoiceField(
        label=_("Step"), choices=[("", _("All steps")), *DeadlineStep.choices], required=False
    )
    agency = BoundedModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    assignee = BoundedModelChoiceField(
        label=_("Specialist"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["agency"].queryset = Agency.objects.filter(is_active=True)
        fields["assignee"].queryset = specialists()
        if not has_any_role(user, OFFICE_MANAGERS | LEADERS):
            # A specialist sees their own list; the whole office's is the managers'.
            del self.fields["scope"]
            del self.fields["assignee"]
