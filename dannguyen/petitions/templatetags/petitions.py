"""Small display helpers for the petition pages: `{% load petitions %}`."""

from __future__ import annotations

from django import template

register = template.Library()

_STATUS_CLASSES = {
    "received": "text-bg-secondary",
    "assigned": "text-bg-primary",
    "classified": "text-bg-success",
    "awaiting_supplement": "text-bg-warning",
    "forwarded": "text-bg-info",
    "answered": "text-bg-primary",
    "guided": "text-bg-success",
    "filed": "text-bg-light border",
    "closed": "text-bg-dark",
    "split": "text-bg-light border",
}


@register.filter
def status_class(status: str) -> str:
    """The Bootstrap badge class of a petition status (unknown ones stay neutral)."""
    return _STATUS_CLASSES.get(status, "text-bg-light border")


_SCAN_CLASSES = {
    "queued": "text-bg-secondary",
    "running": "text-bg-info",
    "done": "text-bg-success",
    "failed": "text-bg-warning",
}


@register.filter
def scan_status_class(status: str) -> str:
    """The Bootstrap badge class of a scan batch's status."""
    return _SCAN_CLASSES.get(status, "text-bg-light border")


@register.filter
def percent(value: float) -> int:
    """0.8237 → 82."""
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return 0


_CLOCK_CLASSES = {
    "open": "text-bg-light border",
    "due_soon": "text-bg-warning",
    "overdue": "text-bg-danger",
    "paused": "text-bg-secondary",
    "met": "text-bg-success",
    "late": "text-bg-warning",
    "void": "text-bg-light border text-decoration-line-through",
}


@register.filter
def clock_class(status: str) -> str:
    """The Bootstrap badge class of a deadline's state."""
    return _CLOCK_CLASSES.get(status, "text-bg-light border")
