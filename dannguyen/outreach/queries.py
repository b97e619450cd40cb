"""Reads for the outreach pages, exports and API, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from dannguyen.accounts.permissions import has_any_role

from . import permissions
from .models import Beneficiary, Gift, Programme, ProgrammeEvent


def programmes(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Programme]:
    """The programmes USER may read (a deputy: those they lead or join), filtered."""
    filters = filters or {}
    found = Programme.objects.for_list()
    if not has_any_role(user, permissions.READERS):
        found = found.filter(Q(leaders=user) | Q(participants=user)).distinct()
    if filters.get("year"):
        found = found.filter(starts_on__year=filters["year"])
    if filters.get("occasion"):
        found = found.filter(occasion=filters["occasion"])
    if filters.get("status"):
        found = found.filter(status=filters["status"])
    if filters.get("q"):
        found = found.filter(title__icontains=filters["q"])
    return found


def programme_detail(pk: int) -> QuerySet[Programme]:
    return Programme.objects.filter(pk=pk).prefetch_related(
        "leaders",
        "participants",
        "sources",
        "photos",
        Prefetch(
            "beneficiaries",
            queryset=Beneficiary.objects.select_related("commune").prefetch_related(
                Prefetch("gifts", queryset=Gift.objects.order_by("id"))
            ),
        ),
    )


def timeline(programme: Programme) -> list[ProgrammeEvent]:
    return list(programme.events.select_related("actor").order_by("at", "id"))


def overlaps(programme: Programme, households: list[Beneficiary]) -> dict[int, list[Beneficiary]]:
    """For each household of PROGRAMME (by id), the same household — same normalised head's
    name and commune — on other programmes whose periods overlap this one's. One query."""
    keys = {(h.name_key, h.commune_id) for h in households if h.name_key}
    if not keys:
        return {}
    candidates = (
        Beneficiary.objects.filter(
            name_key__in={k for k, _c in keys},
            commune_id__in={c for _k, c in keys},
            programme__starts_on__lte=programme.ends_on,
            programme__ends_on__gte=programme.starts_on,
        )
        .exclude(programme=programme)
        .select_related("programme")
        .order_by("programme__starts_on", "id")
    )
    by_key: dict[tuple[str, int], list[Beneficiary]] = {}
    for other in candidates:
        by_key.setdefault((other.name_key, other.commune_id), []).append(other)
    return {
        h.pk: by_key[(h.name_key, h.commune_id)]
        for h in households
        if (h.name_key, h.commune_id) in by_key
    }


def household_overlaps(programme: Programme, values: dict[str, Any]) -> list[Beneficiary]:
    """Other programmes' listings of the household VALUES describes (for a warning on save)."""
    from dannguyen.matching.identity import normalize_name  # noqa: PLC0415

    probe = Beneficiary(
        programme=programme,
        name_key=normalize_name(values["head_name"]),
        commune=values["commune"],
    )
    probe.pk = 0
    return overlaps(programme, [probe]).get(0, [])


def totals_by_commune(programme: Programme) -> list[dict[str, Any]]:
    return list(
        programme.beneficiaries.values("commune__name")
        .annotate(
            households=Count("id", distinct=True),
            money=Sum("gifts__money", default=0),
            goods=Sum("gifts__goods_value", default=0),
        )
        .order_by("commune__name")
    )


def totals_by_category(programme: Programme) -> list[dict[str, Any]]:
    labels = dict(Beneficiary.Category.choices)
    rows = list(
        programme.beneficiaries.values("category")
        .annotate(
            households=Count("id", distinct=True),
            money=Sum("gifts__money", default=0),
            goods=Sum("gifts__goods_value", default=0),
        )
        .order_by("category")
    )
    for row in rows:
        row["label"] = labels.get(row["category"], row["category"])
    return rows


def money_summary(programme: Programme) -> dict[str, int]:
    """Budget, money and goods given, and what is left (from prefetched rows)."""
    budget = sum(s.amount for s in programme.sources.all())
    gifts = [g for b in programme.beneficiaries.all() for g in b.gifts.all()]
    money = sum(g.money for g in gifts)
    goods = sum(g.goods_value for g in gifts)
    return {
        "budget": budget,
        "money": money,
        "goods": goods,
        "given": money + goods,
        "left": budget - money - goods,
    }
