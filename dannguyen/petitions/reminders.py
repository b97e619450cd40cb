"""The daily reminders of petition deadlines (`dannguyen send_reminders`).

Each specialist gets one e-mail a day listing their petitions' clocks that are overdue or
due soon (the same list as the "Deadlines" page, which shows it live); the Trưởng / Phó
trưởng phòng get the office's. For every agency whose answer to a forwarded petition is
overdue, an urging letter (công văn đôn đốc) is drafted for approval — once after the
time limit has passed: not again while that letter exists (drafted, approved or issued)
or once the specialist has recorded an urging since.
Running the command twice the same day sends and drafts nothing twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import User
from dannguyen.accounts.permissions import OFFICE_MANAGERS, has_any_role

from . import queries
from .models import Deadline, DeadlineStep, ReminderDigest, Urging


@dataclass
class Report:
    digests: list[str] = field(default_factory=list)
    drafted: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"digests sent: {len(self.digests)}", *(f"  {x}" for x in self.digests)]
        out += [f"urging letters drafted: {len(self.drafted)}"]
        out += [f"  {x}" for x in self.drafted]
        if self.no_address:
            out += [f"no e-mail address: {len(self.no_address)}"]
            out += [f"  {x}" for x in self.no_address]
        if self.failed:
            out += [f"failed: {len(self.failed)}", *(f"  {x}" for x in self.failed)]
        return out


def _pending(today: datetime.date) -> tuple[list[Deadline], datetime.date]:
    limit = queries.due_soon_limit(today)
    rows = list(
        Deadline.objects.filter(outcome="", paused_since__isnull=True, due_on__lte=limit)
        .select_related("petition__assigned_to", "forwarding__agency")
        .order_by("due_on", "id")
    )
    return rows, limit


def _line(clock: Deadline, today: datetime.date) -> str:
    state = _("OVERDUE") if clock.due_on < today else _("due")
    agency = f" — {clock.forwarding.agency.name}" if clock.forwarding else ""
    return (
        f"{clock.petition.code}: {clock.get_step_display()}{agency}, "
        f"{state} {clock.due_on:%d/%m/%Y}"
    )


def digest(user: User, rows: list[Deadline], today: datetime.date, base_url: str) -> EmailMessage:
    overdue = [r for r in rows if r.due_on < today]
    soon = [r for r in rows if r.due_on >= today]
    lines = [
        _("Dear %(name)s,") % {"name": user.get_full_name()},
        "",
        _("Petition deadlines on %(day)s: %(overdue)s overdue, %(soon)s due soon.")
        % {"day": f"{today:%d/%m/%Y}", "overdue": len(overdue), "soon": len(soon)},
        "",
        *(_line(r, today) for r in rows[:200]),
    ]
    if len(rows) > 200:
        lines.append(_("… and %(n)s more.") % {"n": len(rows) - 200})
    if base_url:
        lines += ["", f"{base_url}/petitions/work/"]
    lines += ["", settings.OFFICE_NAME, settings.OFFICE_PARENT_NAME]
    return EmailMessage(
        subject=_("Petition deadlines: %(n)s overdue") % {"n": len(overdue)},
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


def _recipients(rows: list[Deadline]) -> dict[int, tuple[User, list[Deadline]]]:
    """Each specialist with their petitions' clocks; each manager with the office's."""
    found: dict[int, tuple[User, list[Deadline]]] = {}
    mine: dict[int, list[Deadline]] = defaultdict(list)
    for row in rows:
        if row.petition.assigned_to_id:
            mine[row.petition.assigned_to_id].append(row)
    for user in User.objects.filter(is_active=True).prefetch_related("roles"):
        if has_any_role(user, OFFICE_MANAGERS):
            if rows:
                found[user.pk] = (user, rows)
        elif mine.get(user.pk):
            found[user.pk] = (user, mine[user.pk])
    return found


def send_digests(today: datetime.date, base_url: str, report: Report) -> None:
    rows, _limit = _pending(today)
    for user, items in _recipients(rows).values():
        if not user.email:
            report.no_address.append(user.get_full_name())
            continue
        overdue = sum(1 for r in items if r.due_on < today)
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(
                    user=user, day=today, overdue=overdue, due_soon=len(items) - overdue
                )
                digest(user, items, today, base_url).send()
        except IntegrityError:
            continue  # already sent today
        except OSError as exc:  # the mail server: tried again on the next run
            report.failed.append(f"{user.get_full_name()}: {exc}")
            continue
        report.digests.append(f"{user.get_full_name()}: {len(items)}")


def draft_urgings(today: datetime.date, report: Report) -> None:
    """An urging letter for each agency overdue on a forwarded petition, once per period."""
    # The letters app sits above this one (it renders petitions): imported when used.
    from dannguyen.correspondence import services as letters  # noqa: PLC0415 -- see above
    from dannguyen.correspondence.models import OutgoingLetter  # noqa: PLC0415

    late = Deadline.objects.filter(
        step=DeadlineStep.AGENCY_ANSWER,
        outcome="",
        paused_since__isnull=True,
        due_on__lt=today,
        forwarding__answered_on__isnull=True,
    ).select_related("petition", "forwarding__agency")
    for clock in late:
        forwarding = clock.forwarding
        assert forwarding is not None
        waiting = OutgoingLetter.objects.filter(
            petition=clock.petition,
            kind="urging_letter",
            recipient_agency=forwarding.agency,
            drafted_at__date__gt=clock.due_on,
        ).exclude(status="cancelled")
        urged_since = Urging.objects.filter(forwarding=forwarding, urged_on__gt=clock.due_on)
        if waiting.exists() or urged_since.exists():
            continue
        with transaction.atomic():
            letters.draft_letter(
                kind="urging_letter",
                by=None,
                petition=clock.petition,
                recipient_agency=forwarding.agency,
                extra={"due_on": clock.due_on},
            )
        report.drafted.append(f"{clock.petition.code} → {forwarding.agency.name}")


def run(*, today: datetime.date | None = None, base_url: str = "") -> Report:
    today = today or timezone.localdate()
    report = Report()
    draft_urgings(today, report)
    send_digests(today, base_url, report)
    return report


def as_text(report: Report) -> str:
    return "\n".join(report.lines())
