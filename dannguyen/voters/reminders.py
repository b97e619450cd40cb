"""The daily letters to agencies about their answers to voters' petitions
(`dannguyen voters_reminders`; petitions' `send_reminders` has no hook for other apps).

Per agency, one outgoing letter in the correspondence register (a draft for approval):

* BEFORE: its 60-day deadline (NQLT 72 Art 49(1)) falls within `deadlines.DUE_SOON_DAYS`
  and petitions are unanswered — a reminder;
* OVERDUE: the deadline has passed without an answer — a văn bản đôn đốc;
* PROMISE: the date an agency promised in a "being resolved" answer has passed — a
  follow-up.

Each petition is named once per stage and date (a `Reminder` row), unless its letter was
cancelled; running the command twice the same day drafts nothing twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dannguyen.core.models import Agency

from . import deadlines, queries, workflow
from .models import (
    EventAction,
    PetitionStatus,
    Reminder,
    ReminderStage,
    VoterPetition,
)

# The register lists the letters as drafts; their wording is the document's Vietnamese text.
SUBJECTS = {
    ReminderStage.BEFORE: "đề nghị trả lời kiến nghị của cử tri đúng thời hạn",
    ReminderStage.OVERDUE: "đôn đốc trả lời kiến nghị của cử tri",
    ReminderStage.PROMISE: "đôn đốc thực hiện lộ trình giải quyết kiến nghị của cử tri",
}


@dataclass
class Report:
    drafted: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"letters drafted: {len(self.drafted)}", *(f"  {x}" for x in self.drafted)]


def _body(stage: str, agency: Agency, items: list[tuple[VoterPetition, datetime.date]]) -> str:
    office = settings.OFFICE_NAME
    lines = [f"- {p.title} ({p.session}; hạn: {due:%d/%m/%Y})" for p, due in items]
    if stage == ReminderStage.BEFORE:
        opening = (
            f"{office} đã chuyển đến {agency.name} các kiến nghị của cử tri dưới đây. Theo "
            "khoản 1 Điều 49 Nghị quyết liên tịch số 72/2025, cơ quan có thẩm quyền trả lời "
            "trong thời hạn 60 ngày kể từ ngày nhận được; thời hạn sắp hết:"
        )
        closing = f"Đề nghị {agency.name} trả lời đúng thời hạn và gửi văn bản về {office}."
    elif stage == ReminderStage.OVERDUE:
        opening = (
            f"{office} đã chuyển đến {agency.name} các kiến nghị của cử tri dưới đây. Thời "
            "hạn 60 ngày (khoản 1 Điều 49 Nghị quyết liên tịch số 72/2025) đã hết nhưng "
            f"{office} chưa nhận được văn bản trả lời:"
        )
        closing = (
            f"Đề nghị {agency.name} khẩn trương trả lời và gửi văn bản về {office} để thông "
            "tin tới cử tri."
        )
    else:
        opening = (
            f"Trả lời các kiến nghị của cử tri dưới đây, {agency.name} cho biết đang xem xét "
            "giải quyết theo lộ trình, với thời hạn đã cam kết nay đã qua:"
        )
        closing = (
            f"Đề nghị {agency.name} thông báo kết quả thực hiện bằng văn bản về {office} để "
            "thông tin tới cử tri."
        )
    return "\n".join([opening, *lines, closing])


def due_items(
    today: datetime.date,
) -> dict[tuple[str, int | None], list[tuple[VoterPetition, datetime.date]]]:
    """(stage, agency) → the petitions and the date each letter is about."""
    petitions = list(
        queries.tracked(
            VoterPetition.objects.filter(status=PetitionStatus.CLASSIFIED, agency__isnull=False)
        )
    )
    calendar = queries.calendar_window(petitions, today)
    found: dict[tuple[str, int | None], list[tuple[VoterPetition, datetime.date]]] = defaultdict(
        list
    )
    for row in queries.tracking(petitions, today=today, calendar=calendar):
        petition = row.petition
        last = row.last_answer
        if last is None and row.due_on is not None:
            if row.status == deadlines.AnswerStatus.OVERDUE:
                found[(ReminderStage.OVERDUE, petition.agency_id)].append((petition, row.due_on))
            elif row.status == deadlines.AnswerStatus.DUE_SOON:
                found[(ReminderStage.BEFORE, petition.agency_id)].append((petition, row.due_on))
        elif row.promise_passed and last is not None and last.promised_on is not None:
            found[(ReminderStage.PROMISE, petition.agency_id)].append((petition, last.promised_on))
    return found


def _already(
    stage: str, items: list[tuple[VoterPetition, datetime.date]]
) -> set[tuple[int, datetime.date]]:
    named = (
        Reminder.objects.filter(stage=stage, petition__in=[p for p, _d in items])
        .exclude(letter__status="cancelled")
        .values_list("petition_id", "due_on")
    )
    return set(named)


def run(*, today: datetime.date | None = None) -> Report:
    # The letters app sits above this one in the import order: imported when used.
    from dannguyen.correspondence import services as letters  # noqa: PLC0415 -- see above

    today = today or timezone.localdate()
    report = Report()
    found = due_items(today)
    agencies = Agency.objects.in_bulk({agency_id for _s, agency_id in found})
    for (stage, agency_id), items in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        done = _already(stage, items)
        fresh = [(p, d) for p, d in items if (p.pk, d) not in done]
        if not fresh:
            continue
        agency = agencies[agency_id]
        with transaction.atomic():
            letter = letters.draft_letter(
                kind="urging_letter",
                by=None,
                recipient_agency=agency,
                subject=SUBJECTS[ReminderStage(stage)],
                body=_body(stage, agency, fresh),
                extra={"voters_stage": stage, "petitions": [p.pk for p, _d in fresh]},
            )
            Reminder.objects.bulk_create(
                Reminder(petition=p, agency=agency, stage=stage, due_on=d, letter=letter)
                for p, d in fresh
            )
            for petition, due in fresh:
                workflow.event(
                    petition.session,
                    EventAction.REMINDED,
                    by=None,
                    petition=petition,
                    note=f"{ReminderStage(stage).label} — {agency.name} ({due:%d/%m/%Y})",
                    details={"letter": letter.pk, "stage": stage},
                )
        report.drafted.append(f"{ReminderStage(stage).label}: {agency.name} ({len(fresh)})")
    return report


def as_text(report: Report) -> str:
    return "\n".join(report.lines())
