"""How django-axes names the account a failed login tried."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username as typed, cut to the username column's length (a login form accepts
    any length of text, the attempts log does not)."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value).replace("\x00", "")[:150]
