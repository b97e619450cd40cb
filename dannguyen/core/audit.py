"""The audit trail: who changed which fields of which record, before → after.

Models opt in with `audit.register(Model)` in their app's `ready()`. Saves and deletes are
caught by signals (they are a side effect of every write, not part of any flow), bulk
`update()` through `AuditedQuerySet`, many-to-many changes through `m2m_changed`. The actor
comes from a context variable set by the web middleware, the API's authentication and
`acting_as()` in commands and jobs.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

MASKED = "••••"


@dataclass(frozen=True)
class Actor:
    user: Any = None
    source: str = ""


@dataclass
class _Registration:
    exclude: set[str] = field(default_factory=set)
    secret: set[str] = field(default_factory=set)


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)
_registry: dict[type[models.Model], _Registration] = {}


def current_actor() -> Actor:
    return _current.get() or Actor()


@contextlib.contextmanager
def acting_as(user: Any = None, *, source: str) -> Iterator[None]:
    """Attribute every change made inside the block to USER (or to SOURCE alone)."""
    token = _current.set(Actor(user=user, source=source))
    try:
        yield
    finally:
        _current.reset(token)


def set_actor(user: Any, *, source: str) -> None:
    """For entry points that cannot wrap a block (the API's auth hook runs before the view)."""
    _current.set(Actor(user=user, source=source))


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with acting_as(actor, source="web"):
            return self.get_response(request)


def is_registered(model: type[models.Model]) -> bool:
    return model in _registry


def register(
    model: type[models.Model],
    *,
    exclude: set[str] | frozenset[str] = frozenset(),
    secret: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Record every create, update and delete of MODEL.

    `exclude` fields are never recorded (password hashes, caches); `secret` fields are
    recorded as changed, with their values masked (encrypted identities).
    """
    _registry[model] = _Registration(exclude=set(exclude), secret=set(secret))
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
    post_save.connect(_post_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        if through is not None and through._meta.auto_created:
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}-{m2m.name}")


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return str(value)


def _snapshot(instance: models.Model, reg: _Registration) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        # Non-editable fields are derived (search keys) or the primary key itself.
        if f.name in reg.exclude or not f.editable or f.primary_key:
            continue
        raw = f.value_from_object(instance)
        values[f.name] = MASKED if f.name in reg.secret and raw not in (None, "") else raw
    return {k: _json_value(v) for k, v in values.items()}


def _write(instance: models.Model, action: str, changes: dict[str, Any], *, note: str = "") -> None:
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415 -- app registry

    entry_model = apps.get_model("core", "AuditEntry")
    actor = current_actor()
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    entry_model.objects.create(
        actor=user,
        actor_name=(user.get_full_name() if user else "")[:200],
        source=actor.source or "system",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
        note=note[:255],
    )


def record_view(instance: models.Model, *, what: str) -> None:
    """Log a read of sensitive data (a denouncer's identity, say) in the same history."""
    _write(instance, "view", {}, note=what)


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        if old is not None:
            before = _snapshot(old, _registry[sender])
    instance._audit_before = before  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    after = _snapshot(instance, _registry[sender])
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _write(instance, "create", {k: [None, v] for k, v in after.items() if v not in (None, "")})
        return
    changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changed:
        _write(instance, "update", changed)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before = _snapshot(instance, _registry[sender])
    _write(instance, "delete", {k: [v, None] for k, v in before.items() if v not in (None, "")})


def _m2m_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if reverse or type(instance) not in _registry:
        return
    m2m = next(f for f in instance._meta.many_to_many if f.remote_field.through is sender)
    if m2m.name in _registry[type(instance)].exclude:
        return
    current = sorted(getattr(instance, m2m.name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance._audit_m2m_before = current  # type: ignore[attr-defined]
        return
    before = getattr(instance, "_audit_m2m_before", None)
    if action.startswith("post_") and before is not None and before != current:
        _write(instance, "update", {m2m.name: [before, current]})


class AuditedQuerySet(models.QuerySet[Any]):
    """A queryset whose bulk `update()` is audited row by row, like `save()`."""

    def update(self, **kwargs: Any) -> int:
        if self.model not in _registry:
            return super().update(**kwargs)
        reg = _registry[self.model]
        pks = list(self.values_list("pk", flat=True))
        before = {o.pk: _snapshot(o, reg) for o in self.model._base_manager.filter(pk__in=pks)}
        count = super().update(**kwargs)
        for obj in self.model._base_manager.filter(pk__in=pks):
            after = _snapshot(obj, reg)
            old = before.get(obj.pk, {})
            changed = {k: [old.get(k), v] for k, v in after.items() if old.get(k) != v}
            if changed:
                _write(obj, "update", changed)
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if self.model in _registry:
            reg = _registry[self.model]
            for obj in created:
                if obj.pk is not None:
                    after = _snapshot(obj, reg)
                    _write(obj, "create", {k: [None, v] for k, v in after.items() if v})
        return created

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        objs = list(objs)
        # Route through update() per object so each row gets its before → after.
        for obj in objs:
            self.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in fields})
        return len(objs)
