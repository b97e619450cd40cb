"""Research pages: fetch → permit → validate → one workflow call → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dannguyen.accounts.permissions import require
from dannguyen.petitions import queries as petition_queries

from . import permissions, queries, workflow
from .forms import (
    DoneForm,
    MilestoneForm,
    NoteForm,
    OutputForm,
    StatisticsScopeForm,
    TopicFilterForm,
    TopicForm,
)
from .models import Milestone, Output, Topic, TopicStatus

MOVES = {
    "approve": TopicStatus.APPROVED,
    "start": TopicStatus.IN_PROGRESS,
    "complete": TopicStatus.COMPLETED,
    "cancel": TopicStatus.CANCELLED,
}
MOVE_TITLES = {
    "approve": gettext_lazy("Approve the topic"),
    "start": gettext_lazy("Start the work"),
    "complete": gettext_lazy("Complete the topic"),
    "cancel": gettext_lazy("Cancel the topic"),
}


def _topic(pk: int) -> Topic:
    return get_object_or_404(queries.topic_detail(pk))


def _form_page(request: HttpRequest, topic: Topic, form: Any, title: str) -> HttpResponse:
    return render(request, "research/form.html", {"topic": topic, "form": form, "title": title})


@login_required
def topic_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_research(request.user))
    form = TopicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.topics(request.user, filters), 30).get_page(request.GET.get("page"))
    template = (
        "research/topic_list.html#results"
        if getattr(request, "htmx", False)
        else "research/topic_list.html"
    )
    return render(request, template, {"form": form, "page": page})


@login_required
def topic_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_topic(request.user))
    form = TopicForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        topic = workflow.create_topic(
            values=form.topic_values(),
            team=form.cleaned_data["team"],
            legal_documents=form.cleaned_data["legal_numbers"],
            by=request.user,
        )
        messages.success(request, _("Topic proposed."))
        return redirect(topic)
    return render(request, "research/topic_form.html", {"form": form, "topic": None})


@login_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(pk)
    require(permissions.can_edit_topic(request.user, topic))
    initial = {
        "title": topic.title,
        "kind": topic.kind,
        "owner_body": topic.owner_body,
        "owner": topic.owner_id,
        "team": [u.pk for u in topic.team.all()],
        "summary": topic.summary,
        "starts_on": topic.starts_on,
        "ends_on": topic.ends_on,
        "legal_numbers": "\n".join(d.number_raw for d in topic.legal_documents.all()),
    }
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_topic(
                topic,
                values=form.topic_values(),
                team=form.cleaned_data["team"],
                legal_documents=form.cleaned_data["legal_numbers"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Topic saved."))
            return redirect(topic)
    return render(request, "research/topic_form.html", {"form": form, "topic": topic})


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The topic. Its letters' statistics are counted only when asked (`?statistics=1`,
    which the page asks by HTMX once shown): a keyword is read in every letter. A POST
    saves what the topic is about in the register (fields, keywords)."""
    topic = _topic(pk)
    user = request.user
    require(permissions.can_view_topic(user, topic))
    may_edit = permissions.can_edit_topic(user, topic)
    scope_form = StatisticsScopeForm(request.POST or None, instance=topic) if may_edit else None
    if request.method == "POST":
        require(scope_form is not None)
        if scope_form.is_valid():  # type: ignore[union-attr]
            data = scope_form.cleaned_data  # type: ignore[union-attr]
            try:
                workflow.set_statistics_scope(
                    topic, fields=data["fields_of_work"], keywords=data["keywords"], by=user
                )
            except workflow.WorkflowError as error:
                scope_form.add_error(None, str(error))  # type: ignore[union-attr]
            else:
                messages.success(request, _("Topic saved."))
                return redirect(f"{topic.get_absolute_url()}?statistics=1#statistics")
    fields = list(topic.fields_of_work.all())
    counted = bool(fields or topic.keywords.strip())
    statistics = None
    if counted and request.GET.get("statistics") == "1":
        statistics = petition_queries.topic_statistics(fields=fields, keywords=topic.keywords)
    context = {
        "topic": topic,
        "today": timezone.localdate(),
        "moves": [m for m, to in MOVES.items() if permissions.can_move_topic(user, topic, to)],
        "may_edit": may_edit,
        "may_output": permissions.can_add_output(user, topic),
        "scope_form": scope_form,
        "counted": counted,
        "scope_fields": fields,
        "statistics": statistics,
    }
    if statistics is not None and getattr(request, "htmx", False):
        return render(request, "research/topic_detail.html#statistics", context)
    return render(request, "research/topic_detail.html", context)


@login_required
def topic_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in MOVES:
        raise Http404
    topic = _topic(pk)
    require(permissions.can_view_topic(request.user, topic))
    require(permissions.can_move_topic(request.user, topic, MOVES[move]))
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.move(topic, to=MOVES[move], by=request.user, note=form.cleaned_data["note"])
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, str(MOVE_TITLES[move]))
            return redirect(topic)
    return _form_page(request, topic, form, str(MOVE_TITLES[move]))


@login_required
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(pk)
    require(permissions.can_edit_topic(request.user, topic))
    form = MilestoneForm(request.POST or None, topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_milestone(
                topic,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Milestone added."))
            return redirect(topic)
    return _form_page(request, topic, form, _("Add a milestone"))


@login_required
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("topic"), pk=pk)
    topic = milestone.topic
    require(permissions.can_edit_topic(request.user, topic))
    form = DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.mark_done(milestone, done_on=form.cleaned_data["done_on"], by=request.user)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Milestone done."))
            return redirect(topic)
    return _form_page(request, topic, form, _("Done: %(title)s") % {"title": milestone.title})


@login_required
def output_create(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _topic(pk)
    require(permissions.can_add_output(request.user, topic))
    form = OutputForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.add_output(
                topic,
                values=form.cleaned_data,
                upload=form.cleaned_data.get("upload"),
                content_type=form.content_type,
                by=request.user,
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Output recorded."))
            return redirect(topic)
    return _form_page(request, topic, form, _("Record an output"))


@login_required
def output_file(request: HttpRequest, pk: int) -> HttpResponse:
    output = get_object_or_404(Output.objects.select_related("topic"), pk=pk)
    require(permissions.can_view_topic(request.user, output.topic))
    if not output.file:
        raise Http404
    with output.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=output.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{output.file.name.rsplit("/", 1)[-1]}"'
    )
    return response
