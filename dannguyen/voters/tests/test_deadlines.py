"""The time limits of the cycle, from the shipped rules, across weekends and holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from dannguyen.lib.workdays import WorkCalendar
from dannguyen.voters import deadlines
from dannguyen.voters.models import RuleStep, TimeRule

pytestmark = pytest.mark.django_db

CAL = WorkCalendar({})


def rules():
    return list(TimeRule.objects.all())


def test_every_shipped_rule_cites_an_article():
    shipped = rules()
    assert {r.code for r in shipped} == {
        "plan-publication",
        "meetings-before",
        "meetings-after",
        "synthesis-before-regular",
        "synthesis-after-regular",
        "synthesis-before-extraordinary",
        "synthesis-after-extraordinary",
        "answer",
        "publication",
    }
    assert all("Điều" in r.legal_basis for r in shipped)


def test_regular_session_reports_fifteen_days_before_and_after():
    # Opens Monday 18/5/2026: 15 days before is Sunday 3/5, so the Friday before (1/5 is a
    # holiday, 30/4 too): Wednesday 29/4.
    before = deadlines.synthesis_due(
        timing="before",
        kind="regular",
        opens_on=dt.date(2026, 5, 18),
        closes_on=dt.date(2026, 6, 26),
        rules=rules(),
        calendar=CAL,
    )
    assert before is not None
    assert before.due_on == dt.date(2026, 4, 29)
    assert "Điều 37" in before.basis
    # Closes Friday 26/6: 15 days after is Saturday 11/7, moved to Monday 13/7.
    after = deadlines.synthesis_due(
        timing="after",
        kind="regular",
        opens_on=dt.date(2026, 5, 18),
        closes_on=dt.date(2026, 6, 26),
        rules=rules(),
        calendar=CAL,
    )
    assert after is not None
    assert after.due_on == dt.date(2026, 7, 13)


def test_extraordinary_session_counts_working_days():
    # Opens Monday 12/10/2026: the 2nd working day before is Thursday 8/10.
    before = deadlines.synthesis_due(
        timing="before",
        kind="extraordinary",
        opens_on=dt.date(2026, 10, 12),
        closes_on=dt.date(2026, 10, 13),
        rules=rules(),
        calendar=CAL,
    )
    after = deadlines.synthesis_due(
        timing="after",
        kind="extraordinary",
        opens_on=dt.date(2026, 10, 12),
        closes_on=dt.date(2026, 10, 13),
        rules=rules(),
        calendar=CAL,
    )
    assert before is not None and after is not None
    assert before.due_on == dt.date(2026, 10, 8)
    # 7 working days after Tuesday 13/10: Thursday 22/10.
    assert after.due_on == dt.date(2026, 10, 22)
    assert "NQLT 100/2025" in after.basis


def test_the_amended_rule_is_not_applied_before_it_came_into_force():
    assert (
        deadlines.synthesis_due(
            timing="after",
            kind="extraordinary",
            opens_on=dt.date(2025, 6, 2),
            closes_on=dt.date(2025, 6, 3),
            rules=rules(),
            calendar=CAL,
        )
        is None
    )


def test_the_plan_is_published_seven_whole_working_days_before_the_meeting():
    rule = deadlines.rule_for(
        rules(), RuleStep.PLAN_PUBLICATION, on=dt.date(2026, 4, 21), session_kind="regular"
    )
    assert rule is not None
    # Meeting Tuesday 21/4/2026: 7 whole working days between → Thursday 9/4 at the latest.
    assert deadlines.plan_published_by(dt.date(2026, 4, 21), rule, CAL) == dt.date(2026, 4, 9)


def test_meeting_window_is_bounded_by_the_neighbouring_sessions_and_the_rule():
    before_rule = deadlines.rule_for(
        rules(), RuleStep.MEETINGS_BEFORE, on=dt.date(2026, 5, 18), session_kind="regular"
    )
    window = deadlines.meeting_window(
        timing="before",
        opens_on=dt.date(2026, 5, 18),
        closes_on=dt.date(2026, 6, 26),
        rule=before_rule,
        previous_closes_on=dt.date(2026, 3, 1),
    )
    assert (window.first, window.last) == (dt.date(2026, 3, 2), dt.date(2026, 5, 17))
    after = deadlines.meeting_window(
        timing="after",
        opens_on=dt.date(2026, 5, 18),
        closes_on=dt.date(2026, 6, 26),
        rule=None,
        next_opens_on=dt.date(2026, 7, 10),
    )
    assert (after.first, after.last) == (dt.date(2026, 6, 27), dt.date(2026, 7, 9))
    assert dt.date(2026, 6, 26) not in after


def test_a_thematic_session_has_no_statutory_synthesis_deadline():
    # domain.md §3.4 reads Art 38(2) for extraordinary sessions only; Art 18 names thematic
    # sessions among the rounds of contact but no article gives their report a count.
    for timing in ("before", "after"):
        assert (
            deadlines.synthesis_due(
                timing=timing,
                kind="thematic",
                opens_on=dt.date(2026, 10, 12),
                closes_on=dt.date(2026, 10, 13),
                rules=rules(),
                calendar=CAL,
            )
            is None
        )


def test_the_meeting_window_is_office_practice_said_so_in_its_basis():
    # Art 18 names the rounds without a count: the 90 days are the office's, as data.
    shipped = {r.code: r for r in rules()}
    for code in ("meetings-before", "meetings-after"):
        assert shipped[code].count == 90
        assert "không quy định số ngày" in shipped[code].legal_basis
        assert "thực tiễn của Văn phòng" in shipped[code].legal_basis
