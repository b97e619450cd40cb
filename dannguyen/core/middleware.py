"""Requests that no page can serve are refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNullBytesMiddleware:
    """A NUL character has no meaning in a form or a URL, and PostgreSQL refuses to store
    it (SQLite does not): answer 400 on both engines instead of letting it reach a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or self._has_null(request):
            return HttpResponseBadRequest(
                _("The request contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _has_null(request: HttpRequest) -> bool:
        sources = [request.GET]
        if request.method == "POST":
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return True
        return False
