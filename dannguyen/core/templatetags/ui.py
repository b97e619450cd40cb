"""Template helpers for the Bootstrap layout."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_SELECTS = {"select", "selectmultiple", "nullbooleanselect"}


@register.filter
def bs(field: BoundField) -> SafeString:
    """Render FIELD's widget with Bootstrap's classes (and the invalid state)."""
    kind = field.widget_type
    css = "form-select" if kind in _SELECTS else "form-control"
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    attrs: dict[str, Any] = {"class": f"{existing} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def querystring_without_page(context: Any) -> str:
    """The current query string minus `page`, ending with & when not empty."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@register.filter
def history_url(obj: Any) -> str:
    """The URL of OBJ's audit history page."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415 -- app registry
    from django.urls import reverse  # noqa: PLC0415 -- keep module import light

    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return reverse("core:history", args=[content_type.pk, str(obj.pk)])


@register.filter
def change_pairs(changes: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """An audit entry's {field: [before, after]} as rows for a table."""
    rows = []
    for name, pair in (changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        rows.append((name, before, after))
    return rows
