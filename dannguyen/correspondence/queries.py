"""Reads of the sổ văn bản đi and of a petition's letters, as a given reader may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dannguyen.petitions import identity
from dannguyen.petitions.models import Petition

from . import permissions, rendering
from .models import OutgoingLetter, RecipientType


def letters() -> QuerySet[OutgoingLetter]:
    """What a list row shows, in one query."""
    return OutgoingLetter.objects.select_related(
        "petition", "recipient_agency", "drafted_by", "issued_by"
    )


def register(user: Any, filters: dict[str, Any]) -> QuerySet[OutgoingLetter]:
    """The sổ văn bản đi as USER may read it: issued letters by number, then the others."""
    if not permissions.can_view_letters(user):
        return OutgoingLetter.objects.none()
    found = letters()
    if filters.get("year"):
        found = found.filter(year=filters["year"])
    for name in ("kind", "status"):
        if filters.get(name):
            found = found.filter(**{name: filters[name]})
    if filters.get("petition"):
        found = found.filter(petition_id=getattr(filters["petition"], "pk", filters["petition"]))
    return found.order_by("-year", "-number", "-drafted_at", "-id")


def recipient_label(letter: OutgoingLetter, user: Any) -> str:
    """To whom, as USER may see it: a protected denouncer only for their custodians."""
    if letter.recipient_agency is not None:
        return letter.recipient_agency.name
    if letter.recipient_type == RecipientType.CITIZEN and not permissions.can_view_letter(
        user, letter
    ):
        return str(identity.PROTECTED)
    if letter.recipient_type == RecipientType.INTERNAL and not letter.recipient_name:
        return _("Internal")
    return rendering.redactor(letter)(letter.recipient_name) if letter.recipient_name else ""


def letters_of(petition: Petition, user: Any) -> list[OutgoingLetter]:
    """The petition's letters for its page (each with `recipient_shown` and `may_open`)."""
    if not permissions.can_view_letters(user):
        return []
    found = list(letters().filter(petition=petition).order_by("drafted_at", "id"))
    for letter in found:
        letter.petition = petition  # one object: the protection flag is read once
        letter.recipient_shown = recipient_label(letter, user)  # type: ignore[attr-defined]
        letter.may_open = permissions.can_view_letter(user, letter)  # type: ignore[attr-defined]
    return found


def history(letter: OutgoingLetter) -> list[Any]:
    return list(letter.events.select_related("actor"))


def years() -> list[int]:
    return sorted(
        {y for y in OutgoingLetter.objects.values_list("year", flat=True).distinct() if y},
        reverse=True,
    )
