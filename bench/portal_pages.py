"""The public portal's pages: time and weight of each, next to a static file served by the
same server in the same run.

    .venv/bin/python bench/portal_pages.py                  # SQLite in a temp file
    .venv/bin/python bench/portal_pages.py --runs 50 --petitions 1000
    DATABASE_URL=postgres://… .venv/bin/python bench/portal_pages.py

A throw-away database gets the reference data, the demo users, the demo laws (when
../shared/data/legal-vlc is there), a year of demo reception sessions, public and internal
events, a voter-contact session with N answered petitions whose publication day has
passed, and the demo deputies and news articles (with their pictures). Each page is then
requested N times through Django's test client as an anonymous visitor (the full
middleware stack, WhiteNoise included); the table gives the median and the 90th
percentile, the queries of one request, the HTML's bytes (raw and gzipped) and the bytes
of the stylesheets, scripts and images the page references. The static rows are WhiteNoise
serving a file through the same client: the floor of what a request costs here. The
answers to voters are kept in the cache for five minutes; "cache empty" is the cost of
computing them (each petition's Art 51 publication day).
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import gzip
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
_TMP = tempfile.mkdtemp(prefix="portal-bench-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")
os.environ["DANNGUYEN_MEDIA_ROOT"] = str(Path(_TMP) / "media")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from dannguyen.core import audit, demo  # noqa: E402
from dannguyen.core.models import Agency, FieldOfWork  # noqa: E402
from dannguyen.deputies import demo as deputies_demo  # noqa: E402
from dannguyen.deputies.models import Person  # noqa: E402
from dannguyen.events.models import Event  # noqa: E402
from dannguyen.legal.models import LegalDocument  # noqa: E402
from dannguyen.news import demo as news_demo  # noqa: E402
from dannguyen.news import queries as news_queries  # noqa: E402
from dannguyen.reception import demo as reception_demo  # noqa: E402
from dannguyen.voters.models import (  # noqa: E402
    Answer,
    ContactPlan,
    Dispatch,
    Meeting,
    Opinion,
    Session,
    SynthesisReport,
    VoterPetition,
)

_ASSET = re.compile(
    r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"]+)"'
    # News pictures and deputies' photos are served by the portal itself.
    r'|<img[^>]+src="(/portal/[^"]+)"'
)


def seed_voters(petitions: int, today: datetime.date) -> None:
    """A session that closed eight months ago, its meetings, N classified petitions sent
    to an agency and answered: past the Art 51 day, so all are published."""
    opens = today - datetime.timedelta(days=300)
    session = Session.objects.create(
        body="na",
        term="XV",
        number=99,
        kind="regular",
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=30),
    )
    ContactPlan.objects.create(
        session=session,
        timing="before",
        issued_on=opens - datetime.timedelta(days=40),
        published_on=opens - datetime.timedelta(days=39),
    )
    agency = Agency.objects.filter(level="central").order_by("pk").first()
    field = FieldOfWork.objects.order_by("code").first()
    meeting = Meeting.objects.create(
        session=session,
        timing="before",
        held_on=opens - datetime.timedelta(days=20),
        place="Nhà văn hóa xã",
        na_deputies="Đại biểu Nguyễn Văn A",
    )
    rows = VoterPetition.objects.bulk_create(
        VoterPetition(
            session=session,
            title=f"Đề nghị nâng cấp tuyến đường liên xã số {n} vì xuống cấp nghiêm trọng.",
            status="classified",
            is_fixed=True,
            field=field,
            competence="central",
            agency=agency,
        )
        for n in range(petitions)
    )
    Opinion.objects.bulk_create(
        Opinion(meeting=meeting, order=n, speaker="Ông Cử Tri", content=p.title, group=p)
        for n, p in enumerate(rows)
    )
    report = SynthesisReport.objects.create(
        session=session,
        timing="before",
        audience="central",
        status="sent",
        approved_at=timezone.now(),
    )
    Dispatch.objects.create(
        report=report, agency=agency, sent_on=opens - datetime.timedelta(days=10)
    )
    answered_on = opens + datetime.timedelta(days=20)
    Answer.objects.bulk_create(
        Answer(
            petition=p,
            agency=agency,
            reference=f"{n + 1}/BGTVT-KH",
            dated=answered_on,
            received_on=answered_on,
            text="Bộ đã bố trí vốn trong kế hoạch đầu tư công trung hạn giai đoạn 2026–2030.",
            result="resolved",
            detail="implementation",
        )
        for n, p in enumerate(rows)
    )


def seed_events(count: int, today: datetime.date) -> None:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8)))
    Event.objects.bulk_create(
        Event(
            title=f"Hội nghị chuyên đề số {n + 1}",
            kind="briefing",
            organiser="Thường trực HĐND tỉnh",
            starts_at=start + datetime.timedelta(days=3 * n),
            ends_at=start + datetime.timedelta(days=3 * n, hours=8),
            place="Hội trường tầng 3",
            is_public=n % 2 == 0,
        )
        for n in range(count)
    )


def measure(client: Client, url: str, runs: int, *, cold: bool) -> tuple[list[float], int, bytes]:
    client.get(url)  # warm the template and URL caches
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return times, len(captured.captured_queries), body


def asset_bytes(client: Client, html: bytes, seen: dict[str, int]) -> int:
    total = 0
    found = _ASSET.findall(html.decode("utf-8", "replace"))
    for path in sorted({static or portal for static, portal in found}):
        if path not in seen:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else b""
            seen[path] = len(body or response.content)
        total += seen[path]
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--petitions", type=int, default=200)
    parser.add_argument("--events", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    today = timezone.localdate()
    with audit.acting_as(None, source="command:bench"):
        demo.seed()
        laws = demo.seed_laws()
        sessions = reception_demo.seed(today=today)
        seed_events(args.events, today)
        seed_voters(args.petitions, today)
        deputies = deputies_demo.seed(today=today)
        articles = news_demo.seed(today=today)
    biggest = (
        LegalDocument.objects.annotate(units=Count("provisions")).order_by("-units", "pk").first()
    )
    print(
        f"database: {connection.vendor}; laws: {len(laws)}; reception sessions: {sessions}; "
        f"events: {args.events}; answered petitions: {args.petitions}; deputies: {deputies}; "
        f"news articles: {articles}; runs per page: {args.runs}"
    )
    pages = [
        ("home", reverse("portal:home")),
        ("schedules (month)", reverse("portal:schedules")),
        ("schedules (list)", reverse("portal:schedules") + "?view=list"),
        ("schedules (.ics)", reverse("portal:schedules_ics")),
        ("legal: browse", reverse("portal:legal_search")),
        ("legal: search", reverse("portal:legal_search") + "?q=thời+hạn+giải+quyết+khiếu+nại"),
        ("answers to voters", reverse("portal:voter_answers")),
        ("answers (cache empty)", reverse("portal:voter_answers") + "?cold"),
        ("API: schedules", "/api/v1/public/schedules"),
        ("API: voter answers", "/api/v1/public/voter-answers"),
    ]
    if biggest is not None:
        pages.insert(6, ("legal: document", reverse("portal:legal_document", args=[biggest.pk])))
    latest = news_queries.latest_published(1)
    deputy = Person.objects.order_by("pk").first()
    pages += [
        ("news", reverse("news_public:index")),
        *([("news: article", latest[0].get_public_url())] if latest else []),
        ("news: RSS", reverse("news_public:rss")),
        ("deputies", reverse("deputies_public:index")),
        *([("deputy", deputy.get_public_url())] if deputy else []),
        ("send a petition", reverse("submissions:start")),
        ("track a petition", reverse("submissions:lookup")),
        # The public's machine-readable reads; /api/v1/news and /deputies are staff's.
        ("deputies: Popolo JSON", reverse("deputies_public:popolo")),
    ]
    statics = [
        ("static: portal.css", "/static/portal/portal.css"),
        ("static: bootstrap.css", "/static/bootstrap/css/bootstrap.min.css"),
    ]
    client = Client()
    seen: dict[str, int] = {}
    header = (
        f"{'page':<24}{'median ms':>10}{'p90 ms':>9}{'queries':>9}"
        f"{'HTML KB':>9}{'gzip KB':>9}{'assets KB':>11}{'total KB':>10}"
    )
    print(header)
    print("-" * len(header))
    for label, url in [*pages, *statics]:
        reset_queries()
        times, queries, body = measure(client, url, args.runs, cold=url.endswith("?cold"))
        assets = asset_bytes(client, body, seen) if url.startswith("/portal/") else 0
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        print(
            f"{label:<24}{statistics.median(times):>10.1f}{p90:>9.1f}{queries:>9}"
            f"{len(body) / 1024:>9.1f}{len(gzip.compress(body)) / 1024:>9.1f}"
            f"{assets / 1024:>11.1f}{(len(body) + assets) / 1024:>10.1f}"
        )
    print("assets are counted uncompressed; WhiteNoise serves them gzipped in production.")


if __name__ == "__main__":
    main()
