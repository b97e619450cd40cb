"""Demo letters: the forwarding slips and urging letters of the demo petitions' recent
steps, through the real workflow — the older ones approved and issued in the sổ văn bản đi
in the order they were sent, the newest waiting for the Trưởng phòng, so that every stage
of a letter can be seen. Only on a database without any letter yet."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.petitions import workflow as petition_workflow
from dannguyen.petitions.demo import DEMO_PREFIX
from dannguyen.petitions.models import Forwarding, Urging

from . import services, workflow
from .models import LetterKind, OutgoingLetter

# How far back the demo has letters, and how long a draft waits before it is issued (the
# newest waits in any case).
WINDOW_DAYS = 180
ISSUED_AFTER_DAYS = 7


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Draft, approve and issue the demo letters; returns how many were drafted."""
    if OutgoingLetter.objects.exists():
        return 0
    head = User.objects.filter(username="truongphong", is_active=True).first()
    if head is None:
        return 0
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    steps: list[tuple[datetime.date, int, Forwarding | Urging]] = []
    demo = {"petition__import_key__startswith": DEMO_PREFIX}
    for forwarding in Forwarding.objects.filter(
        forwarded_on__gte=since, forwarded_on__lte=today, letter__isnull=True, **demo
    ).select_related("petition__assigned_to", "agency"):
        steps.append((forwarding.forwarded_on, forwarding.pk, forwarding))
    for urging in Urging.objects.filter(
        urged_on__gte=since,
        urged_on__lte=today,
        letter__isnull=True,
        **{f"forwarding__{k}": v for k, v in demo.items()},
    ).select_related(
        "forwarding__petition__assigned_to", "forwarding__agency", "forwarding__letter"
    ):
        steps.append((urging.urged_on, urging.pk, urging))
    # Issued in the order they were sent: the sổ's numbers follow the dates.
    steps.sort(key=lambda step: (step[0], isinstance(step[2], Urging), step[1]))
    for index, (day, _pk, step) in enumerate(steps):
        forwarding = step if isinstance(step, Forwarding) else step.forwarding
        petition = forwarding.petition
        by = petition.assigned_to or head
        urging = isinstance(step, Urging)
        letter = services.draft_letter(
            kind=LetterKind.URGING_LETTER if urging else LetterKind.FORWARDING_SLIP,
            by=by,
            petition=petition,
            recipient_agency=forwarding.agency,
            extra=petition_workflow.urging_facts(forwarding) if urging else None,
            now=_at(day, 10),
        )
        type(step).objects.filter(pk=step.pk).update(letter=letter)
        # The newest wait for the Trưởng phòng: drafts, and one put before them.
        if day + datetime.timedelta(days=ISSUED_AFTER_DAYS) > today or index == len(steps) - 1:
            if index % 2:
                workflow.submit(letter, by=by, now=_at(day, 11))
            continue
        workflow.submit(letter, by=by, now=_at(day, 11))
        workflow.approve(letter, by=head, now=_at(day, 15))
        workflow.issue(letter, by=head, now=_at(day + datetime.timedelta(days=1), 9))
    return len(steps)
