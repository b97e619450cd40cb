"""The public portal's pages: no login, nothing but public information.

Every page is readable by anyone, so there is no permission to check beyond what is
public: the queries pick public rows and public fields only (portal/queries.py), and a
document kept off the portal answers 404 like one that does not exist.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.deputies import queries as deputy_queries
from dannguyen.legal import search
from dannguyen.news import queries as news_queries

from . import exports, queries
from .caching import public_page
from .forms import AnswerFilterForm, LegalSearchForm, ScheduleForm
from .navigation import url_or_empty

# How far ahead the home page and the list view look.
UPCOMING_DAYS = 60
# The newest articles on the home page.
HOME_NEWS = 4
# The iCalendar file: what is coming, and the recent past a calendar program keeps.
ICS_PAST_DAYS = 31
ICS_FUTURE_DAYS = 183


def _section(key: str, title: str, template: str, **context: Any) -> dict[str, Any]:
    return {"key": key, "title": title, "template": template, **context}


def home_sections(today: datetime.date) -> list[dict[str, Any]]:
    """The home page's boxes, in order; a box with nothing to show is left out."""
    sections = []
    coming = queries.schedule(today, today + datetime.timedelta(days=UPCOMING_DAYS), today=today)
    if coming:
        sections.append(
            _section("schedule", _("Coming up"), "portal/sections/schedule.html", items=coming[:8])
        )
    answers = queries.voter_answers(today=today)
    if answers:
        sections.append(
            _section(
                "answers",
                _("Answers to voters"),
                "portal/sections/answers.html",
                sessions=queries.answer_sessions(answers)[:3],
            )
        )
    articles = news_queries.latest_published(HOME_NEWS)
    if articles:
        sections.append(_section("news", _("News"), "portal/sections/news.html", articles=articles))
    deputies = deputy_queries.public_deputies(today).count()
    if deputies:
        sections.append(
            _section(
                "deputies", _("Your deputies"), "portal/sections/deputies.html", count=deputies
            )
        )
    return sections


def petition_links() -> list[dict[str, str]]:
    """Sending and tracking a petition online, once the submissions app serves them."""
    links = [
        {
            "url": url_or_empty("submissions:start"),
            "label": _("Send a petition"),
            "text": _("Send a complaint, denunciation, recommendation or feedback online."),
        },
        {
            "url": url_or_empty("submissions:lookup"),
            "label": _("Track a petition"),
            "text": _("See where your petition stands with the code you were given."),
        },
    ]
    return [link for link in links if link["url"]]


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "sections": home_sections(today),
        "petition_links": petition_links(),
        "search_form": LegalSearchForm(),
        "today": today,
    }
    return render(request, "portal/home.html", context)


@public_page()
def schedules(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ScheduleForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    kinds = form.kinds()
    context: dict[str, Any] = {"form": form, "today": today, "kind": data.get("kind", "")}
    if data.get("view") == "list":
        end = today + datetime.timedelta(days=UPCOMING_DAYS)
        items = queries.schedule(today, end, today=today, kinds=kinds)
        context.update({"mode": "list", "items": items, "end": end})
    else:
        first = data.get("month") or today.replace(day=1)
        context.update({"mode": "month", "month": queries.month(first, today=today, kinds=kinds)})
    return render(request, "portal/schedules.html", context)


@public_page()
def schedules_ics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = queries.schedule(
        today - datetime.timedelta(days=ICS_PAST_DAYS),
        today + datetime.timedelta(days=ICS_FUTURE_DAYS),
        today=today,
    )
    page = request.build_absolute_uri(reverse("portal:schedules"))
    body = exports.calendar_ics(items, name=_("Public schedule"), base_url=page)
    response = HttpResponse(body, content_type=exports.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="lich-cong-khai.ics"'
    return response


@public_page()
def legal_search(request: HttpRequest) -> HttpResponse:
    form = LegalSearchForm(request.GET)
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "today": today, "page": None, "q": ""}
    if not form.is_valid():
        return render(request, "portal/legal_search.html", context)
    data = form.cleaned_data
    q = data["q"].strip()
    filters = search.Filters.from_values(data)
    context["q"] = q
    if q:
        target = queries.public_document_by_number(q)
        if target is not None:
            return redirect("portal:legal_document", pk=target.pk)
        results = queries.find_legal(q, filters, today=today)
        page = Paginator(results.scored, 20).get_page(request.GET.get("page"))
        page.object_list = search.hits_for(list(page.object_list), q)  # type: ignore[assignment]
        context.update(
            {
                "page": page,
                "mode": "hits",
                "suggestion": results.suggestion,
                "facets": search.facets(results.scored, today=today),
            }
        )
    else:
        documents = queries.browse_legal(filters, today=today)
        listed = Paginator(documents, 30).get_page(request.GET.get("page"))
        context.update({"page": listed, "mode": "documents"})
    return render(request, "portal/legal_search.html", context)


@public_page()
def legal_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        queries.public_documents().select_related("document_type", "area"), pk=pk
    )
    shown = queries.public_document(document, today=timezone.localdate())
    return render(request, "portal/legal_document.html", {"shown": shown, "document": document})


@public_page()
def voter_answers(request: HttpRequest) -> HttpResponse:
    form = AnswerFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    answers = queries.voter_answers(today=timezone.localdate())
    sessions = queries.answer_sessions(answers)
    communes = queries.answer_communes(answers)
    if data.get("session"):
        answers = [a for a in answers if a.session_id == data["session"]]
    if data.get("commune"):
        answers = [a for a in answers if data["commune"] in a.commune_ids]
    page = Paginator(answers, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sessions": sessions,
        "communes": communes,
        "session_id": data.get("session"),
        "commune_id": data.get("commune"),
        "form": form,
    }
    return render(request, "portal/voter_answers.html", context)
