"""`{% if request.user|can:"accounts.manage_users" %}` and `{% can "app.verb" user obj as ok %}`.

Both resolve to the `can_<verb>` predicate in `dannguyen.<app>.permissions`, so templates
never restate a rule.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django import template

register = template.Library()


def _predicate(name: str) -> Any:
    app, _, verb = name.partition(".")
    if not app or not verb:
        raise template.TemplateSyntaxError(f"permission names look like 'app.verb', not {name!r}")
    module = import_module(f"dannguyen.{app}.permissions")
    return getattr(module, f"can_{verb}")


@register.filter(name="can")
def can_filter(user: Any, name: str) -> bool:
    return bool(_predicate(name)(user))


@register.simple_tag(name="can")
def can_tag(name: str, user: Any, *objects: Any) -> bool:
    return bool(_predicate(name)(user, *objects))
