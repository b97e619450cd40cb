from __future__ import annotations

import datetime

import pytest

from dannguyen.legal import effect
from dannguyen.legal.effect import Event
from dannguyen.legal.models import EffectEvent, EffectStatus, Relation

from .factories import LegalDocumentFactory

D = datetime.date
S = EffectStatus


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2012, 6, 30), S.NOT_YET_IN_FORCE),
        (D(2012, 7, 1), S.IN_FORCE),
        (D(2018, 12, 31), S.PARTIALLY_EXPIRED),
        (D(2020, 3, 1), S.SUSPENDED),
        (D(2020, 9, 1), S.PARTIALLY_EXPIRED),
        (D(2024, 1, 1), S.EXPIRED),
    ],
)
def test_status_follows_the_events_in_date_order(as_of, expected):
    events = [
        Event(D(2012, 7, 1), "takes_effect"),
        Event(D(2018, 7, 1), "expires_partly", provisions="Điều 5"),
        Event(D(2020, 2, 1), "suspended"),
        Event(D(2020, 8, 1), "resumed"),
        Event(D(2023, 7, 1), "expires"),
    ]

    assert effect.status_on(events, as_of) == expected


def test_status_without_any_date_is_unknown():
    assert effect.status_on([], D(2026, 1, 1)) == S.UNKNOWN


def test_expiry_without_known_start_is_still_expired():
    assert effect.status_on([Event(D(2020, 1, 1), "expires")], D(2021, 1, 1)) == S.EXPIRED
    assert effect.status_on([Event(D(2020, 1, 1), "expires")], D(2019, 1, 1)) == S.UNKNOWN


@pytest.mark.django_db
def test_replacement_by_another_document_ends_the_effect():
    old = LegalDocumentFactory(number_raw="02/2011/QH13", title="Luật Khiếu nại")
    new = LegalDocumentFactory(
        number_raw="99/2025/QH15",
        title="Luật Khiếu nại (thay thế)",
        issued_on=D(2025, 6, 1),
        effective_on=D(2026, 7, 1),
    )
    Relation.objects.create(source=new, kind="replaces", target=old, target_key=old.number_key)

    assert effect.document_status(old, D(2026, 6, 30)) == S.IN_FORCE
    assert effect.document_status(old, D(2026, 7, 1)) == S.EXPIRED
    assert effect.document_status(new, D(2026, 6, 30)) == S.NOT_YET_IN_FORCE


@pytest.mark.django_db
def test_amendment_of_some_articles_makes_it_partially_expired():
    law = LegalDocumentFactory()
    amending = LegalDocumentFactory(issued_on=D(2019, 1, 1), effective_on=D(2019, 7, 1))
    Relation.objects.create(
        source=amending,
        kind="amends",
        target=law,
        target_key=law.number_key,
        provision_label="Điều 8, Điều 12",
        is_partial=True,
    )

    events = effect.events_of(law)

    assert [(e.on, e.kind, e.provisions) for e in events] == [
        (D(2012, 7, 1), "takes_effect", ""),
        (D(2019, 7, 1), "expires_partly", "Điều 8, Điều 12"),
    ]
    assert effect.document_status(law, D(2020, 1, 1)) == S.PARTIALLY_EXPIRED


@pytest.mark.django_db
def test_recorded_suspension_and_own_expiry_date():
    law = LegalDocumentFactory(expires_on=D(2030, 1, 1))
    EffectEvent.objects.create(document=law, on=D(2025, 1, 1), kind="suspended", basis="QĐ 1")

    assert effect.document_status(law, D(2025, 6, 1)) == S.SUSPENDED
    assert effect.document_status(law, D(2030, 1, 1)) == S.EXPIRED


@pytest.mark.django_db
def test_timeline_prefetch_keeps_queries_constant(django_assert_num_queries):
    from dannguyen.legal.models import LegalDocument

    for _ in range(5):
        LegalDocumentFactory()

    with django_assert_num_queries(3):
        docs = list(effect.with_timeline(LegalDocument.objects.all()))
        statuses = [effect.document_status(d, D(2026, 1, 1)) for d in docs]

    assert statuses == [S.IN_FORCE] * 5


@pytest.mark.django_db
def test_the_database_filter_agrees_with_the_rules_on_every_case():
    """Many small worlds (own dates, acts of other documents with and without dates of
    their own, hand-recorded events, same-day suspension and resumption), every status
    asked on dates around each event: SQL and Python must name the same documents."""
    import random

    rng = random.Random(7)
    dates = [D(2012, 1, 1), D(2014, 1, 1), D(2016, 1, 1), D(2018, 1, 1), D(2020, 1, 1)]
    acting_kinds = ["replaces", "repeals", "amends", "suspends_effect", "suspends_execution"]
    actors = [LegalDocumentFactory(issued_on=d, effective_on=rng.choice([d, None])) for d in dates]
    for _ in range(60):
        effective_on = rng.choice([None, *dates])
        expires_on = rng.choice([None, None, *dates])
        if effective_on and expires_on and expires_on < effective_on:
            effective_on, expires_on = expires_on, effective_on
        doc = LegalDocumentFactory(
            issued_on=D(2011, 1, 1), effective_on=effective_on, expires_on=expires_on
        )
        for n in range(rng.randint(0, 3)):
            Relation.objects.create(
                provision_label=f"Điều {n + 1}",
                target_key=doc.number_key,
                source=rng.choice(actors),
                target=doc,
                kind=rng.choice(acting_kinds),
                is_partial=rng.random() < 0.5,
                effective_on=rng.choice([None, *dates]),
            )
        for _ in range(rng.randint(0, 3)):
            EffectEvent.objects.create(
                document=doc,
                on=rng.choice(dates),
                kind=rng.choice(
                    ["takes_effect", "expires", "expires_partly", "suspended", "resumed"]
                ),
            )
    documents = effect.with_timeline(effect.LegalDocument.objects.all())
    checked = set()
    for as_of in [D(2011, 6, 1), *dates, *(d.replace(month=6) for d in dates)]:
        expected: dict[str, set[int]] = {}
        for d in documents:
            expected.setdefault(effect.document_status(d, as_of), set()).add(d.pk)
        for status in EffectStatus.values:
            found = set(
                effect.filter_by_status(
                    effect.LegalDocument.objects.all(), status, as_of
                ).values_list("pk", flat=True)
            )
            assert found == expected.get(status, set()), (status, as_of)
        checked |= set(expected)
    assert checked == set(EffectStatus.values)  # every status occurs somewhere


def test_same_day_suspension_and_resumption_leave_the_document_in_force():
    events = [
        Event(D(2012, 7, 1), "takes_effect"),
        Event(D(2020, 2, 1), "resumed"),
        Event(D(2020, 2, 1), "suspended"),
    ]

    assert effect.status_on(events, D(2020, 2, 1)) == S.IN_FORCE
