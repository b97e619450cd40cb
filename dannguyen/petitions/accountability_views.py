"""The agency accountability page (issue #5 item 7): table, chart, spreadsheet.

In a module of its own so the processing views can change without touching it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import XLSX_CONTENT_TYPE, Column, render_xlsx
from dannguyen.reports import periods
from dannguyen.reports.periods import Period, PeriodError

from . import accountability, permissions

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


class PeriodForm(forms.Form):
    """Forwardings made from … until … (a whole year unless told otherwise)."""

    date_from = forms.DateField(
        label=gettext_lazy("Forwarded from"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRS),
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )

    def period(self, today: datetime.date) -> Period:
        """The period asked for; the current year when none (or an impossible one) is."""
        if not self.is_valid() or not (self.cleaned_data.get("period")):
            return periods.whole_year(today.year)
        period: Period = self.cleaned_data["period"]
        return period

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: datetime.date | None = cleaned.get("date_from")
        end: datetime.date | None = cleaned.get("date_to")
        given = start or end
        if given is not None:
            # One end given: the rest of that year.
            year = given.year
            start = start or datetime.date(year, 1, 1)
            end = end or datetime.date(year, 12, 31)
            try:
                cleaned["period"] = periods.custom(start, end)
            except PeriodError as error:
                self.add_error("date_to", str(error))
        return cleaned


@login_required
def agency_accountability(request: HttpRequest) -> HttpResponse:
    """Per agency: forwarded, answered, on time, median days, overdue now, urged."""
    require(permissions.can_view_register(request.user))
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = form.period(today)
    start, end = period.start, period.end
    records = accountability.agency_records(request.user, start, end, today)
    if request.GET.get("format") == "xlsx":
        name, *figures = accountability.table_columns()
        content = render_xlsx(
            _("Agency accountability"),
            [Column(name, width=45), *figures],
            [accountability.table_row(r) for r in records],
            subtitle=_("Forwarded in: %(period)s") % {"period": period.label},
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="co-quan-tra-loi.xlsx"'
        return response
    bars, height = accountability.chart(records)
    context = {
        "form": form,
        "period": period.label,
        "today": today,
        "columns": accountability.table_columns(),
        "rows": [accountability.table_row(r) for r in records],
        "bars": bars,
        "chart_height": height,
        "chart_width": accountability.CHART_LABEL_WIDTH + accountability.CHART_BAR_WIDTH + 60,
        "label_width": accountability.CHART_LABEL_WIDTH,
        "repeated": accountability.repeatedly_forwarded(request.user, start, end),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "petitions/accountability.html", context)
