"""iCalendar files (RFC 5545) of the office's calendars: reception sessions, events.

One entry per occurrence, in Vietnam's time zone; a calendar program that subscribes to
the file sees a changed entry by its UID and SEQUENCE.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

CONTENT_TYPE = "text/calendar; charset=utf-8"
TZID = "Asia/Ho_Chi_Minh"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Entry:
    """One VEVENT."""

    uid: str
    modified_at: datetime.datetime
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    description: str
    cancelled: bool = False
    url: str = ""
    public: bool | None = None  # CLASS, when the calendar says who may see it


def escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space; a
    multi-byte character is never split."""
    parts: list[str] = []
    current, size = "", 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return parts


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _entry_lines(entry: Entry, stamp: datetime.datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(entry.modified_at)}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTART;TZID={TZID}:{_local(entry.starts_at)}",
        f"DTEND;TZID={TZID}:{_local(entry.ends_at)}",
        f"SUMMARY:{escape(entry.summary)}",
        f"LOCATION:{escape(entry.location)}",
        f"DESCRIPTION:{escape(entry.description)}",
        f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}",
    ]
    if entry.public is not None:
        lines.append(f"CLASS:{'PUBLIC' if entry.public else 'PRIVATE'}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(entries: Iterable[Entry], *, name: str, product: str) -> bytes:
    """The file: NAME as the calendar's title, PRODUCT in its PRODID."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Dan Nguyen//{product}//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for entry in entries:
        lines.extend(_entry_lines(entry, stamp))
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
