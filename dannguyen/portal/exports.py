"""The public schedule as an iCalendar file (RFC 5545), written by lib/icalendar.py.

Entries carry the same UIDs as the office's own calendars (a person subscribed to both
sees one entry), but only public fields, and their URL is the portal's page. Voter
meetings are recorded by day: they are whole-day entries (DTSTART;VALUE=DATE), which
lib/icalendar.py's timed entries cannot express, so their lines are written here with its
escaping and folding and placed before the calendar's end.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.lib import icalendar

from .queries import ItemKind, ScheduleItem

ICS_CONTENT_TYPE = icalendar.CONTENT_TYPE

_UID_PREFIX = {
    ItemKind.RECEPTION: "reception-session",
    ItemKind.MEETING: "voter-meeting",
    ItemKind.EVENT: "event",
}


def uid(item: ScheduleItem) -> str:
    return f"{_UID_PREFIX[item.kind]}-{item.pk}@dannguyen-{settings.OFFICE_PROVINCE_CODE}"


def description(item: ScheduleItem) -> str:
    lines = []
    if item.kind == ItemKind.EVENT:
        lines.append(f"{_('Organiser')}: {item.body}")
    elif item.kind == ItemKind.MEETING:
        lines.append(item.body)
        if item.hosts:
            lines.append(f"{_('Deputies attending')}: {', '.join(item.hosts)}")
    else:
        lines.append(f"{_('Presided by')}: {item.body}")
        if item.hosts:
            lines.append(f"{_('Presiding')}: {', '.join(item.hosts)}")
    if item.method:
        lines.append(item.method)
    return "\n".join(lines)


def _timed(item: ScheduleItem, base_url: str) -> icalendar.Entry:
    assert item.starts_at is not None and item.ends_at is not None
    return icalendar.Entry(
        uid=uid(item),
        modified_at=item.modified_at or item.starts_at,
        sequence=item.sequence,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        summary=item.title,
        location=item.place,
        description=description(item),
        cancelled=item.cancelled,
        url=f"{base_url}#{item.anchor}" if base_url else "",
        public=True,
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _whole_day_lines(item: ScheduleItem, base_url: str, stamp: datetime.datetime) -> list[str]:
    after = (item.last_day or item.day) + datetime.timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(item)}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(item.modified_at or stamp)}",
        f"SEQUENCE:{item.sequence}",
        f"DTSTART;VALUE=DATE:{item.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{after:%Y%m%d}",
        f"SUMMARY:{icalendar.escape(item.title)}",
        f"LOCATION:{icalendar.escape(item.place)}",
        f"DESCRIPTION:{icalendar.escape(description(item))}",
        f"STATUS:{'CANCELLED' if item.cancelled else 'CONFIRMED'}",
        "CLASS:PUBLIC",
    ]
    if base_url:
        lines.append(f"URL:{base_url}#{item.anchor}")
    lines.append("END:VEVENT")
    return [part for line in lines for part in icalendar.fold(line)]


def calendar_ics(items: Iterable[ScheduleItem], *, name: str, base_url: str = "") -> bytes:
    items = list(items)
    body = icalendar.calendar(
        (_timed(i, base_url) for i in items if not i.is_all_day),
        name=name,
        product="Cong thong tin",
    )
    whole_days = [i for i in items if i.is_all_day]
    if not whole_days:
        return body
    stamp = timezone.now()
    lines = [line for i in whole_days for line in _whole_day_lines(i, base_url, stamp)]
    end = b"END:VCALENDAR\r\n"
    return body[: -len(end)] + ("\r\n".join(lines) + "\r\n").encode("utf-8") + end
