from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext

from dannguyen.correspondence import permissions, services, workflow
from dannguyen.correspondence.models import (
    LetterCounter,
    LetterEvent,
    LetterStatus,
    OutgoingLetter,
)
from dannguyen.petitions.models import AppendOnly

pytestmark = pytest.mark.django_db

S = LetterStatus
# 10:00 in Hà Nội on 5 March 2026.
MORNING = datetime.datetime(2026, 3, 5, 3, 0, tzinfo=datetime.UTC)


def _history(letter):
    return [
        (e.from_status, e.to_status, e.actor.username if e.actor else None, e.note)
        for e in LetterEvent.objects.filter(letter=letter)
    ]


@time_machine.travel(MORNING, tick=False)
def test_draft_submit_approve_issue_numbers_the_register(
    complaint, provincial_inspectorate, reception_officer, department_head, make_user
):
    department_head.position = "Trưởng phòng"
    department_head.save()
    letters = [
        services.draft_letter(
            kind=kind,
            by=reception_officer,
            petition=complaint,
            recipient_agency=provincial_inspectorate,
        )
        for kind in ("forwarding_slip", "forwarding_letter")
    ]
    for letter in letters:
        workflow.submit(letter, by=reception_officer)
        workflow.approve(letter, by=department_head, note="Đồng ý")
        workflow.issue(letter, by=reception_officer)

    first, second = (OutgoingLetter.objects.get(pk=letter.pk) for letter in letters)
    assert (first.year, first.number, first.symbol, first.number_label) == (
        2026,
        1,
        "PC-TTDN",
        "01/PC-TTDN",
    )
    assert (second.number, second.symbol) == (2, "TTDN")
    assert first.issued_on == datetime.date(2026, 3, 5)
    assert first.status == S.ISSUED
    assert (first.signer_name, first.signer_position) == ("Nguyễn Văn Trưởng", "Trưởng phòng")
    assert first.approved_by == department_head
    assert first.issued_by == reception_officer
    assert bool(first.file)
    assert _history(first) == [
        ("", "draft", "reception_officer", gettext("drafted")),
        ("draft", "submitted", "reception_officer", ""),
        ("submitted", "approved", "department_head", "Đồng ý"),
        ("approved", "issued", "reception_officer", "01/PC-TTDN"),
    ]
    assert LetterCounter.objects.get(year=2026).last == 2


def test_numbers_start_again_each_year(complaint, reception_officer, department_head):
    issued = []
    for moment in (
        datetime.datetime(2026, 12, 31, 9, 0, tzinfo=datetime.UTC),  # 16:00 on 31/12
        datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC),  # 00:30 on 01/01/2027
        datetime.datetime(2027, 1, 2, 3, 0, tzinfo=datetime.UTC),
    ):
        letter = services.draft_letter(
            kind="proposal_slip", by=reception_officer, petition=complaint
        )
        workflow.submit(letter, by=reception_officer)
        workflow.approve(letter, by=department_head)
        with time_machine.travel(moment, tick=False):
            workflow.issue(letter, by=department_head)
        issued.append((letter.year, letter.number, letter.issued_on))

    assert issued == [
        (2026, 1, datetime.date(2026, 12, 31)),
        (2027, 1, datetime.date(2027, 1, 1)),
        (2027, 2, datetime.date(2027, 1, 2)),
    ]


def test_returned_for_changes_goes_back_to_draft_with_the_note(
    draft, reception_officer, deputy_head
):
    workflow.submit(draft, by=reception_officer)
    workflow.return_to_draft(draft, by=deputy_head, note="Bổ sung căn cứ pháp lý")
    workflow.update(
        draft, values={"subject": "chuyển đơn khiếu nại về đất đai"}, by=reception_officer
    )
    workflow.submit(draft, by=reception_officer)
    workflow.approve(draft, by=deputy_head)

    draft.refresh_from_db()
    assert draft.status == S.APPROVED
    assert draft.subject == "chuyển đơn khiếu nại về đất đai"
    assert [(f, t, note) for f, t, _who, note in _history(draft)][1:] == [
        ("draft", "submitted", ""),
        ("submitted", "draft", "Bổ sung căn cứ pháp lý"),
        ("draft", "draft", gettext("subject (trích yếu)")),
        ("draft", "submitted", ""),
        ("submitted", "approved", ""),
    ]


def test_sending_back_needs_a_note(draft, reception_officer, department_head):
    workflow.submit(draft, by=reception_officer)

    with pytest.raises(workflow.TransitionError) as refused:
        workflow.return_to_draft(draft, by=department_head, note="  ")

    assert str(refused.value) == gettext("Say what should be changed.")
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_a_letter_cannot_be_issued_twice(approved, reception_officer, department_head):
    workflow.issue(approved, by=reception_officer)
    stale = OutgoingLetter.objects.get(pk=approved.pk)
    events_before = LetterEvent.objects.count()

    with pytest.raises(workflow.TransitionError) as refused:
        workflow.issue(stale, by=department_head)

    assert str(refused.value) == gettext(
        "This letter was already issued as number %(number)s; it cannot be issued twice."
    ) % {"number": "01/PC-TTDN"}
    stale.refresh_from_db()
    assert (stale.number, stale.issued_by) == (1, reception_officer)
    assert LetterCounter.objects.get().last == 1
    assert LetterEvent.objects.count() == events_before


def test_an_object_loaded_before_approval_is_checked_against_the_stored_row(
    draft, reception_officer, department_head
):
    """Two people on the same letter: the second acts on what is stored, not on its page."""
    seen_by_drafter = OutgoingLetter.objects.get(pk=draft.pk)
    workflow.submit(draft, by=reception_officer)
    workflow.approve(draft, by=department_head)

    with pytest.raises(workflow.TransitionError):
        workflow.cancel(seen_by_drafter, by=reception_officer)

    seen_by_drafter.refresh_from_db()
    assert seen_by_drafter.status == S.APPROVED


def test_only_a_draft_can_be_edited(approved, reception_officer, department_head):
    with pytest.raises(workflow.TransitionError):
        workflow.update(approved, values={"body": "Sửa"}, by=department_head)

    approved.refresh_from_db()
    assert "Sửa" not in approved.body


def test_cancel_a_draft(draft, reception_officer):
    workflow.cancel(draft, by=reception_officer, note="Trùng")

    draft.refresh_from_db()
    assert draft.status == S.CANCELLED
    assert draft.number is None
    with pytest.raises(workflow.TransitionError):
        workflow.submit(draft, by=reception_officer)


def test_history_rows_cannot_be_changed_or_deleted(draft):
    event = LetterEvent.objects.get(letter=draft)
    event.note = "x"

    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        LetterEvent.objects.filter(letter=draft).update(note="x")


# ------------------------------------------------------------------------- the table

PERSONAS = [
    "drafter",
    "other_specialist",
    "department_head",
    "deputy_head",
    "information_officer",
    "office_leader",
    "deputy",
    "outsider",
]
MOVES = {
    S.DRAFT: {
        S.SUBMITTED: {"drafter", "department_head", "deputy_head"},
        S.CANCELLED: {"drafter", "department_head", "deputy_head"},
    },
    S.SUBMITTED: {
        S.APPROVED: {"department_head", "deputy_head"},
        S.DRAFT: {"department_head", "deputy_head"},
    },
    S.APPROVED: {
        S.ISSUED: {"drafter", "other_specialist", "department_head", "deputy_head"},
        S.DRAFT: {"department_head", "deputy_head"},
    },
}


def _persona(name, request):
    if name == "drafter":
        return request.getfixturevalue("reception_officer")
    if name == "other_specialist":
        return request.getfixturevalue("supervision_officer")
    return request.getfixturevalue(name)


def _at(letter, status, drafter, manager):
    if status in (S.SUBMITTED, S.APPROVED, S.ISSUED):
        workflow.submit(letter, by=drafter)
    if status in (S.APPROVED, S.ISSUED):
        workflow.approve(letter, by=manager)
    if status == S.ISSUED:
        workflow.issue(letter, by=manager)
    if status == S.CANCELLED:
        workflow.cancel(letter, by=drafter)
    return letter


@pytest.mark.parametrize("start", S.values)
@pytest.mark.parametrize("target", S.values)
def test_transition_table_for_every_role(
    start, target, complaint, reception_officer, department_head, request
):
    """Every from × to × role: allowed exactly where the table and the role say so, and a
    refused move changes nothing."""
    users = {name: _persona(name, request) for name in PERSONAS}
    verbs = {
        S.SUBMITTED: workflow.submit,
        S.APPROVED: workflow.approve,
        S.ISSUED: workflow.issue,
        S.CANCELLED: workflow.cancel,
        S.DRAFT: lambda letter, by: workflow.return_to_draft(letter, by=by, note="Sửa lại"),
    }
    for name in PERSONAS:
        letter = services.draft_letter(
            kind="forwarding_slip", by=reception_officer, petition=complaint
        )
        _at(letter, start, reception_officer, department_head)
        user = users[name]
        expected = name in MOVES.get(start, {}).get(target, set())

        assert permissions.can_move(user, letter, target) == expected, (start, target, name)
        if target not in verbs:
            continue
        if expected:
            verbs[target](letter, by=user)
            letter.refresh_from_db()
            assert letter.status == target
        else:
            events = LetterEvent.objects.filter(letter=letter).count()
            with pytest.raises((workflow.TransitionError, PermissionDenied)):
                verbs[target](letter, by=user)
            letter.refresh_from_db()
            assert letter.status == start
            assert LetterEvent.objects.filter(letter=letter).count() == events


def test_table_and_role_rules_agree():
    """No role rule for a move the table forbids, and no move without a role rule."""
    for start, targets in workflow.ALLOWED.items():
        assert set(targets) == set(MOVES.get(start, {})), start


# ------------------------------------------------------------------------- concurrency


def _in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and ("memory" in name or name == "")


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_distinct_consecutive_numbers(
    complaint, reception_officer, department_head
):
    if _in_memory_sqlite():
        pytest.skip("an in-memory SQLite database cannot be shared: see the next test")
    letters = []
    for _n in range(6):
        letter = services.draft_letter(
            kind="urging_letter", by=reception_officer, petition=complaint
        )
        _at(letter, S.APPROVED, reception_officer, department_head)
        letters.append(letter)
    # The first letter twice: two people pressing "issue" at once.
    targets = [*letters, letters[0]]
    errors: list[BaseException] = []

    def issue(letter: OutgoingLetter) -> None:
        try:
            workflow.issue(OutgoingLetter.objects.get(pk=letter.pk), by=department_head)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(letter,)) for letter in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [type(e) for e in errors] == [workflow.TransitionError]
    numbers = sorted(OutgoingLetter.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


WORKER = """
import sys
import django
django.setup()
from dannguyen.accounts.models import User
from dannguyen.correspondence import workflow
from dannguyen.correspondence.models import OutgoingLetter
by = User.objects.get(username="boss")
for pk in sys.argv[1:]:
    try:
        workflow.issue(OutgoingLetter.objects.get(pk=int(pk)), by=by)
    except workflow.TransitionError:
        print("refused", pk)
"""

SETUP = """
import django
django.setup()
from dannguyen.accounts.models import Role, User
from dannguyen.correspondence import services, workflow
boss = User.objects.create_user(username="boss", password="x", full_name="Trưởng Phòng")
boss.role_grants.create(role=Role.objects.get(code="department_head"))
for n in range(12):
    letter = services.draft_letter(kind="proposal_slip", by=boss)
    workflow.submit(letter, by=boss)
    workflow.approve(letter, by=boss)
print(",".join(str(pk) for pk in range(1, 13)))
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the PostgreSQL run checks concurrency with threads (test above)",
)
def test_concurrent_processes_on_a_sqlite_file_never_share_a_number(tmp_path, migrated_sqlite_file):
    database = migrated_sqlite_file(tmp_path / "letters.sqlite3")
    env = {**os.environ, "DANNGUYEN_SQLITE_PATH": str(database), "DATABASE_URL": ""}
    env["DJANGO_SETTINGS_MODULE"] = "dannguyen.settings"
    env["DANNGUYEN_MEDIA_ROOT"] = str(tmp_path / "media")
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", SETUP], cwd=root, env=env, check=True)
    # Four workers, each issuing six letters; every letter is tried by two workers.
    shares = [list(range(1, 7)), list(range(7, 13)), list(range(1, 7)), list(range(7, 13))]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *map(str, share)],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for share in shares
    ]
    outputs = [w.communicate(timeout=180)[0] for w in workers]

    assert [w.returncode for w in workers] == [0] * 4
    assert sum(out.count("refused") for out in outputs) == 12
    with sqlite3.connect(database) as db:
        numbers = sorted(
            n for (n,) in db.execute("SELECT number FROM correspondence_outgoingletter")
        )
    assert numbers == list(range(1, 13))
