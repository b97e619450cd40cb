"""Report pages: the list of reports, one report (screen, Excel, Word), the layouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE

from . import exports, layouts, permissions, queries
from .forms import LayoutUploadForm, default_period, filter_from
from .models import ReportLayout


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reports(request.user))
    day = default_period().end
    return render(
        request, "reports/index.html", {"layouts": layouts.codes_in_force(day), "day": day}
    )


def _compute(request: HttpRequest, code: str) -> tuple[object, queries.Report | None]:
    form, period, subject = filter_from(request.GET)
    layout = layouts.in_force(code, period.end)
    if layout is None:
        if not ReportLayout.objects.filter(code=code).exists():
            raise Http404
        return form, None
    return form, queries.build(layout, period, subject=subject)


@login_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    require(permissions.can_view_reports(request.user))
    form, result = _compute(request, code)
    context = {
        "form": form,
        "code": code,
        "report": result,
        "grid": exports.grid(result) if result else None,
    }
    template = "reports/report.html#results" if _htmx(request) else "reports/report.html"
    return render(request, template, context)


def _file_name(code: str, kind: str) -> str:
    return f"bao-cao-{code.replace('/', '-').lower()}.{kind}"


@login_required
def report_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    require(permissions.can_export_reports(request.user))
    _form, result = _compute(request, code)
    if result is None:
        raise Http404
    response = HttpResponse(exports.report_xlsx(result), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(code, "xlsx")}"'
    return response


@login_required
def report_docx(request: HttpRequest, code: str) -> HttpResponse:
    require(permissions.can_export_reports(request.user))
    _form, result = _compute(request, code)
    if result is None:
        raise Http404
    user = request.user
    content = exports.report_docx(
        result, prepared_by=user.get_full_name() if isinstance(user, User) else ""
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(code, "docx")}"'
    return response


@login_required
def layout_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage_layouts(request.user))
    form = LayoutUploadForm()
    if request.method == "POST":
        form = LayoutUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = layouts.save_upload(form.cleaned_data["file"], by=request.user)
            except layouts.LayoutError as exc:
                for error in exc.errors:
                    form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of %(code)s saved.")
                    % {"version": saved.version, "code": saved.code},
                )
                return redirect("reports:layout_list")
    rows = ReportLayout.objects.select_related("uploaded_by").order_by("order", "code", "-version")
    return render(request, "reports/layouts.html", {"form": form, "layouts": rows})
