"""Files of the deputies: the yearly activity summary in Word (the raw material of the
deputy's report to the voters, NĐ 30/2020 layout, as a draft "Báo cáo" of the Văn phòng),
and the master data as Popolo JSON (https://www.popoloproject.com/specs/).

Popolo: persons, organizations, areas, posts (an organisation's position for an area),
memberships, and the terms as events of classification "legislative period", the way
EveryPolitician published legislatures. Ids are stable strings ("person/12").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dannguyen.lib.documents import OfficialDocument, render_official_document

from . import queries
from .models import Area, Membership, Organization, Person, Term

SUMMARY_SYMBOL = "BC-VP"
POPOLO_CONTENT_TYPE = "application/json"


def positions(person: Person, memberships: Iterable[Membership]) -> list[str]:
    lines = []
    for m in memberships:
        line = f"{m.get_role_display()}, {m.organization.name} ({m.term})"
        if m.engagement:
            line += f", {m.get_engagement_display().lower()}"
        if m.area is not None:
            line += f", {m.area.name}"
        lines.append(line)
    return lines


def summary_docx(person: Person, year: int, activity: queries.Year) -> bytes:
    """The year's counts and dated items of PERSON (activity from queries.activity with
    the full record), as a draft report for the deputy to work from."""
    memberships = [
        m
        for m in person.memberships.all()
        if m.starts_on.year <= year and (m.ends_on is None or m.ends_on.year >= year)
    ]
    body = [_("I. THE DEPUTY"), _("Deputy %(name)s.") % {"name": person.name}]
    body += [f"- {line}" for line in positions(person, memberships)]
    body.append(_("II. ACTIVITY IN %(year)s IN FIGURES") % {"year": year})
    body += [f"- {label}: {n}" for _source, label, n in activity.count_rows()]
    body.append(_("III. ACTIVITIES BY DATE"))
    items = sorted(activity.items, key=lambda i: (i.date, i.source))
    if not items:
        body.append(_("No activity is recorded for the year."))
    for item in items:
        line = f"- {item.date:%d/%m/%Y}: {item.label} — {item.title}"
        if item.detail and item.entry is None:
            line += f" ({item.detail})"
        body.append(line)
        if item.entry is not None and item.detail:
            body += [f"  {text.strip()}" for text in item.detail.splitlines() if text.strip()]
    doc = OfficialDocument(
        governing_body="",
        issuing_body=settings.OFFICE_PARENT_NAME,
        symbol=SUMMARY_SYMBOL,
        number=None,
        place=settings.OFFICE_PLACE_NAME,
        issued_on=None,
        doc_type_name="Báo cáo",
        summary=_("Activity of deputy %(name)s in %(year)s") % {"name": person.name, "year": year},
        body_paragraphs=body,
        signer_authority="",
        signer_position="Chánh Văn phòng",
        signer_name="",
        recipients=[_("Deputy %(name)s") % {"name": person.name}],
        archive=_("VT, %(office)s") % {"office": "TTDN"},
    )
    return render_official_document(doc)


def summary_filename(person: Person, year: int) -> str:
    return f"hoat-dong-dai-bieu-{person.pk}-{year}.docx"


# --------------------------------------------------------------------------- Popolo


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _post_id(m: Membership) -> str:
    return f"post/{m.organization_id}-{m.role}-{m.area_id or 0}"


def popolo(
    people: Iterable[Person],
    *,
    public: bool,
    image_url: Any = None,
    url: Any = None,
) -> dict[str, Any]:
    """PEOPLE (with their memberships prefetched) and everything their memberships name.

    PUBLIC leaves out what the portal does not show: dates of birth and memberships not
    marked public. IMAGE_URL and URL give a person's photo and page addresses."""
    persons: list[dict[str, Any]] = []
    memberships: list[Membership] = []
    for person in people:
        shown = [m for m in person.memberships.all() if m.is_public or not public]
        memberships += shown
        entry: dict[str, Any] = {
            "id": f"person/{person.pk}",
            "name": person.name,
            "sort_name": person.name_folded,
        }
        if person.gender:
            entry["gender"] = person.gender
        if person.birth_date and not public:
            entry["birth_date"] = person.birth_date.isoformat()
        if person.biography:
            entry["biography"] = person.biography
        if person.email:
            entry["email"] = person.email
        contacts = [{"type": "email", "value": person.email}] if person.email else []
        if person.phone:
            contacts.append({"type": "voice", "value": person.phone})
        if contacts:
            entry["contact_details"] = contacts
        if person.photo and image_url is not None:
            entry["image"] = image_url(person)
        if url is not None:
            entry["links"] = [{"url": url(person), "note": "profile"}]
        persons.append(entry)

    organizations: dict[int, Organization] = {}
    terms: dict[int, Term] = {}
    areas: dict[int, Area] = {}
    posts: dict[str, dict[str, Any]] = {}
    out_memberships = []
    for m in memberships:
        org: Organization | None = m.organization
        while org is not None and org.pk not in organizations:
            organizations[org.pk] = org
            org = org.parent
        terms[m.term_id] = m.term
        if m.area is not None:
            areas[m.area_id] = m.area  # type: ignore[index]
        post_id = _post_id(m)
        post = {
            "id": post_id,
            "label": str(m.get_role_display()),
            "role": m.role,
            "organization_id": f"organization/{m.organization_id}",
        }
        if m.area_id:
            post["area_id"] = f"area/{m.area_id}"
        posts[post_id] = post
        row: dict[str, Any] = {
            "id": f"membership/{m.pk}",
            "person_id": f"person/{m.person_id}",
            "organization_id": f"organization/{m.organization_id}",
            "post_id": post_id,
            "role": str(m.get_role_display()),
            "legislative_period_id": f"term/{m.term_id}",
            "start_date": _date(m.starts_on),
        }
        if m.ends_on:
            row["end_date"] = _date(m.ends_on)
        if m.area_id:
            row["area_id"] = f"area/{m.area_id}"
        if m.engagement:
            row["label"] = str(m.get_engagement_display())
        out_memberships.append(row)

    return {
        "persons": persons,
        "organizations": [
            {
                "id": f"organization/{o.pk}",
                "name": o.name,
                "classification": o.classification,
                **({"parent_id": f"organization/{o.parent_id}"} if o.parent_id else {}),
            }
            for o in sorted(organizations.values(), key=lambda o: o.pk)
        ],
        "areas": [
            {
                "id": f"area/{a.pk}",
                "name": a.name,
                "identifier": str(a.number),
                "classification": "constituency",
            }
            for a in sorted(areas.values(), key=lambda a: a.pk)
        ],
        "posts": sorted(posts.values(), key=lambda p: p["id"]),
        "memberships": out_memberships,
        "events": [
            {
                "id": f"term/{t.pk}",
                "name": str(t),
                "classification": "legislative period",
                "start_date": _date(t.starts_on),
                **({"end_date": _date(t.ends_on)} if t.ends_on else {}),
            }
            for t in sorted(terms.values(), key=lambda t: t.pk)
        ],
    }
