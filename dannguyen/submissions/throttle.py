"""How often one client may use the public forms: a sliding hour per kind of use.

The client is REMOTE_ADDR. Behind a reverse proxy that is the proxy for everyone, so the
proxy must pass the citizen's address in REMOTE_ADDR (e.g. nginx `real_ip`) rather than in
a header a client could forge; a commune's shared computer shares one allowance, which the
figures below leave room for.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone

from . import tracking
from .models import Attempt, Scope

WINDOW = datetime.timedelta(hours=1)
# Attempts at the form (a page sent back with a mistake counts), letters accepted, lookups.
LIMITS: dict[str, int] = {Scope.SUBMIT: 20, Scope.ACCEPTED: 5, Scope.LOOKUP: 20}


def client_of(request: HttpRequest) -> str:
    return tracking.keyed("client", request.META.get("REMOTE_ADDR", "") or "unknown")


def _recent(scope: str, client: str, now: datetime.datetime) -> int:
    return Attempt.objects.filter(scope=scope, client=client, at__gt=now - WINDOW).count()


def allow(request: HttpRequest, scope: str) -> bool:
    """Count one use of SCOPE by the client; False once the hour's allowance is spent.

    A refused use is not counted, so a client that keeps trying is let in again an hour
    after the uses that filled its allowance.
    """
    now = timezone.now()
    Attempt.objects.filter(at__lte=now - WINDOW).delete()
    client = client_of(request)
    if _recent(scope, client, now) >= LIMITS[scope]:
        return False
    Attempt.objects.create(scope=scope, client=client, at=now)
    return True


def has_room(request: HttpRequest, scope: str) -> bool:
    """Whether the client may still use SCOPE, without counting a use."""
    return _recent(scope, client_of(request), timezone.now()) < LIMITS[scope]


def record(request: HttpRequest, scope: str) -> None:
    Attempt.objects.create(scope=scope, client=client_of(request), at=timezone.now())
