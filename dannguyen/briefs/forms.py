"""Forms of the briefs pages (and the API, which validates through them). Dates out of
order are field errors here; the workflow checks them again under its lock."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role, User
from dannguyen.core.models import AdministrativeUnit, FieldOfWork
from dannguyen.legal.models import LegalDocument, Provision
from dannguyen.lib.formfields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from dannguyen.voters.models import VoterPetition

from .models import BriefStatus, DeliveryMethod, RecipientKind
from .permissions import COMPILERS

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_TEXT = 50_000
DATE_ATTRS = {"type": "date"}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
    )


def _in_range(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("This date is out of range."), code="date_range")
    return value


def compilers() -> Any:
    return (
        User.objects.filter(is_active=True, roles__code__in=COMPILERS)
        .distinct()
        .order_by("full_name", "username")
    )


def deputies() -> Any:
    return (
        User.objects.filter(is_active=True, roles__code=Role.Code.DEPUTY)
        .distinct()
        .order_by("full_name", "username")
    )


class BriefFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *BriefStatus.choices]
    )
    recipient_kind = forms.ChoiceField(
        label=_("For"), required=False, choices=[("", _("Anyone")), *RecipientKind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Title or recipient"), required=False, max_length=200)


class RequestForm(forms.Form):
    """A request. For a deputy asking for themselves only the title, topic and due date
    count (the workflow names them as the recipient)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    topic = forms.CharField(
        label=_("Topic and questions"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recipient_kind = forms.ChoiceField(
        label=_("For"), choices=RecipientKind.choices, initial=RecipientKind.DEPUTY
    )
    deputy = BoundedModelChoiceField(
        label=_("Deputy"), required=False, queryset=User.objects.none()
    )
    recipient_name = forms.CharField(
        label=_("Recipient"),
        max_length=300,
        required=False,
        help_text=_("The deputy, or the body and who in it (e.g. Ban Pháp chế HĐND tỉnh)."),
    )
    requested_on = _date(_("Requested on"))
    due_on = _date(_("Due on"))
    owner = BoundedModelChoiceField(
        label=_("Officer in charge"), required=False, queryset=User.objects.none()
    )
    version = forms.IntegerField(
        required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput
    )

    FIELDS = (
        "title",
        "topic",
        "recipient_kind",
        "deputy",
        "recipient_name",
        "requested_on",
        "due_on",
        "owner",
    )

    def __init__(self, *args: Any, for_deputy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_deputy = for_deputy
        if for_deputy:
            for name in ("recipient_kind", "deputy", "recipient_name", "owner"):
                del self.fields[name]
        else:
            self.fields["deputy"].queryset = deputies()  # type: ignore[attr-defined]
            self.fields["owner"].queryset = compilers()  # type: ignore[attr-defined]
        if not self.is_bound and "requested_on" not in self.initial:
            self.initial["requested_on"] = timezone.localdate()

    def clean_requested_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("requested_on"))

    def clean_due_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("due_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        requested, due = data.get("requested_on"), data.get("due_on")
        if requested and due and due < requested:
            self.add_error("due_on", _("A brief cannot be due before it is requested."))
        if not self.for_deputy:
            kind = data.get("recipient_kind")
            name = str(data.get("recipient_name", "")).strip()
            if kind == RecipientKind.DEPUTY and not (data.get("deputy") or name):
                self.add_error("deputy", _("Name the deputy the brief is for."))
            elif kind and kind != RecipientKind.DEPUTY and not name:
                self.add_error("recipient_name", _("Name the body the brief is for."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS if name in self.fields}

    @classmethod
    def initial_of(cls, brief: Any) -> dict[str, Any]:
        return {name: getattr(brief, name) for name in cls.FIELDS} | {"version": brief.version}


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ReturnForm(VersionForm):
    note = forms.CharField(label=_("What is still to be done"), max_length=1000)


class DeliverForm(VersionForm):
    delivered_on = _date(_("Delivered on"))
    method = forms.ChoiceField(label=_("Delivered how"), choices=DeliveryMethod.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_delivered_on(self) -> datetime.date | None:
        value = _in_range(self.cleaned_data.get("delivered_on"))
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("A delivery cannot be dated in the future."))
        return value


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the legal documents"), max_length=500)


class AddDocumentForm(forms.Form):
    document = BoundedModelChoiceField(
        label=_("Document"), queryset=LegalDocument.objects.all(), widget=forms.HiddenInput
    )
    provision = BoundedModelChoiceField(
        label=_("Provision"),
        queryset=Provision.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        document, provision = data.get("document"), data.get("provision")
        if document and provision and provision.document_id != document.pk:
            self.add_error("provision", _("That provision is not part of the document."))
        return data


class AddPetitionsForm(forms.Form):
    petitions = BoundedModelMultipleChoiceField(
        label=_("Voters' petitions"), queryset=VoterPetition.objects.all()
    )


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300)
    text = forms.CharField(
        label=_("Notes"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class StatisticsFilterForm(forms.Form):
    fields_of_work = BoundedModelMultipleChoiceField(
        label=_("Fields (lĩnh vực)"),
        required=False,
        queryset=FieldOfWork.objects.filter(is_active=True).order_by("code"),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=500,
        required=False,
        help_text=_("Separated by commas; a letter with any of them counts (accents optional)."),
    )
    since = _date(_("Received from"), required=False)
    until = _date(_("Received until"), required=False)
    area = BoundedModelChoiceField(
        label=_("Area"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The office's province and its wards and communes: its letters arise there.
        province = str(settings.OFFICE_PROVINCE_CODE)
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            AdministrativeUnit.objects.filter(
                Q(code=province, parent__isnull=True) | Q(parent__code=province),
                valid_to__isnull=True,
            ).order_by("parent_id", "name")
        )

    def clean_since(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("since"))

    def clean_until(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The period cannot end before it starts."))
        chosen = data.get("fields_of_work") or str(data.get("keywords", "")).strip()
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one field or keyword."))
        return data

    @classmethod
    def initial_of(cls, brief: Any) -> dict[str, Any]:
        return {
            "fields_of_work": list(brief.statistics_fields.all()),
            "keywords": brief.statistics_keywords,
            "since": brief.statistics_since,
            "until": brief.statistics_until,
            "area": brief.statistics_area_id,
        }
