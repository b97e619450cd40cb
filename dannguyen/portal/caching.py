"""HTTP caching of the public pages.

An anonymous visitor's page is the same for everyone, so browsers and proxies may keep it
for a few minutes (Cache-Control: public) and ask again with If-None-Match (an ETag of the
body, as ConditionalGetMiddleware computes it: 304 without the body when nothing changed).
A signed-in person's page may differ (the staff's session), so it is private and never
stored by a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

# Long enough to spare the server a burst of visitors, short enough that a schedule
# change or a newly published answer shows within minutes.
MAX_AGE = 300

View = Callable[..., HttpResponse]


def public_page(max_age: int = MAX_AGE) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD") or response.status_code != 200:
                return response
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
                return response
            patch_cache_control(response, public=True, max_age=max_age)
            if not response.streaming and not response.has_header("ETag"):
                set_response_etag(response)
            conditional = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
            return conditional if conditional is not None else response

        return wrapper

    return decorator
