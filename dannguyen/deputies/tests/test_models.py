"""The records keep their shape in the database, whatever a form would let through."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from dannguyen.deputies.models import ActivityEntry, Area, Membership, Organization, Person, Term
from dannguyen.deputies.queries import names_in, public_deputies
from dannguyen.voters.models import Body


def _refused(**kwargs) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        kwargs.pop("model").objects.create(**kwargs)


def test_a_term_ends_after_it_starts_and_is_named_once_per_body(na_term):
    _refused(
        model=Term,
        body=Body.HDND_PROVINCE,
        name="2021–2026",
        starts_on=datetime.date(2021, 6, 1),
        ends_on=datetime.date(2021, 5, 1),
    )
    _refused(model=Term, body=Body.NA, name="XVI", starts_on=datetime.date(2026, 4, 6))
    _refused(model=Term, body="senate", name="I", starts_on=datetime.date(2026, 4, 6))


def test_an_organisation_has_a_known_kind_and_body(db):
    _refused(model=Organization, name="X", classification="party", body=Body.NA)
    _refused(model=Organization, name="X", classification="council", body="senate")


def test_an_electoral_unit_is_numbered_from_one_once_per_term(na_term):
    Area.objects.create(term=na_term, number=1, name="Đơn vị bầu cử số 1")
    _refused(model=Area, term=na_term, number=1, name="Trùng số")
    _refused(model=Area, term=na_term, number=0, name="Số 0")


def test_a_membership_has_a_known_role_dates_in_order_and_is_not_repeated(own, delegation, na_term):
    person = own
    base = {"person": person, "organization": delegation, "term": na_term}
    _refused(model=Membership, **base, role="king", starts_on=na_term.starts_on)
    _refused(
        model=Membership,
        **base,
        role="member",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2026, 5, 1),
    )
    _refused(model=Membership, **base, role="deputy_head", starts_on=na_term.starts_on)
    _refused(
        model=Membership, **base, role="member", engagement="sometimes", starts_on=na_term.starts_on
    )


def test_an_activity_entry_has_a_known_kind(own):
    _refused(
        model=ActivityEntry, person=own, kind="party", date=datetime.date(2026, 5, 1), title="X"
    )


def test_a_person_is_searchable_without_diacritics(db):
    person = Person.objects.create(name="Đỗ Thị Đại Biểu")
    assert person.name_folded == "do thi dai bieu"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Đồng chí Lương Văn Khánh, Đại biểu HĐND tỉnh", True),
        ("Luong Van Khanh", True),
        ("Lương Văn Khánhs", False),
        ("Lương Văn Khá", False),
        ("", False),
    ],
)
def test_a_name_is_found_in_a_list_only_as_a_whole_name(text, found):
    assert names_in(text, "Lương Văn Khánh") is found


def test_public_deputies_are_those_with_a_running_public_membership(own, khanh, today):
    assert list(public_deputies()) == [own, khanh]
    Membership.objects.filter(person=khanh).update(is_public=False)
    Membership.objects.filter(person=own).update(ends_on=datetime.date(2026, 11, 19))
    assert list(public_deputies()) == []
