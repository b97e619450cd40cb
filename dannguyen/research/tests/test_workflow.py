from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from dannguyen.legal.tests.factories import LegalDocumentFactory
from dannguyen.research import queries, workflow
from dannguyen.research.models import Milestone, Topic, TopicEvent

from .conftest import ENDS, STARTS, topic_values

pytestmark = pytest.mark.django_db


def test_topic_lifecycle_with_history(topic, information_officer, delegation_leader):
    workflow.move(topic, to="approved", by=delegation_leader)
    workflow.move(topic, to="in_progress", by=information_officer)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        for milestone in topic.milestones.all():
            workflow.mark_done(
                milestone, done_on=datetime.date(2026, 6, 30), by=information_officer
            )
    with pytest.raises(workflow.WorkflowError):
        workflow.move(topic, to="completed", by=information_officer)  # no output yet
    workflow.add_output(
        topic,
        values={"kind": "report", "title": "Báo cáo chuyên đề", "dated": datetime.date(2026, 7, 1)},
        upload=None,
        content_type="",
        by=information_officer,
    )
    workflow.move(topic, to="completed", by=information_officer)
    assert Topic.objects.get(pk=topic.pk).status == "completed"
    assert [e.action for e in TopicEvent.objects.filter(topic=topic).order_by("id")] == [
        "created",
        "milestone_added",
        "milestone_added",
        "approved",
        "started",
        "milestone_done",
        "milestone_done",
        "output_added",
        "completed",
    ]


def test_completion_refused_with_open_milestones(topic, information_officer, delegation_leader):
    workflow.move(topic, to="approved", by=delegation_leader)
    workflow.move(topic, to="in_progress", by=information_officer)
    workflow.add_output(
        topic,
        values={"kind": "report", "title": "BC", "dated": datetime.date(2026, 7, 1)},
        upload=None,
        content_type="",
        by=information_officer,
    )
    with pytest.raises(workflow.WorkflowError):
        workflow.move(topic, to="completed", by=information_officer)
    assert Topic.objects.get(pk=topic.pk).status == "in_progress"


def test_staff_cannot_approve(topic, information_officer):
    with pytest.raises(workflow.WorkflowError):
        workflow.move(topic, to="approved", by=information_officer)


def test_dates_in_wrong_order_refused(information_officer):
    with pytest.raises(workflow.WorkflowError):
        workflow.create_topic(
            values=topic_values(information_officer, starts_on=ENDS, ends_on=STARTS),
            team=[],
            by=information_officer,
        )
    assert Topic.objects.count() == 0


def test_milestone_outside_period_refused(topic, information_officer):
    with pytest.raises(workflow.WorkflowError):
        workflow.add_milestone(
            topic, title="Muộn", due_on=datetime.date(2027, 1, 1), by=information_officer
        )
    assert topic.milestones.count() == 2


def test_milestone_done_in_future_or_before_start_refused(topic, information_officer):
    milestone = topic.milestones.first()
    with time_machine.travel(datetime.datetime(2026, 4, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(workflow.WorkflowError):
            workflow.mark_done(milestone, done_on=datetime.date(2026, 5, 1), by=information_officer)
        with pytest.raises(workflow.WorkflowError):
            workflow.mark_done(milestone, done_on=datetime.date(2026, 1, 1), by=information_officer)
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_legal_documents_linked(information_officer):
    law = LegalDocumentFactory()
    topic = workflow.create_topic(
        values=topic_values(information_officer),
        team=[],
        legal_documents=[law],
        by=information_officer,
    )
    assert list(topic.legal_documents.all()) == [law]


def test_overdue_milestones_are_the_users_running_ones(
    topic, information_officer, deputy, other_deputy, delegation_leader
):
    today = datetime.date(2026, 5, 1)
    # Proposed: not yet anyone's work.
    assert list(queries.overdue_milestones(information_officer, today)) == []
    workflow.move(topic, to="approved", by=delegation_leader)
    first = topic.milestones.get(title="Đề cương")
    assert list(queries.overdue_milestones(information_officer, today)) == [first]
    assert list(queries.overdue_milestones(deputy, today)) == [first]
    assert list(queries.overdue_milestones(other_deputy, today)) == []
    # Due today is not overdue.
    assert list(queries.overdue_milestones(deputy, datetime.date(2026, 4, 1))) == []
    with time_machine.travel(datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        workflow.mark_done(first, done_on=datetime.date(2026, 4, 28), by=information_officer)
    assert list(queries.overdue_milestones(information_officer, today)) == []


def test_overdue_milestones_for_anonymous_is_empty(topic):

    assert list(queries.overdue_milestones(AnonymousUser(), datetime.date(2030, 1, 1))) == []
