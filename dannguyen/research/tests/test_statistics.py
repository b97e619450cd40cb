"""A research topic's "Petition statistics": the topic names its fields and keywords, and
its page counts the letters with petitions.queries.topic_statistics — only when asked (by
HTMX once the page is shown), for those who may read the topic."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.core.models import FieldOfWork
from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- fixtures used by the tests
    land_field,
    register,
    world,
)
from dannguyen.research.models import TopicAction

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "information_officer",
    "office_leader",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]
READERS = {"department_head", "information_officer", "office_leader", "deputy"}
EDITORS = {"department_head", "information_officer"}


@pytest.fixture
def letters(register, land_field):  # noqa: F811 -- the imported fixtures
    register(kind="complaint", main_field=land_field, received_on=datetime.date(2026, 3, 2))
    register(kind="petition", main_field=land_field, received_on=datetime.date(2026, 4, 6))
    register(
        kind="complaint",
        main_field=FieldOfWork.objects.get(code="HC-KHAC-GT"),
        content="Khiếu nại về mức bồi thường khi mở rộng đường.",
        received_on=datetime.date(2026, 4, 7),
    )


@pytest.fixture
def counted_topic(topic, world):  # noqa: F811 -- the imported fixture
    topic.fields_of_work.set([FieldOfWork.objects.get(code="HC-DD")])
    return topic


def url(topic, **params):
    base = reverse("research:topic_detail", args=[topic.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_page_counts_the_topics_letters_when_asked(
    client, information_officer, counted_topic, letters
):
    client.force_login(information_officer)

    plain = client.get(url(counted_topic))
    asked = client.get(url(counted_topic, statistics=1))

    assert plain.context["statistics"] is None
    assert 'hx-trigger="load"' in plain.content.decode()
    found = asked.context["statistics"]
    assert (found.total, [(t.key, t.count) for t in found.by_kind]) == (
        2,
        [("complaint", 1), ("petition", 1)],
    )
    assert [(t.label, t.count) for t in found.by_month] == [("03/2026", 1), ("04/2026", 1)]
    assert 'data-testid="statistics"' in asked.content.decode()


def test_keywords_count_with_the_fields(client, information_officer, counted_topic, letters):
    counted_topic.keywords = "boi thuong"
    counted_topic.save()
    client.force_login(information_officer)

    found = client.get(url(counted_topic, statistics=1)).context["statistics"]

    # Both criteria hold: land letters mentioning compensation (LAND_COMPLAINT, twice).
    assert found.total == 2


def test_htmx_gets_only_the_statistics(client, information_officer, counted_topic, letters):
    client.force_login(information_officer)

    response = client.get(url(counted_topic, statistics=1), HTTP_HX_REQUEST="true")

    content = response.content.decode().strip()
    assert content.startswith('<div id="topic-statistics">')
    assert gettext("Milestones") not in content


def test_a_topic_without_fields_or_keywords_counts_nothing(
    client, information_officer, topic, letters
):
    client.force_login(information_officer)

    response = client.get(url(topic, statistics=1))

    assert response.context["statistics"] is None
    assert response.context["counted"] is False


def test_who_may_see_the_statistics(client, request, counted_topic, letters, other_deputy):
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        response = client.get(url(counted_topic, statistics=1))
        seen[persona] = (
            response.status_code,
            response.context["statistics"].total if response.status_code == 200 else None,
        )
        client.logout()

    assert seen == {p: (200, 2) if p in READERS else (403, None) for p in PERSONAS}


def test_office_staff_choose_the_fields_and_keywords(client, information_officer, topic, world):  # noqa: F811
    land = FieldOfWork.objects.get(code="HC-DD")
    client.force_login(information_officer)

    response = client.post(url(topic), {"fields_of_work": [land.pk], "keywords": " tái định cư "})

    assert response.status_code == 302
    assert response["Location"] == url(topic, statistics=1) + "#statistics"
    topic.refresh_from_db()
    assert (list(topic.fields_of_work.all()), topic.keywords) == ([land], "tái định cư")
    event = topic.events.order_by("-id").first()
    assert (event.action, event.actor, event.note) == (
        TopicAction.EDITED,
        information_officer,
        gettext("Statistics: fields %(fields)s; keywords %(keywords)s")
        % {"fields": "HC-DD", "keywords": "tái định cư"},
    )


def test_who_may_choose_them(client, request, topic, world, other_deputy):  # noqa: F811
    land = FieldOfWork.objects.get(code="HC-DD")
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.post(url(topic), {"fields_of_work": [land.pk]}).status_code
        client.logout()

    assert seen == {p: 302 if p in EDITORS else 403 for p in PERSONAS}


def test_a_bad_field_is_a_form_error_not_a_500(client, information_officer, topic, world):  # noqa: F811
    client.force_login(information_officer)

    response = client.post(url(topic), {"fields_of_work": ["99999999999999999999999"]})

    assert response.status_code == 200
    assert list(response.context["scope_form"].errors) == ["fields_of_work"]
