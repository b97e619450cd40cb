"""Forms of the supervision pages. Field errors are said in the user's language; files are
judged by their bytes (the petition app's `sniff` and `verify_content`), never their name."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role, User
from dannguyen.core.models import Agency
from dannguyen.lib.formfields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ModelForm,
)
from dannguyen.petitions.forms import sniff, verify_content

from . import deadlines, queries
from .models import (
    AgencyReport,
    PlanStatus,
    RecommendationStatus,
    ReportRequest,
    SupervisedAgency,
    SupervisionPlan,
    WorkingSession,
)

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
# Reports and evidence: what an agency sends or a camera takes.
ALLOWED_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT = 20_000
EARLIEST = datetime.date(2000, 1, 1)
_CODE = re.compile(r"\d{4}/\d{1,6}")


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE_ATTRS))


def _text(label: Any, *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _check_range(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= datetime.date(2100, 12, 31):
        raise forms.ValidationError(_("This date is out of range."), code="date_range")


def clean_upload(upload: UploadedFile | None) -> tuple[UploadedFile | None, str]:
    """UPLOAD and its content type by its bytes: PDF, DOCX, JPEG or PNG, within the size
    limit, and readable; anything else is a field error."""
    if not upload:
        return None, ""
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(n)s MB.") % {"n": MAX_FILE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    content_type = sniff(upload)
    if content_type not in ALLOWED_TYPES:
        raise forms.ValidationError(
            _("Only PDF, Word (.docx), JPEG or PNG files are accepted."), code="file_type"
        )
    verify_content(upload, content_type)
    return upload, content_type


def _staff_choices() -> Any:
    codes = [c for c in Role.Code.values if c != Role.Code.SYSTEM_ADMIN]
    return (
        User.objects.filter(is_active=True, roles__code__in=codes)
        .distinct()
        .order_by("full_name", "username")
    )


# ------------------------------------------------------------------------- plans


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PlanStatus.choices]
    )
    agency = BoundedModelChoiceField(
        label=_("Agency"), required=False, queryset=Agency.objects.order_by("name")
    )
    q = forms.CharField(label=_("Title or number"), required=False, max_length=200)


class PlanForm(ModelForm):
    """Drafting (and correcting) a plan: what, when, who, which agencies and petitions."""

    agency_list = BoundedModelMultipleChoiceField(
        label=_("Agencies supervised"),
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    petition_codes = forms.CharField(
        label=_("Petitions supervised (codes)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026/0012, 2026/0031"}),
        help_text=_("Codes from the petition register, separated by commas or new lines."),
    )

    class Meta(ModelForm.Meta):
        model = SupervisionPlan
        fields = [
            "number",
            "title",
            "issuing_body",
            "legal_basis",
            "scope",
            "period_from",
            "period_to",
            "starts_on",
            "ends_on",
            "head",
            "members",
            "guest_members",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 5}),
            "period_from": forms.DateInput(attrs=DATE_ATTRS),
            "period_to": forms.DateInput(attrs=DATE_ATTRS),
            "starts_on": forms.DateInput(attrs=DATE_ATTRS),
            "ends_on": forms.DateInput(attrs=DATE_ATTRS),
            "members": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["head"].queryset = _staff_choices()  # type: ignore[attr-defined]
        fields["members"].queryset = _staff_choices()  # type: ignore[attr-defined]
        fields["agency_list"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
        for name in ("legal_basis", "scope"):
            fields[name].max_length = MAX_TEXT  # type: ignore[attr-defined]
        plan = self.instance
        if plan.pk and not self.is_bound:
            self.initial["agency_list"] = [
                s.agency_id for s in SupervisedAgency.objects.filter(plan=plan)
            ]
            self.initial["petition_codes"] = ", ".join(
                plan.petitions.order_by("year", "number").values_list("code", flat=True)
            )
        if plan.pk:
            # An agency no longer active stays selectable on a plan that already names it.
            fields["agency_list"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
                Q(is_active=True) | Q(pk__in=plan.supervised_agencies.values("agency_id"))
            ).order_by("name")

    def clean_petition_codes(self) -> list[Any]:
        text = self.cleaned_data.get("petition_codes") or ""
        codes = [c.strip() for c in re.split(r"[\s,;]+", text) if c.strip()]
        if len(codes) > queries.MAX_PETITIONS:
            raise forms.ValidationError(
                _("At most %(n)s petitions in one plan.") % {"n": queries.MAX_PETITIONS},
                code="too_many",
            )
        bad = [c for c in codes if not _CODE.fullmatch(c)]
        if bad:
            raise forms.ValidationError(
                _("Not petition codes: %(codes)s (a code looks like 2026/0012).")
                % {"codes": ", ".join(bad[:5])[:200]},
                code="bad_code",
            )
        found, missing = queries.petitions_by_codes(list(dict.fromkeys(codes)))
        if missing:
            raise forms.ValidationError(
                _("No petition with the code %(codes)s.") % {"codes": ", ".join(missing[:5])},
                code="missing",
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("period_from", "period_to", "starts_on", "ends_on"):
            try:
                _check_range(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        pf, pt = data.get("period_from"), data.get("period_to")
        if pf and pt and pt < pf:
            self.add_error("period_to", _("The period ends before it starts."))
        so, eo = data.get("starts_on"), data.get("ends_on")
        if so and eo and eo < so:
            self.add_error("ends_on", _("The supervision ends before it starts."))
        return data

    def plan_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {n: data[n] for n in self.Meta.fields if n != "members"}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportIssueForm(NoteForm):
    report_number = forms.CharField(label=_("Number of the report"), max_length=60)
    reported_on = _date(_("Report dated"))

    def clean_reported_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["reported_on"]
        _check_range(value)
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return value


# ------------------------------------------------------------------------- fieldwork


class RequestForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = ReportRequest
        fields = ["sent_on", "reference", "due_on", "content"]
        widgets = {
            "sent_on": forms.DateInput(attrs=DATE_ATTRS),
            "due_on": forms.DateInput(attrs=DATE_ATTRS),
            "content": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"due_on": _("Left empty: ten working days after the letter is sent.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False
        self.fields["content"].max_length = MAX_TEXT  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sent, due = data.get("sent_on"), data.get("due_on")
        for name in ("sent_on", "due_on"):
            try:
                _check_range(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        if sent and due and due < sent:
            self.add_error("due_on", _("The report cannot be due before the letter is sent."))
        if sent and not due and not self.errors:
            data["due_on"] = deadlines.default_due_on(sent, queries.calendar_for([sent]))
        return data


class AgencyReportForm(ModelForm):
    upload = forms.FileField(label=_("File (PDF, Word or image)"), required=False)

    class Meta(ModelForm.Meta):
        model = AgencyReport
        fields = ["request", "number", "dated", "received_on", "signer", "summary"]
        widgets = {
            "dated": forms.DateInput(attrs=DATE_ATTRS),
            "received_on": forms.DateInput(attrs=DATE_ATTRS),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, supervised: SupervisedAgency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = ReportRequest.objects.filter(  # type: ignore[attr-defined]
            supervised=supervised
        )
        self.fields["summary"].max_length = MAX_TEXT  # type: ignore[attr-defined]
        self.content_type = ""

    def clean_upload(self) -> UploadedFile | None:
        upload, self.content_type = clean_upload(self.cleaned_data.get("upload"))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dated, received = data.get("dated"), data.get("received_on")
        for name in ("dated", "received_on"):
            try:
                _check_range(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        if dated and received and received < dated:
            self.add_error("received_on", _("A report cannot be received before its date."))
        if received and received > timezone.localdate():
            self.add_error("received_on", _("The date cannot be in the future."))
        return data

    def report_values(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in self.Meta.fields}


class WorkingSessionForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = WorkingSession
        fields = ["date", "place", "participants", "notes"]
        widgets = {
            "date": forms.DateInput(attrs=DATE_ATTRS),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("participants", "notes"):
            self.fields[name].max_length = MAX_TEXT  # type: ignore[attr-defined]

    def clean_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date"]
        _check_range(value)
        return value


# ------------------------------------------------------------------------- findings


class _PlanAgencyForm(forms.Form):
    def __init__(self, *args: Any, plan: SupervisionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk__in=plan.supervised_agencies.values("agency_id")
        ).order_by("name")


class FindingForm(_PlanAgencyForm):
    agency = BoundedModelChoiceField(
        label=_("About the agency"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("All agencies (general finding)"),
    )
    text = _text(_("Finding"), rows=6)


class RecommendationForm(_PlanAgencyForm):
    agency = BoundedModelChoiceField(label=_("Addressed to"), queryset=Agency.objects.none())
    text = _text(_("Recommendation"))
    due_on = _date(_("Due on"))

    def clean_due_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["due_on"]
        _check_range(value)
        return value


class FollowUpForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    note = _text(_("What was found"), rows=3)
    evidence = forms.FileField(label=_("Evidence (PDF, Word or image)"), required=False)

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            (t, RecommendationStatus(t).label) for t in targets
        ]
        self.content_type = ""

    def clean_evidence(self) -> UploadedFile | None:
        upload, self.content_type = clean_upload(self.cleaned_data.get("evidence"))
        return upload


class PetitionSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=20)
