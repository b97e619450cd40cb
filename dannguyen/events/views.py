"""Events pages: fetch → permit → validate → one workflow call → render.

A refusal from the workflow (EventError) is shown as a form error or a message; nothing of
the refused action is saved, since each verb runs in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require
from dannguyen.lib.documents import DOCX_CONTENT_TYPE

from . import exports, permissions, queries, workflow
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DocumentForm,
    EventFilterForm,
    EventForm,
    ParticipantsForm,
    ReplyForm,
    ReportForm,
    TaskForm,
    VersionForm,
)
from .models import AgendaItem, Event, EventDocument, FollowUpTask, Participant

# How far back and ahead the calendar file reaches, as the reception calendar's.
ICS_PAST = datetime.timedelta(days=62)
ICS_AHEAD = datetime.timedelta(days=400)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _event(pk: int) -> Event:
    return get_object_or_404(queries.event_detail(pk))


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_page(
    request: HttpRequest, event: Event | None, form: Any, title: str, status: int = 200
) -> HttpResponse:
    return render(
        request, "events/form.html", {"event": event, "form": form, "title": title}, status=status
    )


def _attempt(form: Any, action: Callable[[], Any]) -> Any:
    """Runs ACTION; a workflow refusal becomes a form error (and None)."""
    try:
        return action()
    except workflow.EventError as error:
        form.add_error(None, str(error))
        return None


# ------------------------------------------------------------------------- events


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_events(request.user))
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.events(filters), 30).get_page(request.GET.get("page"))
    template = "events/event_list.html#results" if _htmx(request) else "events/event_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_event(request.user))
    form = EventForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        event = _attempt(form, lambda: workflow.create_event(values=form.values(), by=request.user))
        if event is not None:
            messages.success(request, _("Event created."))
            return redirect(event)
    return _form_page(request, None, form, _("New event"))


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_edit_event(request.user, event))
    form = EventForm(request.POST or None, initial=EventForm.initial_of(event))
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["version"]
        done = _attempt(
            form,
            lambda: workflow.edit_event(
                event,
                values=form.values(),
                version=event.version if seen is None else seen,
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("Event saved."))
            return redirect(event)
    return _form_page(request, event, form, _("Edit event"))


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_view_event(request.user, event))
    user = request.user
    context = {
        "event": event,
        "agenda_form": AgendaItemForm(event=event)
        if permissions.can_edit_event(user, event)
        else None,
        "participants_form": ParticipantsForm()
        if permissions.can_edit_event(user, event)
        else None,
        "document_form": DocumentForm() if permissions.can_add_documents(user, event) else None,
        "task_form": TaskForm(event=event) if permissions.can_add_tasks(user, event) else None,
        "report_form": ReportForm(
            event=event, initial={"version": event.version, "reported_on": timezone.localdate()}
        )
        if permissions.can_report_event(user, event)
        else None,
        "cancel_form": CancelForm(initial={"version": event.version})
        if permissions.can_cancel_event(user, event)
        else None,
        "can_reply": permissions.can_record_replies(user, event),
        "can_attend": permissions.can_record_attendance(user, event),
        "can_export": permissions.can_export_event(user, event),
        "can_draft_letter": permissions.can_draft_invitation_letter(user, event),
        "participants": list(event.participants.all()),
    }
    return render(request, "events/event_detail.html", context)


def _refuse(request: HttpRequest, error: workflow.EventError) -> None:
    messages.error(request, str(error))


@login_required
@require_POST
def event_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    event = _event(pk)
    user = request.user
    if move == "invite":
        require(permissions.can_send_invitations(user, event))
    elif move == "letter":
        require(permissions.can_draft_invitation_letter(user, event))
    elif move == "held":
        require(permissions.can_mark_held(user, event))
    elif move == "cancel":
        require(permissions.can_cancel_event(user, event))
    elif move == "report":
        require(permissions.can_report_event(user, event))
    else:
        raise Http404
    form: Any
    if move == "cancel":
        form = CancelForm(request.POST)
    elif move == "report":
        form = ReportForm(request.POST, event=event)
    else:
        form = VersionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(event)
    version = form.cleaned_data["version"]
    try:
        if move == "invite":
            count = workflow.send_invitations(
                event, version=version, by=user, on=timezone.localdate()
            )
            messages.success(request, _("%(n)s invitations sent.") % {"n": count})
        elif move == "letter":
            workflow.draft_invitation_letter(event, version=version, by=user)
            messages.success(
                request,
                _(
                    "Invitation letter drafted: it is numbered in the outgoing register once "
                    "approved and issued."
                ),
            )
        elif move == "held":
            workflow.mark_held(event, version=version, by=user)
            messages.success(request, _("Event marked as held."))
        elif move == "cancel":
            workflow.cancel(event, version=version, by=user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Event cancelled."))
        else:
            workflow.report(
                event,
                version=version,
                by=user,
                results=form.cleaned_data["results"],
                proposals=form.cleaned_data["proposals"],
                number=form.cleaned_data["number"],
                reported_on=form.cleaned_data["reported_on"],
            )
            messages.success(request, _("Closing report recorded."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(event)


# ------------------------------------------------------------------------- agenda


@login_required
def agenda_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_edit_event(request.user, event))
    form = AgendaItemForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        item = _attempt(
            form, lambda: workflow.add_agenda_item(event, values=values, by=request.user)
        )
        if item is not None:
            messages.success(request, _("Agenda item added."))
            return redirect(event)
    return _form_page(request, event, form, _("Add an agenda item"))


@login_required
@require_POST
def agenda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("event"), pk=pk)
    require(permissions.can_edit_event(request.user, item.event))
    try:
        workflow.remove_agenda_item(item, by=request.user)
        messages.success(request, _("Agenda item removed."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(item.event)


# ------------------------------------------------------------------------- participants


@login_required
def participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_edit_event(request.user, event))
    form = ParticipantsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = _attempt(
            form,
            lambda: workflow.add_participants(
                event,
                deputies=form.cleaned_data["deputies"],
                agencies=form.cleaned_data["agencies"],
                guests=form.guests(),
                by=request.user,
            ),
        )
        if added is not None:
            messages.success(request, _("%(n)s participants added.") % {"n": len(added)})
            return redirect(event)
    return _form_page(request, event, form, _("Invite participants"))


def _participant(pk: int) -> Participant:
    return get_object_or_404(Participant.objects.select_related("event", "user", "agency"), pk=pk)


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(pk)
    require(permissions.can_edit_event(request.user, participant.event))
    try:
        workflow.remove_participant(participant, by=request.user)
        messages.success(request, _("Participant removed."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(participant.event)


@login_required
@require_POST
def participant_reply(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(pk)
    require(permissions.can_record_replies(request.user, participant.event))
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reply."))
        return redirect(participant.event)
    try:
        workflow.record_reply(
            participant, confirmed=form.cleaned_data["confirmed"], by=request.user
        )
        messages.success(request, _("Reply recorded."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(participant.event)


@login_required
@require_POST
def participant_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(pk)
    require(permissions.can_record_attendance(request.user, participant.event))
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether they attended."))
        return redirect(participant.event)
    try:
        workflow.record_attendance(
            participant,
            attended=form.cleaned_data["attended"],
            attendee_name=form.cleaned_data["attendee_name"],
            by=request.user,
        )
        messages.success(request, _("Attendance recorded."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(participant.event)


@login_required
def invitation_docx(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(pk)
    event = _event(participant.event_id)
    require(permissions.can_export_event(request.user, event))
    content = exports.invitation_docx(event, participant)
    return _docx(content, f"giay-moi-{event.pk}-{participant.pk}.docx")


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_export_event(request.user, event))
    return _docx(exports.report_docx(event), f"bao-cao-ket-qua-{event.pk}.docx")


# ------------------------------------------------------------------------- documents, tasks


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_add_documents(request.user, event))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = _attempt(
            form,
            lambda: workflow.add_document(
                event,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
                content_type=form.content_type,
                by=request.user,
            ),
        )
        if document is not None:
            messages.success(request, _("Document added."))
            return redirect(event)
    return _form_page(request, event, form, _("Add a document"))


@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk)
    require(permissions.can_view_event(request.user, document.event))
    with document.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.file.name.rsplit("/", 1)[-1]}"'
    )
    return response


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    require(permissions.can_add_tasks(request.user, event))
    form = TaskForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        task = _attempt(
            form,
            lambda: workflow.add_task(
                event,
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            ),
        )
        if task is not None:
            messages.success(request, _("Follow-up task added."))
            return redirect(event)
    return _form_page(request, event, form, _("Add a follow-up task"))


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(FollowUpTask.objects.select_related("event"), pk=pk)
    require(permissions.can_complete_task(request.user, task))
    try:
        workflow.complete_task(task, on=timezone.localdate(), by=request.user)
        messages.success(request, _("Task marked as done."))
    except workflow.EventError as error:
        _refuse(request, error)
    return redirect(task.event)


# ------------------------------------------------------------------------- calendar


def _month_of(value: str, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(p) for p in value.split("-", 1))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError, OverflowError):
        return today.replace(day=1)
    if not 1990 <= first.year <= 2100:
        return today.replace(day=1)
    return first


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_events(request.user))
    today = timezone.localdate()
    first = _month_of(request.GET.get("month", ""), today)
    context = {"month": queries.month(first, today)}
    template = "events/calendar.html#calendar" if _htmx(request) else "events/calendar.html"
    return render(request, template, context)


@login_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_events(request.user))
    today = timezone.localdate()
    found = queries.between(today - ICS_PAST, today + ICS_AHEAD)
    name = _("Conferences and training — %(office)s") % {"office": settings.OFFICE_PARENT_NAME}
    content = exports.calendar_ics(
        found, name=name, base_url=f"{request.scheme}://{request.get_host()}"
    )
    response = HttpResponse(content, content_type=exports.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="lich-hoi-nghi.ics"'
    return response
