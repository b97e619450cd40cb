"""The portal's menu: only the public sections whose pages exist.

The portal shows data from several apps; a section appears once its app serves public
pages, never as an empty promise.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label) in menu order.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("news_public:index", _("News")),
    ("deputies_public:index", _("Deputies")),
    ("portal:schedules", _("Schedules")),
    ("portal:legal_search", _("Legal documents")),
    ("portal:voter_answers", _("Answers to voters")),
    ("submissions:start", _("Send a petition")),
    ("submissions:lookup", _("Track a petition")),
)


def url_or_empty(name: str) -> str:
    """The URL of a public section, or "" while its app serves no page under that name."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def portal_navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.path.startswith("/portal/"):
        return {}
    items = []
    for name, label in SECTIONS:
        url = url_or_empty(name)
        if not url:
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"portal_nav": items}
