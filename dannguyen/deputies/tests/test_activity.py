"""A deputy's activity is found in the other apps, by their account and by their name."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from dannguyen.core.models import Agency
from dannguyen.deputies import queries
from dannguyen.deputies.models import ActivityEntry
from dannguyen.deputies.queries import Source
from dannguyen.events.models import Event, Participant
from dannguyen.petitions import workflow as petitions
from dannguyen.petitions.models import Forwarding
from dannguyen.petitions.tests.conftest import COMPLAINANT
from dannguyen.petitions.tests.conftest import values as petition_values
from dannguyen.reception import workflow as reception
from dannguyen.supervision.models import SupervisionPlan
from dannguyen.voters.models import Meeting, Opinion, Session

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def reception_session(host, day, by, *, held=True):
    session = reception.plan(
        values={
            "kind": "periodic",
            "host_body": "na_deputy",
            "method": "in_person",
            "date": day,
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(11, 30),
            "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
        },
        hosts=[host],
        staff=[by],
        by=by,
    )
    if held:
        reception.hold(session, by=by)
    return session


def voter_meeting(day, *, na="", province="", opinions=0, place="Nhà văn hóa thôn Đông"):
    session, _created = Session.objects.get_or_create(
        body="na",
        term="XVI",
        number=1,
        defaults={
            "kind": "regular",
            "opens_on": datetime.date(2026, 10, 20),
            "closes_on": datetime.date(2026, 12, 10),
        },
    )
    meeting = Meeting.objects.create(
        session=session,
        timing="before",
        held_on=day,
        place=place,
        na_deputies=na,
        province_deputies=province,
    )
    for i in range(opinions):
        Opinion.objects.create(meeting=meeting, order=i, content=f"Kiến nghị số {i + 1}")
    return meeting


def event(title, day, *, public, attendees=(), invited=()):
    found = Event.objects.create(
        title=title,
        kind="briefing",
        organiser="Thường trực HĐND tỉnh Ninh Bình",
        starts_at=datetime.datetime(2026, day.month, day.day, 8, tzinfo=VN),
        ends_at=datetime.datetime(2026, day.month, day.day, 17, tzinfo=VN),
        place="Hội trường tầng 3",
        is_public=public,
        status="held",
    )
    for user in attendees:
        Participant.objects.create(event=found, kind="deputy", user=user, attended=True)
    for user in invited:
        Participant.objects.create(event=found, kind="deputy", user=user, attended=False)
    return found


@pytest.fixture
def record(full_world, own, deputy, reception_officer, department_head, khanh):
    """Everything the other apps recorded in 2026 for the deputy, and a few things that are
    someone else's or did not happen."""
    reception_session(deputy, datetime.date(2026, 5, 15), reception_officer)
    reception_session(deputy, datetime.date(2026, 10, 15), reception_officer)
    reception_session(deputy, datetime.date(2026, 12, 15), reception_officer, held=False)
    for received_on in (datetime.date(2026, 6, 2), datetime.date(2026, 7, 1)):
        petitions.register(
            values=petition_values(
                received_on=received_on,
                kind="complaint",
                receiving_subject="na_deputy",
                receiving_deputy=deputy,
            ),
            people=[COMPLAINANT],
            by=reception_officer,
        )
    first = own.user.addressed_petitions.order_by("received_on").first()
    Forwarding.objects.create(
        petition=first,
        agency=Agency.objects.get(name="Thanh tra tỉnh Ninh Bình"),
        forwarded_on=datetime.date(2026, 6, 20),
    )
    petitions.register(values=petition_values(), people=[COMPLAINANT], by=reception_officer)
    voter_meeting(
        datetime.date(2026, 10, 10),
        na="Bà Đỗ Thị Đại Biểu, Phó Trưởng đoàn ĐBQH tỉnh",
        province="Lương Văn Khánh",
        opinions=3,
    )
    voter_meeting(datetime.date(2026, 10, 11), na="Đỗ Thị Đại", opinions=2)
    plan = SupervisionPlan.objects.create(
        title="Giám sát việc giải quyết khiếu nại về đất đai",
        scope="Việc giải quyết khiếu nại về bồi thường, hỗ trợ tái định cư.",
        period_from=datetime.date(2025, 1, 1),
        period_to=datetime.date(2026, 6, 30),
        starts_on=datetime.date(2026, 8, 3),
        ends_on=datetime.date(2026, 9, 30),
        head=department_head,
    )
    plan.members.add(deputy)
    event("Hội nghị giao ban công khai", datetime.date(2026, 9, 9), public=True, attendees=[deputy])
    event("Tập huấn nội bộ", datetime.date(2026, 9, 23), public=False, attendees=[deputy])
    event("Hội nghị vắng mặt", datetime.date(2026, 9, 30), public=True, invited=[deputy])
    ActivityEntry.objects.create(
        person=own,
        kind="speech",
        date=datetime.date(2026, 10, 24),
        title="Thảo luận tổ",
        is_public=True,
    )
    ActivityEntry.objects.create(
        person=own, kind="field_trip", date=datetime.date(2025, 12, 1), title="Khảo sát nội bộ"
    )
    return own


def test_the_full_record_counts_every_source_by_year(record):
    activity = queries.activity(record, public_only=False)
    assert [y.year for y in activity.years] == [2026, 2025]
    assert dict(activity.year(2026).counts) == {
        Source.RECEPTION: 2,
        Source.PETITIONS_RECEIVED: 2,
        Source.PETITIONS_FORWARDED: 1,
        Source.VOTER_MEETINGS: 1,
        Source.VOTER_OPINIONS: 3,
        Source.SUPERVISION: 1,
        Source.EVENTS: 2,
        "speech": 1,
    }
    assert dict(activity.year(2025).counts) == {"field_trip": 1}


def test_the_timeline_lists_dated_items_newest_first_without_petitions(record):
    items = queries.activity(record, public_only=False, year=2026).year(2026).items
    assert [(i.date, i.source) for i in items] == [
        (datetime.date(2026, 10, 24), "speech"),
        (datetime.date(2026, 10, 15), Source.RECEPTION),
        (datetime.date(2026, 10, 10), Source.VOTER_MEETINGS),
        (datetime.date(2026, 9, 23), Source.EVENTS),
        (datetime.date(2026, 9, 9), Source.EVENTS),
        (datetime.date(2026, 8, 3), Source.SUPERVISION),
        (datetime.date(2026, 5, 15), Source.RECEPTION),
    ]


def test_the_public_record_keeps_to_public_sources(record):
    activity = queries.activity(record, public_only=True)
    assert dict(activity.year(2026).counts) == {
        Source.RECEPTION: 2,
        Source.VOTER_MEETINGS: 1,
        Source.EVENTS: 1,
        "speech": 1,
    }
    assert [y.year for y in activity.years] == [2026]
    assert all(i.url == "" for i in activity.year(2026).items)


def test_a_deputy_without_an_account_is_found_by_name_in_voter_meetings(record, khanh):
    activity = queries.activity(khanh, public_only=False)
    assert dict(activity.year(2026).counts) == {Source.VOTER_MEETINGS: 1, Source.VOTER_OPINIONS: 3}


def test_a_year_asked_for_holds_only_that_year(record):
    activity = queries.activity(record, public_only=False, year=2025)
    assert [y.year for y in activity.years] == [2025]
    assert [i.title for i in activity.year(2025).items] == ["Khảo sát nội bộ"]


def test_the_summary_rows_show_the_main_sources_even_when_nothing_happened(own):
    rows = queries.activity(own, public_only=False).year(2026).count_rows()
    assert [(source, n) for source, _label, n in rows] == [
        (Source.RECEPTION, 0),
        (Source.PETITIONS_RECEIVED, 0),
        (Source.PETITIONS_FORWARDED, 0),
        (Source.VOTER_MEETINGS, 0),
        (Source.VOTER_OPINIONS, 0),
        (Source.SUPERVISION, 0),
        (Source.EVENTS, 0),
    ]
