"""Forms of the events pages (and the API, which validates through them). Dates in the
wrong order are field errors here; the workflow checks them again under its lock."""

from __future__ import annotations

import datetime
import zipfile
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role, User
from dannguyen.accounts.permissions import OFFICE_STAFF
from dannguyen.core.models import Agency
from dannguyen.lib.formfields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from dannguyen.supervision.forms import clean_upload

from .models import DocumentKind, EventKind, EventStatus

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_TEXT = 20_000
PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The part a PowerPoint package declares in its [Content_Types].xml (ECMA-376 Part 1, 13.3.6).
PPTX_MAIN_PART = PPTX_CONTENT_TYPE.encode() + b".main+xml"
MAX_PPTX_BYTES = 50 * 1024 * 1024
# A zip that unpacks to far more than it weighs is a bomb, not slides.
MAX_UNPACKED_RATIO = 20


def _slides(upload: UploadedFile) -> bool:
    """Whether UPLOAD is a PowerPoint presentation by its content: a zip whose
    [Content_Types].xml declares a presentation and which holds ppt/presentation.xml.
    A Word file or anything else renamed .pptx is not."""
    upload.seek(0)
    try:
        if upload.read(4) != b"PK\x03\x04":
            return False
        upload.seek(0)
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
                return False
            declared = package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False
    finally:
        upload.seek(0)
    return PPTX_MAIN_PART in declared


def clean_document(upload: UploadedFile | None) -> tuple[UploadedFile | None, str]:
    """An event's document and its content type by its bytes: slides (.pptx), or what
    every other upload of the system accepts (PDF, Word .docx, JPEG, PNG)."""
    if upload and _slides(upload):
        if upload.size is not None and upload.size > MAX_PPTX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": MAX_PPTX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        with zipfile.ZipFile(upload) as package:
            unpacked = sum(i.file_size for i in package.infolist())
        upload.seek(0)
        if unpacked > MAX_UNPACKED_RATIO * max(upload.size or 0, 1) + MAX_PPTX_BYTES:
            raise forms.ValidationError(_("The file unpacks to too much data."), code="bomb")
        return upload, PPTX_CONTENT_TYPE
    try:
        return clean_upload(upload)
    except forms.ValidationError as error:
        if error.code == "file_type":
            raise forms.ValidationError(
                _("Only PDF, Word (.docx), PowerPoint (.pptx), JPEG or PNG files are accepted."),
                code="file_type",
            ) from error
        raise


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _in_range(value: datetime.datetime | datetime.date | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(_("This date is out of range."), code="date_range")


def staff_users() -> Any:
    return (
        User.objects.filter(is_active=True, roles__code__in=OFFICE_STAFF)
        .distinct()
        .order_by("full_name", "username")
    )


def deputies() -> Any:
    return (
        User.objects.filter(is_active=True, roles__code=Role.Code.DEPUTY)
        .distinct()
        .order_by("full_name", "username")
    )


class EventFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *EventStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *EventKind.choices]
    )
    q = forms.CharField(label=_("Title or place"), required=False, max_length=200)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    organiser = forms.CharField(label=_("Organiser"), max_length=300)
    co_organisers = forms.CharField(label=_("Co-organisers"), max_length=1000, required=False)
    starts_at = _moment(_("Starts at"))
    ends_at = _moment(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=500)
    budget_line = forms.CharField(label=_("Budget line"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = BoundedModelChoiceField(
        label=_("Officer in charge"), required=False, queryset=User.objects.none()
    )
    is_public = forms.BooleanField(
        label=_("Show on the public portal"), required=False, initial=False
    )
    # The version the user saw, on the edit page (the workflow's optimistic lock).
    version = forms.IntegerField(
        required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput
    )

    FIELDS = (
        "title",
        "kind",
        "organiser",
        "co_organisers",
        "starts_at",
        "ends_at",
        "place",
        "budget_line",
        "description",
        "owner",
        "is_public",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()  # type: ignore[attr-defined]

    def clean_starts_at(self) -> datetime.datetime:
        value = self.cleaned_data["starts_at"]
        _in_range(value)
        return value

    def clean_ends_at(self) -> datetime.datetime:
        value = self.cleaned_data["ends_at"]
        _in_range(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    @classmethod
    def initial_of(cls, event: Any) -> dict[str, Any]:
        return {name: getattr(event, name) for name in cls.FIELDS} | {"version": event.version}


class AgendaItemForm(forms.Form):
    starts_at = _moment(_("Starts at"))
    ends_at = _moment(_("Ends at"))
    title = forms.CharField(label=_("Session"), max_length=500)
    speakers = forms.CharField(label=_("Speakers"), max_length=1000, required=False)
    presided_by = forms.CharField(label=_("Presided by"), max_length=300, required=False)

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_at", _("An agenda item cannot end before it starts."))
            elif starts < self.event.starts_at or ends > self.event.ends_at:
                self.add_error(None, _("An agenda item must lie within the event's dates."))
        return data


class ParticipantsForm(forms.Form):
    deputies = BoundedModelMultipleChoiceField(
        label=_("Deputies"), required=False, queryset=User.objects.none()
    )
    agencies = BoundedModelMultipleChoiceField(
        label=_("Agencies"), required=False, queryset=Agency.objects.order_by("name")
    )
    guest_name = forms.CharField(label=_("Guest"), max_length=300, required=False)
    guest_position = forms.CharField(
        label=_("Guest's position and unit"), max_length=500, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("guest_position", "").strip() and not data.get("guest_name", "").strip():
            self.add_error("guest_name", _("Give the guest's name."))
        if not (data.get("deputies") or data.get("agencies") or data.get("guest_name", "").strip()):
            raise forms.ValidationError(_("Choose at least one participant."))
        return data

    def guests(self) -> list[tuple[str, str]]:
        name = self.cleaned_data.get("guest_name", "").strip()
        return [(name, self.cleaned_data.get("guest_position", ""))] if name else []


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("1", _("Attended")), ("0", _("Absent"))],
        coerce=lambda v: v == "1",
    )
    attendee_name = forms.CharField(label=_("Attended by"), max_length=300, required=False)


class ReplyForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Reply"),
        choices=[("1", _("Confirmed")), ("0", _("Declined"))],
        coerce=lambda v: v == "1",
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ReportForm(VersionForm):
    number = forms.CharField(label=_("Report number"), max_length=60, required=False)
    reported_on = forms.DateField(label=_("Reported on"))
    results = forms.CharField(
        label=_("Results"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_reported_on(self) -> datetime.date:
        value = self.cleaned_data["reported_on"]
        _in_range(value)
        if value < timezone.localtime(self.event.starts_at).date():
            raise forms.ValidationError(_("The report cannot be dated before the event."))
        return value


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    upload = forms.FileField(
        label=_("File"), help_text=_("PDF, Word (.docx), PowerPoint (.pptx), JPEG or PNG.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content_type = ""

    def clean_upload(self) -> UploadedFile | None:
        upload, self.content_type = clean_document(self.cleaned_data.get("upload"))
        return upload


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=1000)
    owner = BoundedModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"))

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, roles__isnull=False)
            .distinct()
            .order_by("full_name", "username")
        )

    def clean_due_on(self) -> datetime.date:
        value = self.cleaned_data["due_on"]
        _in_range(value)
        if value < timezone.localtime(self.event.starts_at).date():
            raise forms.ValidationError(_("A follow-up task cannot be due before the event."))
        return value
