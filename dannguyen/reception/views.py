from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dannguyen.accounts.models import User
from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE
from dannguyen.lib.workdays import WorkCalendar

from . import exports, permissions, queries, reminders, workflow
from .deadlines import written_refusal_due
from .forms import (
    CancelForm,
    CaseEntry,
    HoldForm,
    IdentityExportForm,
    RegisterFilterForm,
    RevealForm,
    SessionFilterForm,
    SessionForm,
)
from .models import HostReminder, LimitCode, ReceptionCase, ReceptionSession, SessionStatus

# How far back and ahead the calendar file reaches: enough for a subscription, small
# enough to stay quick.
ICS_PAST = datetime.timedelta(days=62)
ICS_AHEAD = datetime.timedelta(days=400)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _session(pk: int) -> ReceptionSession:
    return get_object_or_404(queries.session_detail(pk).select_related("created_by"))


def _case(pk: int) -> ReceptionCase:
    return get_object_or_404(queries.case_detail(pk))


def _today() -> datetime.date:
    return timezone.localdate()


# ------------------------------------------------------------------------- overview


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reception(request.user))
    today = _today()
    todays = list(
        ReceptionSession.objects.filter(date=today)
        .exclude(status=SessionStatus.CANCELLED)
        .for_list()
        .order_by("start_time", "pk")
    )
    context = {
        "today": today,
        "todays": todays,
        "upcoming": queries.upcoming(today),
        "last_reminder": reminders.last_run(),
    }
    return render(request, "reception/index.html", context)


def _month_of(value: str, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(p) for p in value.split("-", 1))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError, OverflowError):
        return today.replace(day=1)
    if not 1990 <= first.year <= 2100:
        return today.replace(day=1)
    return first


def _mine(request: HttpRequest) -> User | None:
    user = request.user
    return user if request.GET.get("mine") == "1" and isinstance(user, User) else None


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reception(request.user))
    today = _today()
    first = _month_of(request.GET.get("month", ""), today)
    mine = _mine(request)
    context = {"month": queries.month(first, today, host=mine), "mine": mine is not None}
    template = "reception/calendar.html#calendar" if _htmx(request) else "reception/calendar.html"
    return render(request, template, context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reception(request.user))
    today = _today()
    found = ReceptionSession.objects.filter(date__range=(today - ICS_PAST, today + ICS_AHEAD))
    mine = _mine(request)
    if mine is not None:
        found = found.filter(hosts=mine)
    found = found.prefetch_related(
        Prefetch("hosts", queryset=User.objects.order_by("full_name"))
    ).order_by("date", "start_time", "pk")
    name = _("Citizen reception — %(office)s") % {"office": settings.OFFICE_PARENT_NAME}
    content = exports.calendar_ics(found, name=name, base_url=_base_url(request))
    return _ics_response(content, "lich-tiep-cong-dan.ics")


# ------------------------------------------------------------------------- sessions


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_reception(request.user))
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.sessions(filters), 30).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = (
        "reception/session_list.html#results" if _htmx(request) else "reception/session_list.html"
    )
    return render(request, template, context)


def _notice_warning(request: HttpRequest, session: ReceptionSession) -> None:
    """Tell the planner when the hosts can no longer be notified in time (Art 21)."""
    if session.status != SessionStatus.PLANNED or not session.hosts.exists():
        return
    calendar = WorkCalendar.from_db(session.date - datetime.timedelta(days=60), session.date)
    dates = queries.notice_dates(session, calendar)
    if dates.notify_by is not None and dates.notify_by < _today():
        messages.warning(
            request,
            _(
                "The persons presiding should have been notified by %(date)s (%(basis)s); "
                "the reminder goes out at the next run, marked late."
            )
            % {"date": f"{dates.notify_by:%d/%m/%Y}", "basis": dates.notify_basis},
        )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_plan_session(request.user))
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = workflow.plan(
            values=form.session_values(),
            hosts=form.cleaned_data["hosts"],
            staff=form.cleaned_data["staff"],
            by=request.user,
        )
        messages.success(request, _("Session planned."))
        _notice_warning(request, session)
        return redirect(session)
    return render(request, "reception/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_edit_session(request.user, session))
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        changed = workflow.update(
            session,
            values=form.session_values(),
            hosts=form.cleaned_data["hosts"],
            staff=form.cleaned_data["staff"],
            by=request.user,
        )
        if changed:
            messages.success(request, _("Session saved."))
            _notice_warning(request, session)
        return redirect(session)
    return render(request, "reception/session_form.html", {"form": form, "session": session})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_session(request.user, session))
    user = request.user
    cases: list[tuple[ReceptionCase, list[Any], str]] = []
    may_view_cases = permissions.can_view_cases(user, session)
    if may_view_cases:
        for case in queries.cases_of(session):
            case.session = session
            shown = queries.shown_citizens(case, user)
            cases.append((case, shown, queries.shown_text(case, case.content)))
    calendar = WorkCalendar.from_db(session.date - datetime.timedelta(days=60), session.date)
    context = {
        "session": session,
        "events": list(session.events.select_related("actor")),
        "reminders": list(
            HostReminder.objects.filter(session=session)
            .select_related("host")
            .order_by("-session_date", "host__full_name")
        ),
        "dates": queries.notice_dates(session, calendar),
        "may_view_cases": may_view_cases,
        "cases": cases,
    }
    return render(request, "reception/session_detail.html", context)


@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_view_session(request.user, session))
    content = exports.calendar_ics([session], name=str(session), base_url=_base_url(request))
    return _ics_response(content, f"tiep-cong-dan-{session.date:%Y-%m-%d}.ics")


@login_required
def session_hold(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_hold_session(request.user, session))
    form = HoldForm(
        request.POST or None,
        session=session,
        initial={
            "staff": [u.pk for u in session.staff.all()],
            "recording_reference": session.recording_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        workflow.hold(
            session,
            by=request.user,
            staff=form.cleaned_data["staff"],
            recording_reference=form.cleaned_data["recording_reference"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The session is recorded as held."))
        return redirect(session)
    context = {"session": session, "form": form, "action": "hold"}
    return render(request, "reception/session_action.html", context)


@login_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_cancel_session(request.user, session))
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflow.cancel(session, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The session is cancelled."))
        return redirect(session)
    context = {"session": session, "form": form, "action": "cancel"}
    return render(request, "reception/session_action.html", context)


# ------------------------------------------------------------------------- cases


@login_required
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    require(permissions.can_record_case(request.user, session))
    entry = CaseEntry(request.POST or None, session=session)
    if request.method == "POST" and entry.is_valid():
        case = workflow.record_case(
            session, values=entry.values(), people=entry.people(), by=request.user
        )
        messages.success(request, _("Case %(code)s recorded.") % {"code": case.code})
        for petition in case.petitions.all():
            messages.info(
                request,
                _("The letter is registered as petition %(code)s.") % {"code": petition.code},
            )
        if "save_and_new" in request.POST:
            return redirect("reception:case_create", pk=session.pk)
        return redirect(case)
    context = {"entry": entry, "session": session, "case": None}
    return render(request, "reception/case_form.html", context)


def _people_initial(case: ReceptionCase) -> list[dict[str, str]]:
    return [
        {
            "full_name": c.full_name,
            "id_number": c.id_number,
            "phone": c.phone,
            "address": c.address,
        }
        for c in queries.citizens_of(case)
    ]


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    require(permissions.can_edit_case(request.user, case))
    # A protected identity is never put into a form: it would be shown without a reveal.
    show_identity = not case.is_identity_protected
    entry = CaseEntry(
        request.POST or None,
        session=case.session,
        instance=case,
        show_identity=show_identity,
        allow_waiver=not case.is_identity_protected
        or permissions.can_record_waiver(request.user, case),
        initial_people=_people_initial(case) if show_identity else None,
    )
    if request.method == "POST" and entry.is_valid():
        workflow.update_case(
            case, values=entry.values(), people=entry.people_or_none(), by=request.user
        )
        messages.success(request, _("Case %(code)s saved.") % {"code": case.code})
        return redirect(case)
    context = {"entry": entry, "session": case.session, "case": case}
    return render(request, "reception/case_form.html", context)


def _case_context(request: HttpRequest, case: ReceptionCase, *, revealed: bool) -> dict[str, Any]:
    user = request.user
    text = {
        name: queries.shown_text(case, getattr(case, name), revealed=revealed)
        for name in (
            "content",
            "citizen_request",
            "previous_handling",
            "outcome_detail",
            "instructions",
            "follow_up",
            "note",
        )
    }
    refusal_due = None
    if case.refusal_ground is not None and case.refusal_ground.written_notice:
        rule = queries.rule_for(LimitCode.REFUSAL_NOTICE, case.session.date)
        if rule is not None:
            calendar = WorkCalendar.from_db(case.session.date, case.session.date)
            refusal_due = (
                written_refusal_due(case.session.date, rule.count, rule.unit, calendar),
                rule.legal_basis,
            )
    return {
        "case": case,
        "session": case.session,
        "revealed": revealed,
        "people": queries.shown_citizens(case, user, revealed=revealed),
        "text": text,
        "petitions": list(case.petitions.all()),
        "earlier": queries.earlier_visits(case, user),
        "identity_log": (
            queries.identity_log(case) if permissions.can_view_identity_log(user, case) else None
        ),
        "refusal_due": refusal_due,
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    require(permissions.can_view_case(request.user, case))
    return render(
        request, "reception/case_detail.html", _case_context(request, case, revealed=False)
    )


@never_cache
@login_required
def case_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask why, log it, then show the case with the identity (this response only)."""
    case = _case(pk)
    require(permissions.can_reveal_identity(request.user, case))
    form = RevealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflow.reveal_identity(
            case,
            by=request.user,
            reason=form.cleaned_data["reason"],
            what=_("identity of the people who came and the full text"),
        )
        context = _case_context(request, case, revealed=True)
        return render(request, "reception/case_detail.html", context)
    return render(request, "reception/reveal.html", {"case": case, "form": form})


@login_required
@require_POST
def case_petition(request: HttpRequest, pk: int) -> HttpResponse:
    """Register (another) letter handed in at the session, prefilled from the case."""
    case = _case(pk)
    require(permissions.can_register_petition(request.user, case))
    petition = workflow.register_petition(case, by=request.user)
    messages.success(
        request, _("The letter is registered as petition %(code)s.") % {"code": petition.code}
    )
    return redirect(case)


# ------------------------------------------------------------------------- register


@login_required
def register(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_register(request.user))
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.register(filters), 50).get_page(request.GET.get("page"))
    rows = list(exports.register_rows(page, start=page.start_index() or 1))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "headers": exports.FORM_COLUMNS,
        "export_form": IdentityExportForm(),
    }
    template = "reception/register.html#results" if _htmx(request) else "reception/register.html"
    return render(request, template, context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    require(permissions.can_export_register(request.user))
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = list(queries.register(filters))
    reveal = False
    if request.method == "POST":
        require(permissions.can_export_identities(request.user))
        export_form = IdentityExportForm(request.POST)
        if not export_form.is_valid():
            messages.error(
                request,
                _("Give the reason for the printout with identities (10 characters or more)."),
            )
            return redirect(f"{reverse('reception:register')}?{request.GET.urlencode()}")
        workflow.reveal_identities(
            cases,
            by=request.user,
            reason=export_form.cleaned_data["reason"],
            what=_("the register with protected identities (%(kind)s)") % {"kind": kind},
        )
        reveal = True
    period = queries.period_label(filters.get("date_from"), filters.get("date_to"))
    if kind == "xlsx":
        content = exports.register_xlsx(cases, period=period, reveal=reveal)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    else:
        user = request.user
        content = exports.register_docx(
            cases,
            period=period,
            prepared_by=user.get_full_name() if isinstance(user, User) else "",
            reveal=reveal,
        )
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="so-tiep-cong-dan.{kind}"'
    return response


@never_cache
@login_required
def register_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@never_cache
@login_required
def register_docx(request: HttpRequest) -> HttpResponse:
    return _export(request, "docx")
