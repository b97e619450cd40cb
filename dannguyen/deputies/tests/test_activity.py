"""A deputy's activity is found in the other apps, by their account and by their name."""

from __future__ import annotations

import datetime

from dannguyen.deputies import queries
from dannguyen.deputies.queries import Source


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
