"""The portal's petition pages: no login; the rate limit, the check question and the trap
field stand where other views check a role.

fetch → limit → validate → one workflow call → render. A refused submission writes nothing
but the spent check question and the count of attempts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import challenge, queries, throttle, workflow
from .forms import (
    DENUNCIATION_WARNING,
    MAX_REQUEST_BYTES,
    NOT_FOUND,
    REFUSED,
    LookupForm,
    SubmissionForm,
)
from .models import Scope


def _private(response: HttpResponse) -> HttpResponse:
    """A page with a tracking code or a petition's progress is kept by no cache."""
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "submissions/too_many.html", status=429)
    response["Retry-After"] = str(int(throttle.WINDOW.total_seconds()))
    return response


def _start_page(
    request: HttpRequest, form: SubmissionForm, *, status: int = 200, notice: str = ""
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "challenge": challenge.issue(),
        "warning": DENUNCIATION_WARNING,
        "notice": notice,
    }
    return _private(render(request, "submissions/start.html", context, status=status))


def _request_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _start_page(request, SubmissionForm())
    if _request_size(request) > MAX_REQUEST_BYTES:
        # Before any check of the form: nothing of it is opened, nothing counted. (The web
        # server should refuse such a body before Django spools it: see the notes.)
        notice = _("The files sent are too large: at most 5 files and 20 MB in all.")
        return _start_page(request, SubmissionForm(), status=413, notice=notice)
    if not throttle.allow(request, Scope.SUBMIT) or not throttle.has_room(request, Scope.ACCEPTED):
        return _too_many(request)
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            receipt = workflow.submit(
                kind=data["kind"],
                receiving_subject=data["receiving_subject"],
                person=form.person(),
                summary=data["summary"],
                content=data["content"],
                place_detail=data["place_detail"],
                previous_handling=data["previous_handling"],
                files=form.checked_files(),
            )
        except workflow.Refused:
            form.add_error(None, str(REFUSED))
        else:
            throttle.record(request, Scope.ACCEPTED)
            context = {
                "code": receipt.code,
                "petition": receipt.petition,
                "full_name": data["full_name"],
                "summary": data["summary"],
                "is_denunciation": receipt.petition.is_identity_protected,
                "warning": DENUNCIATION_WARNING,
            }
            return _private(render(request, "submissions/done.html", context, status=201))
    return _start_page(request, form, status=400)


# Exempt from CSRF so that a failed lookup is answered with the very same bytes whatever
# was wrong (a token in the page would differ on every answer). Nothing is changed for the
# person asking, no session is opened, and another site cannot read the answer.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "submissions/lookup.html", {"form": LookupForm()}))
    if not throttle.allow(request, Scope.LOOKUP):
        return _too_many(request)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "submissions/lookup.html", {"form": form}, status=400))
    found = workflow.find(code=form.cleaned_data["code"], contact=form.cleaned_data["contact"])
    if found is None:
        # The form comes back empty: nothing typed is repeated, so all misses look alike.
        context = {"form": LookupForm(), "not_found": True, "not_found_message": NOT_FOUND}
        return _private(render(request, "submissions/lookup.html", context))
    context = {"progress": queries.progress(found.petition)}
    return _private(render(request, "submissions/status.html", context))
