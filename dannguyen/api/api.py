"""The JSON API, /api/v1/. It calls the same queries and domain functions as the views.

Errors always have the shape {"code", "message" (Vietnamese), "fields"}; lists are paged
with ?page=&page_size= (at most 100) and answer {"items", "count"}.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from dannguyen.accounts.models import ApiToken
from dannguyen.briefs.api import router as briefs_router
from dannguyen.core import audit
from dannguyen.correspondence.api import router as letters_router
from dannguyen.deputies.api import router as deputies_router
from dannguyen.events.api import router as events_router
from dannguyen.news.api import router as news_router
from dannguyen.outreach.api import router as outreach_router
from dannguyen.portal.api import router as portal_router
from dannguyen.research.api import router as research_router
from dannguyen.submissions.api import router as submissions_router
from dannguyen.supervision.api import router as supervision_router

from .routers import legal, petitions, reception, reference, reports, users, voters


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(ApiToken.PREFIX) or len(token) > 200:
            return None
        found = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(digest=ApiToken.digest_of(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # Write at most once a minute per token, so busy clients do not write on every call.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        audit.set_actor(found.user, source=f"api:{found.hint}")
        return found.user


api = NinjaAPI(
    title="Dân Nguyện API",
    version="1",
    description=(
        "API của hệ thống Dân Nguyện. Xác thực bằng `Authorization: Bearer <token>`; "
        "token tạo bằng `dannguyen create_token USERNAME` hoặc trên trang hồ sơ."
    ),
    auth=BearerToken(),
    urls_namespace="api",
)


def error(
    request: HttpRequest, status: int, code: str, message: str, fields: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("A valid API token is required."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", _("You are not allowed to do this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("query", "body", "path")]
        fields.setdefault(".".join(loc) or "__all__", []).append(_validation_message(item))
    return error(request, 422, "invalid", _("The request contains invalid values."), fields)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(request, exc.status_code, "error", str(exc))


def _validation_message(item: dict[str, Any]) -> str:
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type"}:
        return _("Enter a whole number.")
    if kind == "less_than_equal":
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le")}
    if kind == "greater_than_equal":
        return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge")}
    if kind in {"string_too_long"}:
        return _("Too long: at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    return _("Invalid value.")


api.add_router("", users.router)
api.add_router("", reference.router)
api.add_router("", legal.router)
api.add_router("", petitions.router)
api.add_router("", reception.router)
api.add_router("", reports.router)
api.add_router("", letters_router)
api.add_router("", supervision_router)
api.add_router("", voters.router)
api.add_router("", events_router)
api.add_router("", outreach_router)
api.add_router("", research_router)
api.add_router("", deputies_router)
api.add_router("", news_router)
api.add_router("", briefs_router)
api.add_router("", portal_router)
api.add_router("", submissions_router)
