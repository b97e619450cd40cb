"""The processing pages at scale: each page's median time next to the bare SQL of its main query.

    .venv/bin/python bench/petitions_scale.py                      # SQLite, 10,000 then 1,000,000
    .venv/bin/python bench/petitions_scale.py --sizes 10000
    DATABASE_URL=postgres://… .venv/bin/python bench/petitions_scale.py

N petitions received over ten years up to today (bench/scale_data.py), assigned to 20
specialists, with the legal clocks the office would have today: stopped for what was
processed, running for the recent petitions and for the agencies that never answer
(one forwarding in fifty). Pages, each fetched through Django's test client as the person
who would open it (median of 5, after one warm-up):

- the overdue list (`/petitions/work/?scope=all&state=overdue`, the department head);
- "việc của tôi" (`/petitions/work/`, one specialist: their overdue and due-soon clocks);
- the API's overdue petitions (`/api/v1/petitions?overdue=true`, the department head);
- the year's report 4E for the current year (`/reports/show/4E`, the department head).

Beside each: the page's main query run bare through the cursor (the SQL Django generates
for the rows shown), and for the work lists a hand-written query of the same rows (what
one would type into psql: no permission subquery, no joins beyond the names shown).
The ratio page ÷ bare SQL is the target (≤ 2×); the query count of each page is printed.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
# --keep FILE keeps the SQLite database of the last size (to profile it); --reuse measures
# the one kept before, without generating again.
_KEEP = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else ""
_TMP = tempfile.mkdtemp(prefix="petitions-bench-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = _KEEP or str(Path(_TMP) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from scale_data import add_clocks, generate, report_statements, reset  # noqa: E402

from dannguyen.accounts.models import ApiToken, Role, User, UserRole  # noqa: E402
from dannguyen.petitions import queries  # noqa: E402
from dannguyen.petitions.models import Deadline, Petition  # noqa: E402
from dannguyen.reports import layouts, periods  # noqa: E402

RUNS = 5
START = datetime.date(2017, 1, 1)


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up: templates compiled, caches filled, pages in the OS cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def head() -> User:
    user, created = User.objects.get_or_create(
        username="truongphong", defaults={"full_name": "Trưởng phòng"}
    )
    if created:
        UserRole.objects.create(user=user, role=Role.objects.get(code=Role.Code.DEPARTMENT_HEAD))
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, url: str, **headers: str) -> tuple[float, int]:
    def fetch() -> None:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)

    # The test client resets Django's query log when a request starts, so count by hand.
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        fetch()
    return median_ms(fetch), count[0]


def hand_written(*, assignee: int | None, last: datetime.date) -> tuple:
    """The rows of a work list (running clocks due by LAST) as one would write them by hand."""
    table = Deadline._meta.db_table
    petitions = Petition._meta.db_table
    where = "d.outcome = '' AND d.paused_since IS NULL AND d.due_on <= %s"
    params: list = [last]
    if assignee is not None:
        where += " AND p.assigned_to_id = %s"
        params.append(assignee)
    sql = (
        f"SELECT d.id, d.step, d.due_on, d.basis, p.id, p.code, p.assigned_to_id "
        f"FROM {table} d JOIN {petitions} p ON p.id = d.petition_id "
        f"WHERE {where} ORDER BY d.due_on, d.id LIMIT 50"
    )
    return sql, params


def report_sql(code: str, period: periods.Period) -> list[tuple[str, list]]:
    """The grouped queries the report runs, as `queries.build` makes them."""
    return [
        (sql, p) for _key, sql, p in report_statements(layouts.in_force(code, period.end), period)
    ]


def line(name: str, page_ms: float, floor_ms: float, n: int, sql_ms: float, hand: Any) -> None:
    extra = page_ms - floor_ms
    by_hand = f"{hand:9.1f}" if hand is not None else f"{'–':>9}"
    print(
        f"{name:22} {page_ms:8.1f} {floor_ms:7.1f} {extra:8.1f} {sql_ms:9.1f} "
        f"{page_ms / max(sql_ms, 0.001):7.2f} {extra / max(sql_ms, 0.001):7.2f} {n:4d} "
        f"{by_hand}"
    )


def person(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": username})
    if created:
        UserRole.objects.create(user=user, role=Role.objects.get(code=role))
    return user


def measure(today: datetime.date) -> None:
    """Each page beside its floor: the same page where nothing is to be shown (a specialist
    with no letters, a deputy who was sent none, a year without data) — the fixed cost of
    Django, the session and the template, measured in the same run."""
    boss = head()
    specialist = User.objects.get(username="cv00")
    idle = person("nobody", Role.Code.RECEPTION_OFFICER)
    deputy = person("deputy", Role.Code.DEPUTY)
    boss_client, specialist_client = client_for(boss), client_for(specialist)
    last = queries.due_soon_limit(today)
    floor_work, _n = page(client_for(idle), "/petitions/work/")
    print(
        f"{'page':22} {'page ms':>8} {'floor':>7} {'above':>8} {'main SQL':>9} "
        f"{'pg/SQL':>7} {'ab/SQL':>7} {'qry':>4} {'by hand':>9}"
    )

    overdue_rows = queries.work_list(boss, today=today, scope="all", state="overdue")[:50]
    sql, params = overdue_rows.query.sql_with_params()
    hand_sql, hand_params = hand_written(assignee=None, last=today - datetime.timedelta(days=1))
    page_ms, n = page(boss_client, "/petitions/work/?scope=all&state=overdue")
    line(
        "overdue list",
        page_ms,
        floor_work,
        n,
        median_ms(lambda: bare(sql, list(params))),
        median_ms(lambda: bare(hand_sql, hand_params)),
    )

    mine = queries.work_list(specialist, today=today)[:50]
    sql, params = mine.query.sql_with_params()
    hand_sql, hand_params = hand_written(assignee=specialist.pk, last=last)
    page_ms, n = page(specialist_client, "/petitions/work/")
    line(
        "việc của tôi",
        page_ms,
        floor_work,
        n,
        median_ms(lambda: bare(sql, list(params))),
        median_ms(lambda: bare(hand_sql, hand_params)),
    )

    late = queries.overdue(boss, today).values("petition_id")
    api_rows = queries.register(boss, {}).filter(pk__in=late)[:20]
    sql, params = api_rows.query.sql_with_params()
    _token, raw = ApiToken.issue(boss, name="bench")
    _token, none_raw = ApiToken.issue(deputy, name="bench")
    url = "/api/v1/petitions?overdue=true"
    page_ms, n = page(Client(), url, Authorization=f"Bearer {raw}")
    floor_ms, _n = page(Client(), url, Authorization=f"Bearer {none_raw}")
    sql_ms = median_ms(lambda: bare(sql, list(params)))
    line("API ?overdue=true", page_ms, floor_ms, n, sql_ms, None)

    year = periods.whole_year(today.year)
    statements = report_sql("4E", year)
    page_ms, n = page(boss_client, f"/reports/show/4E?period=year&year={today.year}")
    floor_ms, _n = page(boss_client, "/reports/show/4E?period=year&year=2000")
    sql_ms = median_ms(lambda: [bare(s, p) for s, p in statements])
    line(f"report 4E, {today.year}", page_ms, floor_ms, n, sql_ms, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--keep", default="", help="SQLite file to keep the data in")
    parser.add_argument("--reuse", action="store_true", help="measure the kept data again")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    days = (today - START).days + 1
    print(f"database: {connection.vendor}; today {today}; median of {RUNS} after a warm-up")
    if args.reuse:
        print(f"\n{Petition._base_manager.count():,} petitions kept in {args.keep}")
        measure(today)
        return
    for n in args.sizes:
        reset()
        started = time.perf_counter()
        # A real register: what came in more than six weeks ago has been processed.
        generate(n, start=START, days=days, settled_before=today - datetime.timedelta(days=45))
        running = add_clocks(today)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"\n{n:,} petitions over {START.year}–{today.year} generated in "
            f"{time.perf_counter() - started:.0f}s; {Deadline.objects.count():,} clocks, "
            f"{running:,} running, "
            f"{Deadline.objects.filter(outcome='', due_on__lt=today).count():,} overdue"
        )
        measure(today)


if __name__ == "__main__":
    main()
