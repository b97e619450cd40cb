"""The portal's query-string forms. Whatever a visitor types into the address bar, they
give cleaned values or fall back to the defaults: a public page never fails on its input."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dannguyen.legal.forms import SearchForm
from dannguyen.lib.formfields import MAX_ID

from .queries import ITEM_KINDS, ItemKind

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

KIND_CHOICES = [
    ("", _("Everything")),
    (ItemKind.RECEPTION, _("Citizen reception")),
    (ItemKind.MEETING, _("Voter meetings")),
    (ItemKind.EVENT, pgettext_lazy("portal calendar", "Events")),
]


class ScheduleForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("month", _("Month")), ("list", _("List of what is coming"))],
    )
    month = forms.CharField(label=_("Month"), required=False, max_length=7)
    kind = forms.ChoiceField(label=_("What"), required=False, choices=KIND_CHOICES)

    def clean_month(self) -> datetime.date | None:
        match = _MONTH.match(self.cleaned_data.get("month") or "")
        if match is None:
            return None
        year, number = int(match[1]), int(match[2])
        if not (1990 <= year <= 2100 and 1 <= number <= 12):
            return None
        return datetime.date(year, number, 1)

    def kinds(self) -> tuple[str, ...]:
        kind = self.cleaned_data.get("kind") if self.is_valid() else ""
        return (kind,) if kind else ITEM_KINDS


class LegalSearchForm(SearchForm):
    """The staff search form, with the filters a citizen uses: type, status, year."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("as_of", "level", "issuer", "field"):
            del self.fields[name]


class AnswerFilterForm(forms.Form):
    session = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    commune = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
