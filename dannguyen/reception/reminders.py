"""Reminding each person presiding of their session, in time (Luật Tiếp công dân Art 21(1)).

Run daily (`dannguyen reception_remind`). For every planned session, the time limit in force
on the session's date says the last day the hosts must be told; from that day on, each host
who has not been reminded of the session *on its current date* gets one e-mail with the
session as a calendar attachment. The reminder row is locked while the message goes out, so
running the command twice, or twice at once, never sends it twice; a reminder that could not
go (no address, mail server down) is tried again the next day; a session moved to another
date is announced again. A reminder sent after its last day is marked late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.lib.workdays import WorkCalendar

from . import exports, queries, workflow
from .models import HostReminder, LimitCode, ReceptionSession, ReminderOutcome, SessionStatus


@dataclass(frozen=True)
class Due:
    session: ReceptionSession
    host: User
    due_on: datetime.date
    legal_basis: str
    dates: queries.NoticeDates


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"sent: {len(self.sent)} (late: {len(self.late)})"]
        out += [f"  {line}" for line in self.sent]
        if self.no_address:
            out.append(f"no e-mail address: {len(self.no_address)}")
            out += [f"  {line}" for line in self.no_address]
        if self.failed:
            out.append(f"failed: {len(self.failed)}")
            out += [f"  {line}" for line in self.failed]
        return out


def due(today: datetime.date) -> list[Due]:
    """Every (session, host) whose reminder is due by TODAY and not yet sent."""
    rules = queries.rules_for(LimitCode.HOST_NOTICE)
    if not rules:
        return []
    absence_rules = queries.rules_for(LimitCode.ABSENCE_NOTICE)
    longest = max(r.count for r in rules)
    calendar = WorkCalendar.from_db(today, today + datetime.timedelta(days=3 * longest + 60))
    # A session is due when its last notice day is today or earlier: no later than the
    # (count + 2)-th working day from today (see deadlines.latest_notice_day).
    horizon = calendar.add_working_days(today, longest + 2)
    sessions = (
        ReceptionSession.objects.filter(
            status=SessionStatus.PLANNED, date__gte=today, date__lte=horizon
        )
        .prefetch_related(
            Prefetch("hosts", queryset=User.objects.filter(is_active=True).order_by("pk")),
            Prefetch(
                "reminders",
                queryset=HostReminder.objects.filter(outcome=ReminderOutcome.SENT),
            ),
        )
        .order_by("date", "start_time", "pk")
    )
    found = []
    for session in sessions:
        dates = queries.notice_dates(
            session, calendar, notice_rules=rules, absence_rules=absence_rules
        )
        if dates.notify_by is None or dates.notify_by > today:
            continue
        sent = {r.host_id for r in session.reminders.all() if r.session_date == session.date}
        for host in session.hosts.all():
            if host.pk not in sent:
                found.append(Due(session, host, dates.notify_by, dates.notify_basis, dates))
    return found


def message(item: Due, *, base_url: str = "") -> EmailMessage:
    session = item.session
    host_names = ", ".join(session.host_names())
    day = date_format(session.date, "l, d/m/Y")
    lines = [
        _("Dear %(name)s,") % {"name": item.host.get_full_name()},
        "",
        _("You are presiding over a citizen reception session:"),
        f"- {_('When')}: {session.start_time:%H:%M}–{session.end_time:%H:%M}, {day}",
        f"- {_('Kind')}: {session.get_kind_display()} ({session.get_method_display()})",
        f"- {_('Place')}: {session.place}",
        f"- {_('Presided by')}: {host_names}",
    ]
    if session.online_details:
        connection_label = _("Connection")
        lines.append(f"- {connection_label}: {session.online_details}")
    if item.dates.absence_by is not None:
        lines += [
            "",
            _("If you cannot attend, please tell the Office by %(date)s (%(basis)s).")
            % {"date": f"{item.dates.absence_by:%d/%m/%Y}", "basis": item.dates.absence_basis},
        ]
    lines += ["", _("This notice is sent under %(basis)s.") % {"basis": item.legal_basis}]
    if base_url:
        lines += ["", f"{base_url}{session.get_absolute_url()}"]
    lines += ["", settings.OFFICE_NAME, settings.OFFICE_PARENT_NAME]
    email = EmailMessage(
        subject=_("Citizen reception on %(date)s — %(place)s")
        % {"date": f"{session.date:%d/%m/%Y}", "place": session.place},
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[item.host.email],
    )
    email.attach(
        f"tiep-cong-dan-{session.date:%Y-%m-%d}.ics",
        exports.calendar_ics([session], name=str(session), base_url=base_url),
        "text/calendar",
    )
    return email


def _label(item: Due) -> str:
    return f"{item.session.date:%d/%m/%Y} #{item.session.pk} → {item.host.get_full_name()}"


def send_due(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None, base_url: str = ""
) -> Report:
    """Send every reminder due by TODAY that has not gone yet; record each outcome."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = Report()
    for item in due(today):
        email_address = (item.host.email or "").strip()
        with transaction.atomic():
            reminder = workflow.lock_reminder(
                item.session,
                item.host,
                due_on=item.due_on,
                is_late=today > item.due_on,
                legal_basis=item.legal_basis,
                email=email_address,
            )
            if reminder is None:
                continue
            if not email_address:
                workflow.record_reminder(reminder, outcome=ReminderOutcome.NO_ADDRESS, now=now)
                report.no_address.append(_label(item))
                continue
            try:
                message(item, base_url=base_url).send(fail_silently=False)
            except Exception as exc:  # any transport error: keep it, try again tomorrow
                workflow.record_reminder(
                    reminder, outcome=ReminderOutcome.FAILED, error=str(exc), now=now
                )
                report.failed.append(f"{_label(item)}: {exc}")
                continue
            workflow.record_reminder(reminder, outcome=ReminderOutcome.SENT, now=now)
            report.sent.append(_label(item))
            if reminder.is_late:
                report.late.append(_label(item))
    return report


def last_run() -> Any:
    """When a reminder was last sent (shown on the index page, so a stopped job is noticed)."""
    return HostReminder.objects.aggregate(last=Max("sent_at"))["last"]
