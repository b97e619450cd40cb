"""No input gives a server error on the reception pages — with real sessions and cases behind
the URLs (the project-wide fuzz test only reaches objects that do not exist)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dannguyen.accounts.models import User
from dannguyen.reception import urls

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "abc",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "đ" * 3000,
    "31/02/2026",
    "2026-13-45",
    "25:61",
    "1e400",
]
FIELDS = [
    "date", "start_time", "end_time", "kind", "host_body", "method", "place", "hosts", "staff",
    "headcount", "content", "outcome", "refusal_ground", "guided_to", "accepting_agency",
    "main_field", "instructing_leader", "protection_waived", "reason", "month", "mine", "page",
    "date_from", "date_to", "host", "status", "people-TOTAL_FORMS", "people-INITIAL_FORMS",
    "people-MAX_NUM_FORMS", "people-0-full_name", "people-0-id_number", "people-0-phone",
    "people-9-full_name", "recording_reference", "staff", "save_and_new",
]  # fmt: skip


def urls_with_objects(session, case) -> list[str]:
    found = []
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern)
        if "<int:pk>" not in route:
            found.append(reverse(f"reception:{pattern.name}"))
        elif route.startswith("sessions/"):
            found.append(reverse(f"reception:{pattern.name}", args=[session.pk]))
        else:
            found.append(reverse(f"reception:{pattern.name}", args=[case.pk]))
    return found


@pytest.mark.parametrize("persona", ["superuser", "reception_officer", "deputy"])
def test_garbage_never_causes_a_server_error(client, request, denunciation, persona):
    if persona == "superuser":
        user = User.objects.create_superuser("root", "root@example.vn", "x", full_name="Root")
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    statuses = set()

    for url in urls_with_objects(denunciation.session, denunciation):
        for value in JUNK:
            data = dict.fromkeys(FIELDS, value)
            statuses.add(client.get(url, data).status_code)
            statuses.add(client.post(url, data).status_code)
            statuses.add(client.get(url, data, HTTP_HX_REQUEST="true").status_code)

    assert max(statuses) < 500, statuses
