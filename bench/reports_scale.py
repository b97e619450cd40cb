"""A year's reports at scale: the time of each report next to the bare SQL of its queries.

    .venv/bin/python bench/reports_scale.py                 # SQLite in a temp file, 10,000
    .venv/bin/python bench/reports_scale.py --sizes 10000 100000
    DATABASE_URL=postgres://… .venv/bin/python bench/reports_scale.py

N petitions spread over 2025–2026 are written with bulk_create (kinds, lĩnh vực leaves,
eligibility, competence, signers, channels and subjects drawn at random; 3% duplicates),
with their history: 70% processed (forwarded, guided or filed), forwardings with answers
for half of them, urgings for a fifth of the unanswered; plus reception sessions and cases.
Then, for each layout, the median of 5 runs of `queries.build` for the year 2026 is printed
beside the median of the same grouped queries run bare through the cursor (the SQL Django
generates, without building the report), and the ratio of the two.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
_TMP = tempfile.mkdtemp(prefix="reports-bench-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from dannguyen.core import reference_data  # noqa: E402
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork  # noqa: E402
from dannguyen.petitions.models import (  # noqa: E402
    PROTECTED_KINDS,
    AgencyAnswer,
    Channel,
    Competence,
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
from dannguyen.reception.models import ReceptionCase, ReceptionSession  # noqa: E402
from dannguyen.reports import layouts, periods, queries  # noqa: E402
from dannguyen.reports.metrics import (  # noqa: E402
    REGISTRY,
    SOURCES,
    Computation,
    dims_needed,
    field_codes_of,
)
from dannguyen.reports.reference_data import load as load_layouts  # noqa: E402

YEAR = periods.whole_year(2026)
RUNS = 5


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def reset() -> None:
    call_command("flush", interactive=False, verbosity=0)
    report = reference_data.LoadReport()
    reference_data.load_fields_of_work(report)
    reference_data.load_agencies(report)
    load_layouts(report)
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


def generate(n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    leaves = list(FieldOfWork.objects.filter(children__isnull=True).values_list("pk", flat=True))
    agencies = list(Agency.objects.values_list("pk", flat=True)[:60])
    places = list(
        AdministrativeUnit._base_manager.filter(kind="commune").values_list("pk", flat=True)
    )
    start = datetime.date(2025, 1, 1)
    numbers: dict[int, int] = {}
    rows = []
    for _ in range(n):
        received = start + datetime.timedelta(days=rng.randrange(730))
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
        ids = list(Petition._base_manager.values_list("pk", "received_on"))
        events, forwardings = [], []
        for pk, received in ids:
            if rng.random() < 0.7:
                day = received + datetime.timedelta(days=rng.randrange(1, 40))
                action = rng.choice(["forwarded", "forwarded", "guided", "filed"])
                events.append(
                    PetitionEvent(petition_id=pk, at=_aware(day), action=action, to_status=action)
                )
                if action == "forwarded":
                    forwardings.append(
                        Forwarding(petition_id=pk, agency_id=rng.choice(agencies), forwarded_on=day)
                    )
        PetitionEvent.objects.bulk_create(events, batch_size=5000)
        Forwarding._base_manager.bulk_create(forwardings, batch_size=5000)
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


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_sql(layout) -> list[tuple[str, str, list]]:
    """The SQL of each grouped query the report runs, exactly as `queries.build` makes it."""
    definition = layout.definition
    computation = Computation(
        YEAR,
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


def run_bare(statements) -> None:
    with connection.cursor() as cursor:
        for _key, sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; period: {YEAR.start} – {YEAR.end}; median of {RUNS}")
    for n in args.sizes:
        reset()
        started = time.perf_counter()
        generate(n)
        print(
            f"\n{n:,} petitions generated in {time.perf_counter() - started:.1f}s "
            f"({PetitionEvent.objects.count():,} events, "
            f"{Forwarding._base_manager.count():,} forwardings)"
        )
        print(f"{'layout':8} {'report ms':>10} {'bare SQL ms':>12} {'ratio':>6}  queries")
        for layout in layouts.codes_in_force(YEAR.end):
            statements = bare_sql(layout)
            report_ms = median_ms(lambda layout=layout: queries.build(layout, YEAR))
            sql_ms = median_ms(lambda statements=statements: run_bare(statements))
            ratio = report_ms / max(sql_ms, 0.001)
            print(
                f"{layout.code:8} {report_ms:10.1f} {sql_ms:12.1f} {ratio:6.2f}  {len(statements)}"
            )
        main_sql = next(
            sql for key, sql, _p in bare_sql(layouts.in_force("4E", YEAR.end)) if key == "received"
        )
        print(f"\nmain query of 4E (petitions received in the year):\n{main_sql}")


if __name__ == "__main__":
    main()
