"""Generated petitions at scale, shared by the benchmarks (reports, processing pages).

Import after `django.setup()`. `reset()` empties the database and reloads the reference
data the pages need; `generate(n)` writes N petitions with their history in bulk;
`add_clocks(today)` gives them specialists and legal clocks as the office would have them
on TODAY: everything older than the recent weeks processed and its clocks stopped, the
recent petitions still open, and a small share of agencies that never answer.
"""

from __future__ import annotations

import datetime
import random
from importlib import import_module
from typing import Any

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dannguyen.accounts.models import Role, User, UserRole
from dannguyen.core import reference_data
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.petitions import reference_data as petition_rules
from dannguyen.petitions.models import (
    PROCESSED_ACTIONS,
    PROTECTED_KINDS,
    AgencyAnswer,
    Channel,
    Competence,
    Deadline,
    DeadlineRule,
    DuplicateLink,
    Eligibility,
    Forwarding,
    Kind,
    Petition,
    PetitionEvent,
    ProcedureStage,
    ReceivingSubject,
    Urging,
)
from dannguyen.reception.models import ReceptionCase, ReceptionSession
from dannguyen.reports.metrics import (
    REGISTRY,
    SOURCES,
    Computation,
    dims_needed,
    field_codes_of,
)
from dannguyen.reports.reference_data import load as load_layouts

SPECIALISTS = 20


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def reset() -> None:
    call_command("flush", interactive=False, verbosity=0)
    # The flush also took the charter's roles, which a migration seeds.
    import_module("dannguyen.accounts.migrations.0002_seed_roles").seed(django_apps, None)
    report = reference_data.LoadReport()
    reference_data.load_fields_of_work(report)
    reference_data.load_agencies(report)
    load_layouts(report)
    petition_rules.load(report)
    if not AdministrativeUnit._base_manager.exists():
        province = AdministrativeUnit._base_manager.create(
            code="37", name="Tỉnh Ninh Bình", kind="province", name_folded="tinh ninh binh"
        )
        AdministrativeUnit._base_manager.bulk_create(
            AdministrativeUnit(
                code=f"9{i:04d}",
                name=f"Xã {i}",
                kind="commune",
                parent=province,
                name_folded=f"xa {i}",
            )
            for i in range(40)
        )


def generate(
    n: int,
    seed: int = 7,
    *,
    start: datetime.date = datetime.date(2025, 1, 1),
    days: int = 730,
    settled_before: datetime.date | None = None,
) -> None:
    """N petitions received over DAYS days from START, 70% processed (all of those received
    before SETTLED_BEFORE, when given), with answers and urgings."""
    rng = random.Random(seed)
    leaves = list(FieldOfWork.objects.filter(children__isnull=True).values_list("pk", flat=True))
    agencies = list(Agency.objects.values_list("pk", flat=True)[:60])
    places = list(
        AdministrativeUnit._base_manager.filter(kind="commune").values_list("pk", flat=True)
    )
    numbers: dict[int, int] = {}
    rows = []
    for _ in range(n):
        received = start + datetime.timedelta(days=rng.randrange(days))
        numbers[received.year] = numbers.get(received.year, 0) + 1
        number = numbers[received.year]
        eligibility = rng.choices(Eligibility.values, weights=[10, 70, 20])[0]
        kind = rng.choice(Kind.values)
        rows.append(
            Petition(
                year=received.year,
                number=number,
                code=f"{received.year}/{number:06d}",
                received_on=received,
                channel=rng.choice([Channel.POST, Channel.IN_PERSON, Channel.ONLINE]),
                receiving_subject=rng.choice(ReceivingSubject.values),
                signer_count=rng.choice([1, 1, 1, 2, 5]),
                is_anonymous=rng.random() < 0.03,
                place_id=rng.choice(places),
                content="Nội dung đơn.",
                kind=kind,
                is_identity_protected=kind in PROTECTED_KINDS,
                main_field_id=rng.choice(leaves),
                eligibility=eligibility,
                competence=rng.choice(Competence.values),
                competent_agency_id=rng.choice(agencies),
                procedure_stage=rng.choice(ProcedureStage.values),
                status="classified",
                registered_at=_aware(received),
            )
        )
    with transaction.atomic():
        Petition._base_manager.bulk_create(rows, batch_size=2000)
        del rows
        ids = list(Petition._base_manager.values_list("pk", "received_on"))
        events, forwardings = [], []
        for pk, received in ids:
            settled = settled_before is not None and received < settled_before
            if rng.random() < 0.7 or settled:
                day = received + datetime.timedelta(days=rng.randrange(1, 40))
                if settled_before is not None and received < settled_before <= day:
                    day = settled_before - datetime.timedelta(days=1)
                action = rng.choice(["forwarded", "forwarded", "guided", "filed"])
                events.append(
                    PetitionEvent(petition_id=pk, at=_aware(day), action=action, to_status=action)
                )
                if action == "forwarded":
                    forwardings.append(
                        Forwarding(petition_id=pk, agency_id=rng.choice(agencies), forwarded_on=day)
                    )
        PetitionEvent.objects.bulk_create(events, batch_size=5000)
        # What workflow._event keeps for each letter, written here in one statement.
        Petition._base_manager.filter(
            pk__in=PetitionEvent.objects.filter(action__in=PROCESSED_ACTIONS).values("petition_id")
        ).update(
            first_processed_at=Subquery(
                PetitionEvent.objects.filter(
                    petition_id=OuterRef("pk"), action__in=PROCESSED_ACTIONS
                ).values("at")[:1]
            )
        )
        Forwarding._base_manager.bulk_create(forwardings, batch_size=5000)
        del events, forwardings
        answers, urgings, more_events = [], [], []
        for f in Forwarding._base_manager.values_list("pk", "petition_id", "forwarded_on"):
            pk, petition_id, day = f
            if rng.random() < 0.5:
                answered = day + datetime.timedelta(days=rng.randrange(10, 90))
                answers.append(
                    AgencyAnswer(
                        petition_id=petition_id,
                        forwarding_id=pk,
                        number="1/TL",
                        issued_on=answered,
                        received_on=answered,
                        summary="Trả lời.",
                    )
                )
                more_events.append(
                    PetitionEvent(
                        petition_id=petition_id,
                        at=_aware(answered),
                        action="answer_recorded",
                        to_status="answered",
                    )
                )
            elif rng.random() < 0.2:
                urged = day + datetime.timedelta(days=60)
                urgings.append(Urging(forwarding_id=pk, urged_on=urged))
                more_events.append(
                    PetitionEvent(
                        petition_id=petition_id,
                        at=_aware(urged),
                        action="urged",
                        to_status="forwarded",
                    )
                )
        AgencyAnswer._base_manager.bulk_create(answers, batch_size=5000)
        Urging._base_manager.bulk_create(urgings, batch_size=5000)
        PetitionEvent.objects.bulk_create(more_events, batch_size=5000)
        del answers, urgings, more_events
        pks = [pk for pk, _r in ids]
        links = []
        for pk in rng.sample(pks, k=max(1, n * 3 // 100)):
            original = rng.choice(pks)
            if original != pk:
                links.append(
                    DuplicateLink(petition_id=pk, original_id=original, verdict="duplicate")
                )
        DuplicateLink._base_manager.bulk_create(links, ignore_conflicts=True)
        hosts = ["na_deputy", "office", "council_standing"]
        sessions = [
            ReceptionSession(
                kind="regular" if hosts[i % 3] == "office" else "periodic",
                host_body=hosts[i % 3],
                method="in_person",
                date=start + datetime.timedelta(days=7 * i),
                start_time=datetime.time(8),
                end_time=datetime.time(11),
                place="Trụ sở",
                status="held",
            )
            for i in range(104)
        ]
        ReceptionSession._base_manager.bulk_create(sessions)
        cases = []
        for index, session in enumerate(ReceptionSession._base_manager.all()):
            for j in range(max(1, n // 2000)):
                case_kind = rng.choice(Kind.values)
                cases.append(
                    ReceptionCase(
                        session=session,
                        year=session.date.year,
                        number=index * 1000 + j + 1,
                        code=f"TCD-{index}-{j}",
                        headcount=rng.choice([1, 1, 2, 7]),
                        kind=case_kind,
                        is_identity_protected=case_kind in PROTECTED_KINDS,
                        main_field_id=rng.choice(leaves),
                        content="Vụ việc.",
                        outcome=rng.choice(["explained", "guided", "forwarded"]),
                    )
                )
        ReceptionCase._base_manager.bulk_create(cases, batch_size=5000)


def specialists() -> list[User]:
    """SPECIALISTS reception officers, created once."""
    role = Role.objects.get(code=Role.Code.RECEPTION_OFFICER)
    people = []
    for i in range(SPECIALISTS):
        user, created = User.objects.get_or_create(
            username=f"cv{i:02d}", defaults={"full_name": f"Chuyên viên {i:02d}"}
        )
        if created:
            UserRole.objects.create(user=user, role=role)
        people.append(user)
    return people


def add_clocks(today: datetime.date, seed: int = 11, *, open_window: int = 45) -> int:
    """Assign every petition and give it the clocks the office would have on TODAY.

    The office's own processing clock of each petition: stopped (met or late) once it was
    processed, still running for the unprocessed petitions of the last OPEN_WINDOW days.
    Each forwarding's answer clock: stopped when answered; running when recent, and for
    one forwarding in fifty of any age (the agencies that never answer). Returns the
    number of running clocks.
    """
    rng = random.Random(seed)
    people = [user.pk for user in specialists()]
    office = DeadlineRule.objects.filter(step=Deadline.Step.OFFICE_PROCESSING).first()
    answer = DeadlineRule.objects.filter(step=Deadline.Step.AGENCY_ANSWER).first()
    assert office is not None and answer is not None, "deadline rules not loaded"
    recent = today - datetime.timedelta(days=open_window)
    processed = dict(
        PetitionEvent.objects.filter(action__in=["forwarded", "guided", "filed"]).values_list(
            "petition_id", "at"
        )
    )
    answered = dict(AgencyAnswer._base_manager.values_list("forwarding_id", "received_on"))
    clocks: list[Deadline] = []
    running = 0
    with transaction.atomic():
        batch: list[tuple[int, int]] = []
        for pk, received in Petition._base_manager.values_list("pk", "received_on").iterator():
            if received > today:
                continue
            batch.append((pk, rng.choice(people)))
            due = received + datetime.timedelta(days=14)
            done = processed.get(pk)
            if done is None and received < recent:
                # Old and never processed: in a real register it was filed long ago.
                done = _aware(received + datetime.timedelta(days=10))
            clock = Deadline(
                petition_id=pk,
                step=Deadline.Step.OFFICE_PROCESSING,
                rule=office,
                starts_on=received,
                due_on=due,
                basis=office.legal_basis,
            )
            if done is not None:
                clock.done_on = done.date()
                clock.outcome = "met" if clock.done_on <= due else "late"
            else:
                running += 1
            clocks.append(clock)
            if len(clocks) >= 5000:
                Deadline.objects.bulk_create(clocks)
                clocks = []
        for forwarding, petition_id, day in Forwarding._base_manager.values_list(
            "pk", "petition_id", "forwarded_on"
        ).iterator():
            if day > today:
                continue
            due = day + datetime.timedelta(days=45)
            clock = Deadline(
                petition_id=petition_id,
                forwarding_id=forwarding,
                step=Deadline.Step.AGENCY_ANSWER,
                rule=answer,
                starts_on=day,
                due_on=due,
                basis=answer.legal_basis,
            )
            got = answered.get(forwarding)
            if got is not None and got <= today:
                clock.done_on = got
                clock.outcome = "met" if got <= due else "late"
            elif day >= recent - datetime.timedelta(days=45) or rng.random() < 0.02:
                running += 1
            else:
                clock.done_on = due
                clock.outcome = "void"
            clocks.append(clock)
            if len(clocks) >= 5000:
                Deadline.objects.bulk_create(clocks)
                clocks = []
        Deadline.objects.bulk_create(clocks)
        by_person: dict[int, list[int]] = {}
        for pk, person in batch:
            by_person.setdefault(person, []).append(pk)
        for person, pks in by_person.items():
            for i in range(0, len(pks), 900):
                Petition._base_manager.filter(pk__in=pks[i : i + 900]).update(assigned_to_id=person)
    return running


def report_statements(layout: Any, period: Any) -> list[tuple[str, str, list]]:
    """(source, SQL, params) of each grouped query `reports.queries.build` runs for LAYOUT."""
    definition = layout.definition
    computation = Computation(
        period,
        group_by=definition.get("group_by") if definition.get("shape") == "table" else None,
        dims=dims_needed(definition["lines"]),
        field_codes=field_codes_of(definition["lines"]),
    )
    used = sorted(
        {
            source
            for line in definition["lines"]
            if "metric" in line
            for source in REGISTRY[line["metric"]].sources
        }
    )
    statements = []
    for key in used:
        sql, params = computation.queryset(SOURCES[key]).query.sql_with_params()
        statements.append((key, sql, list(params)))
    return statements
