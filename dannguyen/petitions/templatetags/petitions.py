"""Small display helpers for the petition pages: `{% load petitions %}`."""

from __future__ import annotations

from django import template

register = template.Library()

_STATUS_CLASSES = {
    "received": "text-bg-secondary",
    "assigned": "text-bg-primary",
    "classified": "text-bg-success",
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
