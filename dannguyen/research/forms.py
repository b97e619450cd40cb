"""Research forms. Legal documents are named by their số ký hiệu (found with
legal.queries.find_by_number); outputs' files are judged by their bytes."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role, User
from dannguyen.core.models import FieldOfWork
from dannguyen.legal.models import LegalDocument
from dannguyen.legal.queries import find_by_number
from dannguyen.lib.formfields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from dannguyen.petitions.forms import sniff, verify_content

from .models import OutputKind, OwnerBody, Topic, TopicKind, TopicStatus

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
OUTPUT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LEGAL = 50


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE_ATTRS))


def _in_range(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("This date is out of range."), code="date_range")


def _staff() -> Any:
    codes = [c for c in Role.Code.values if c != Role.Code.SYSTEM_ADMIN]
    return (
        User.objects.filter(is_active=True, roles__code__in=codes)
        .distinct()
        .order_by("full_name", "username")
    )


class TopicFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *TopicStatus.choices]
    )
    q = forms.CharField(label=_("Title"), required=False, max_length=200)


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices)
    owner_body = forms.ChoiceField(label=_("For"), choices=OwnerBody.choices)
    owner = BoundedModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    team = BoundedModelMultipleChoiceField(
        label=_("Team"), required=False, queryset=User.objects.none()
    )
    summary = forms.CharField(
        label=_("Aims and content"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"))
    legal_numbers = forms.CharField(
        label=_("Legal documents studied (numbers)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "64/2025/QH15"}),
        help_text=_("Numbers and symbols, separated by commas or new lines."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()  # type: ignore[attr-defined]
        self.fields["team"].queryset = _staff()  # type: ignore[attr-defined]

    def clean_starts_on(self) -> datetime.date:
        value = self.cleaned_data["starts_on"]
        _in_range(value)
        return value

    def clean_ends_on(self) -> datetime.date:
        value = self.cleaned_data["ends_on"]
        _in_range(value)
        return value

    def clean_legal_numbers(self) -> list[LegalDocument]:
        parts = [p.strip() for p in re.split(r"[,;\n]", self.cleaned_data["legal_numbers"])]
        parts = [p for p in parts if p]
        if len(parts) > MAX_LEGAL:
            raise forms.ValidationError(_("At most %(n)s documents.") % {"n": MAX_LEGAL})
        found, missing = [], []
        for part in parts:
            document = find_by_number(part)
            if document is None:
                missing.append(part[:60])
            elif document not in found:
                found.append(document)
        if missing:
            raise forms.ValidationError(
                _("Not in the legal documents: %(list)s.") % {"list": ", ".join(missing)}
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The topic cannot end before it starts."))
        return data

    def topic_values(self) -> dict[str, Any]:
        names = ("title", "kind", "owner_body", "owner", "summary", "starts_on", "ends_on")
        return {name: self.cleaned_data[name] for name in names}


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = _date(_("Due on"))

    def __init__(self, *args: Any, topic: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean_due_on(self) -> datetime.date:
        value = self.cleaned_data["due_on"]
        if not self.topic.starts_on <= value <= self.topic.ends_on:
            raise forms.ValidationError(_("The milestone must fall within the topic's period."))
        return value


class DoneForm(forms.Form):
    done_on = _date(_("Done on"))

    def clean_done_on(self) -> datetime.date:
        value = self.cleaned_data["done_on"]
        _in_range(value)
        return value


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    dated = _date(_("Dated"))
    upload = forms.FileField(label=_("File (PDF or Word .docx)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content_type = ""

    def clean_dated(self) -> datetime.date:
        value = self.cleaned_data["dated"]
        _in_range(value)
        return value

    def clean_upload(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": MAX_FILE_BYTES // (1024 * 1024)}
            )
        content_type = sniff(upload)
        if content_type not in OUTPUT_TYPES:
            raise forms.ValidationError(_("Only PDF or Word (.docx) files are accepted."))
        verify_content(upload, content_type)
        self.content_type = content_type
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatisticsScopeForm(forms.ModelForm):
    """What the topic is about in the petition register: lĩnh vực and keywords whose
    letters the topic's page counts."""

    class Meta:
        model = Topic
        fields = ["fields_of_work", "keywords"]
        field_classes = {"fields_of_work": BoundedModelMultipleChoiceField}
        labels = {"fields_of_work": _("Fields (lĩnh vực)"), "keywords": _("Keywords")}
        widgets = {"fields_of_work": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_of_work"].queryset = FieldOfWork.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("code")
        self.fields["keywords"].strip = True  # type: ignore[attr-defined]
