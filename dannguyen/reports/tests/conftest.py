"""The world of the report tests: a small province with hand-built letters and receptions.

Letters are registered, assigned and classified with the real petition workflow, sessions
planned, held and given their cases with the real reception workflow, each at its own date
(time-machine). The outcomes after classification (forwarding, urging, answers, filing) are
recorded with the processing verbs (forward, urge, record_answer, file), whose legal clocks
come from the shipped deadline rules.

Quarter III of 2026 (01/07–30/09) is the period the tests report on:

- P1 10/06 complaint, HC-DD-BT, eligible, within competence, resolved once; office;
  nothing done yet (carried over).
- P2 05/05 complaint, HC-CS, eligible; office; filed 20/05 (not carried over).
- P3 02/07 complaint, HC-DD-BT, eligible, outside; office; forwarded 10/07 to the
  inspectorate, answered 20/08.
- P4 15/07 denunciation with 3 signers, TN-DD, eligible, outside; NA delegation; forwarded
  20/07, urged 01/09, no answer (its answer clock from the deadline rules).
- P5 01/08 recommendation, anonymous, KHAC-DS, ineligible, duplicate of P3; office; filed
  05/08.
- P6 10/09 several matters, not classified; office.
- P7 05/10 complaint (the next quarter).

Reception in the quarter: 12/08 a deputy's session (one person, explained; a group of 7,
guided), 15/09 the office's session (two people, forwarded), 20/09 a cancelled session.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from dannguyen.core import reference_data
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.petitions import workflow
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import (
    Forwarding,
    Petition,
)
from dannguyen.petitions.tests.conftest import COMPLAINANT, DENOUNCER, load_ninh_binh
from dannguyen.reception import workflow as reception
from dannguyen.reports import periods
from dannguyen.reports import reference_data as report_reference

Q3 = periods.quarter(2026, 3)
SECOND = PersonInput(full_name="Lê Văn Hai", address="Xã Gia Vân, tỉnh Ninh Bình")
THIRD = PersonInput(full_name="Đỗ Thị Ba", address="Xã Gia Vân, tỉnh Ninh Bình")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def d(month: int, day: int) -> datetime.date:
    return datetime.date(2026, month, day)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shipped(db):
    report_reference.load(reference_data.LoadReport())


@pytest.fixture
def base(db, shipped):
    load_ninh_binh()
    reference_data.load_fields_of_work(reference_data.LoadReport())
    reference_data.load_agencies(reference_data.LoadReport())


def _field(code: str) -> FieldOfWork:
    return FieldOfWork.objects.get(code=code)


class World:
    def __init__(self, officer: Any, head: Any):
        self.officer = officer
        self.head = head
        self.inspectorate = Agency.objects.get(name="Thanh tra tỉnh Ninh Bình")
        self.ward = AdministrativeUnit.objects.filter(kind__in=["commune", "ward"]).order_by(
            "code"
        )[0]
        self.petitions: dict[str, Petition] = {}

    def letter(self, code: str, received: datetime.date, people=(COMPLAINANT,), **values):
        with time_machine.travel(at(received), tick=False):
            petition = workflow.register(
                values={
                    "received_on": received,
                    "channel": "post",
                    "content": f"Đơn {code}.",
                    **values,
                },
                people=list(people),
                by=self.officer,
            )
        self.petitions[code] = petition
        return petition

    def classify(self, code: str, day: datetime.date, *, field: str, **values):
        petition = self.petitions[code]
        with time_machine.travel(at(day, 10), tick=False):
            workflow.assign(petition, to=self.officer, by=self.head)
            workflow.classify(
                petition,
                kind=values.pop("kind", petition.kind),
                main_field=_field(field),
                eligibility=values.pop("eligibility", "eligible"),
                ineligibility_reasons=values.pop("reasons", ()),
                competence=values.pop("competence", "undetermined"),
                competent_agency=values.pop("agency", None),
                procedure_stage=values.pop("stage", "undetermined"),
                by=self.officer,
            )

    def file(self, code: str, day: datetime.date, reason: str = "not_forwarded") -> None:
        with time_machine.travel(at(day, 14), tick=False):
            workflow.file(self.petitions[code], reason=reason, by=self.officer, on=day)

    def forward(self, code: str, day: datetime.date) -> Forwarding:
        with time_machine.travel(at(day, 14), tick=False):
            (forwarding,) = workflow.forward(
                self.petitions[code], agencies=[self.inspectorate], by=self.officer, on=day
            )
        return forwarding

    def answer(self, forwarding: Forwarding, day: datetime.date) -> None:
        with time_machine.travel(at(day, 15), tick=False):
            workflow.record_answer(
                self.petitions[self._code(forwarding.petition)],
                forwarding=forwarding,
                kind="result",
                number="12/TTr-NV",
                issued_on=day,
                received_on=day,
                summary="Đã giải quyết.",
                by=self.officer,
            )

    def urge(self, forwarding: Forwarding, day: datetime.date) -> None:
        with time_machine.travel(at(day, 14), tick=False):
            workflow.urge(
                self.petitions[self._code(forwarding.petition)],
                forwarding=forwarding,
                by=self.officer,
                on=day,
            )

    def _code(self, petition: Petition) -> str:
        return next(k for k, v in self.petitions.items() if v.pk == petition.pk)


@pytest.fixture
def world(base, reception_officer, department_head, deputy):
    w = World(reception_officer, department_head)
    w.letter("P1", d(6, 10), kind="complaint", place=w.ward)
    w.classify("P1", d(6, 11), field="HC-DD-BT", competence="within", stage="first_resolved")
    w.letter("P2", d(5, 5), kind="complaint")
    w.classify("P2", d(5, 6), field="HC-CS")
    w.file("P2", d(5, 20))

    w.letter("P3", d(7, 2), kind="complaint", place=w.ward)
    w.classify("P3", d(7, 3), field="HC-DD-BT", competence="outside", agency=w.inspectorate)
    first = w.forward("P3", d(7, 10))
    w.answer(first, d(8, 20))

    w.letter(
        "P4",
        d(7, 15),
        people=(DENOUNCER, SECOND, THIRD),
        kind="denunciation",
        signer_count=3,
        channel="in_person",
        receiving_subject="na_delegation",
    )
    w.classify("P4", d(7, 16), field="TN-DD", competence="outside", agency=w.inspectorate)
    second = w.forward("P4", d(7, 20))
    w.urge(second, d(9, 1))

    w.letter("P5", d(8, 1), kind="petition", is_anonymous=True)
    w.classify("P5", d(8, 2), field="KHAC-DS", eligibility="ineligible", reasons=["duplicate"])
    with time_machine.travel(at(d(8, 2), 11), tick=False):
        workflow.link_duplicate(w.petitions["P5"], original=w.petitions["P3"], by=reception_officer)
    w.file("P5", d(8, 5), reason="duplicate")

    w.letter("P6", d(9, 10), kind="multiple")
    w.letter("P7", d(10, 5), kind="complaint")
    _receptions(reception_officer, deputy)
    return w


def _session(officer: Any, host: Any, day: datetime.date, host_body: str):
    with time_machine.travel(at(day - datetime.timedelta(days=7)), tick=False):
        session = reception.plan(
            values={
                "kind": "periodic" if host_body != "office" else "regular",
                "host_body": host_body,
                "method": "in_person",
                "date": day,
                "start_time": datetime.time(8),
                "end_time": datetime.time(11),
                "place": "Trụ sở tiếp công dân tỉnh Ninh Bình",
            },
            hosts=[host] if host is not None else [],
            staff=[officer],
            by=officer,
        )
    return session


def _case(session, officer, *, day, headcount, kind, field, outcome, people):
    with time_machine.travel(at(day, 10), tick=False):
        reception.record_case(
            session,
            values={
                "headcount": headcount,
                "kind": kind,
                "main_field": _field(field),
                "content": "Nội dung vụ việc.",
                "outcome": outcome,
            },
            people=people,
            by=officer,
        )


def _receptions(officer: Any, deputy: Any) -> None:
    first = _session(officer, deputy, d(8, 12), "na_deputy")
    _case(
        first,
        officer,
        day=d(8, 12),
        headcount=1,
        kind="complaint",
        field="HC-CS",
        outcome="explained",
        people=[COMPLAINANT],
    )
    _case(
        first,
        officer,
        day=d(8, 12),
        headcount=7,
        kind="complaint",
        field="HC-DD",
        outcome="guided",
        people=[SECOND, THIRD],
    )
    with time_machine.travel(at(d(8, 12), 12), tick=False):
        reception.hold(first, by=officer)
    second = _session(officer, None, d(9, 15), "office")
    _case(
        second,
        officer,
        day=d(9, 15),
        headcount=2,
        kind="denunciation",
        field="TN-CV",
        outcome="forwarded",
        people=[DENOUNCER],
    )
    with time_machine.travel(at(d(9, 15), 12), tick=False):
        reception.hold(second, by=officer)
    third = _session(officer, None, d(9, 20), "office")
    with time_machine.travel(at(d(9, 18)), tick=False):
        reception.cancel(third, reason="Trùng lịch họp của Đoàn.", by=officer)
