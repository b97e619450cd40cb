"""The report filter (period, receiving subject) and the layout upload."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import layouts, periods
from .periods import Period
from .queries import subject_choices

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
PERIOD_KINDS = [
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("half", _("6 months")),
    ("nine_months", _("9 months")),
    ("year", _("Year")),
    ("custom", _("Custom range")),
]


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, initial="quarter")
    year = forms.IntegerField(
        label=_("Year"), min_value=periods.MIN_YEAR, max_value=periods.MAX_YEAR, required=False
    )
    number = forms.IntegerField(
        label=_("Month, quarter or half (number)"), min_value=1, max_value=12, required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    subject = forms.ChoiceField(label=_("Addressed to"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subject_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        kind = cleaned.get("period") or "quarter"
        try:
            if kind == "custom":
                start, end = cleaned.get("date_from"), cleaned.get("date_to")
                if start is None or end is None:
                    raise forms.ValidationError(_("Give the first and the last day."))
                cleaned["range"] = periods.custom(start, end)
            else:
                cleaned["range"] = periods.of_kind(
                    kind, cleaned.get("year") or _today().year, cleaned.get("number")
                )
        except periods.PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


def _today() -> datetime.date:
    return timezone.localdate()


def default_period() -> Period:
    """The quarter that contains today."""
    today = _today()
    return periods.quarter(today.year, (today.month - 1) // 3 + 1)


def filter_from(data: Any) -> tuple[ReportFilterForm, Period, str]:
    """The bound form, the period asked for (the current quarter when none) and the subject."""
    form = ReportFilterForm(data or None)
    if data and form.is_valid():
        return form, form.cleaned_data["range"], form.cleaned_data.get("subject") or ""
    return form, default_period(), ""


class LayoutUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Layout file (JSON)"),
        help_text=_("A layout definition as described in decision 0019; at most 512 KB."),
    )

    def clean_file(self) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        if upload.size > layouts.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 512 KB)."))
        try:
            return layouts.parse_document(upload.read())
        except layouts.LayoutError as exc:
            raise forms.ValidationError(exc.errors) from None
