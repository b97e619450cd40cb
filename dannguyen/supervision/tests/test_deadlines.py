"""Deadline status of requests for reports, across weekends and holidays, with time travel."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from dannguyen.lib.workdays import WorkCalendar
from dannguyen.supervision import deadlines, queries, workflow
from dannguyen.supervision.deadlines import RequestStatus

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkCalendar({})


def status(today, due_on, answered=False):
    return deadlines.request_status(
        due_on=due_on, answered=answered, today=today, calendar=CALENDAR
    )


def test_ten_working_days_skip_the_weekend():
    # Monday 2/11/2026 → ten working days → Monday 16/11/2026.
    assert deadlines.default_due_on(datetime.date(2026, 11, 2), CALENDAR) == datetime.date(
        2026, 11, 16
    )


def test_ten_working_days_skip_tet():
    # Tết Bính Ngọ 2026 (16–20/02 off by the statutory calendar): sent Friday 13/02.
    assert deadlines.default_due_on(datetime.date(2026, 2, 13), CALENDAR) == datetime.date(
        2026, 3, 6
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 11, 9), RequestStatus.DUE),  # 5 working days left
        (datetime.date(2026, 11, 11), RequestStatus.DUE_SOON),  # 3 left
        (datetime.date(2026, 11, 13), RequestStatus.DUE_SOON),  # Friday: 1 left (Monday)
        (datetime.date(2026, 11, 15), RequestStatus.DUE_SOON),  # Sunday before
        (datetime.date(2026, 11, 16), RequestStatus.DUE_SOON),  # the day itself
        (datetime.date(2026, 11, 17), RequestStatus.OVERDUE),
    ],
)
def test_status_by_the_day(today, expected):
    assert status(today, datetime.date(2026, 11, 16)) == expected


def test_an_answered_request_is_never_overdue():
    assert (
        status(datetime.date(2027, 1, 1), datetime.date(2026, 11, 16), answered=True) == "answered"
    )


def test_a_day_off_before_the_due_date_is_not_counted_as_time_left():
    # Due Thursday 03/09/2026; on Monday 31/08 only 3/9 is a working day left (1–2/9 off).
    calendar = WorkCalendar(
        {datetime.date(2026, 8, 31): "day_off", datetime.date(2026, 9, 1): "day_off"}
    )
    result = deadlines.request_status(
        due_on=datetime.date(2026, 9, 3),
        answered=False,
        today=datetime.date(2026, 8, 28),
        calendar=calendar,
    )
    assert result == RequestStatus.DUE_SOON


@pytest.mark.django_db
def test_the_plan_page_status_follows_the_clock(running_plan, commune, supervision_officer):
    supervised = running_plan.supervised_agencies.get(agency=commune)
    workflow.send_request(
        supervised,
        values={
            "sent_on": datetime.date(2026, 11, 2),
            "reference": "1",
            "due_on": datetime.date(2026, 11, 16),
            "content": "",
        },
        by=supervision_officer,
    )

    def now_status(day):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VN), tick=False):
            supervised.refresh_from_db()
            today = timezone.localdate()
            rows = queries.request_rows(
                running_plan.supervised_agencies.prefetch_related(
                    "requests__reports", "reports"
                ).get(pk=supervised.pk),
                today=today,
                calendar=queries.calendar_for([today]),
            )
            return rows[0].status

    assert now_status(datetime.date(2026, 11, 3)) == RequestStatus.DUE
    assert now_status(datetime.date(2026, 11, 14)) == RequestStatus.DUE_SOON
    assert now_status(datetime.date(2026, 11, 17)) == RequestStatus.OVERDUE
    workflow.receive_report(
        supervised,
        values={
            "number": "2/BC",
            "dated": datetime.date(2026, 11, 18),
            "received_on": datetime.date(2026, 11, 18),
            "signer": "",
            "summary": "Báo cáo",
        },
        by=supervision_officer,
    )
    assert now_status(datetime.date(2026, 11, 19)) == RequestStatus.ANSWERED
