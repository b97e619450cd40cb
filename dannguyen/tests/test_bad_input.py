"""No user input can produce a server error: every page gets garbage, as every kind of user."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dannguyen.accounts.models import User

pytestmark = pytest.mark.django_db

JUNK_VALUES = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "abc",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "đ" * 5000,
    "31/02/2026",
    "2026-13-45",
    "../../etc/passwd",
]
JUNK_FIELDS = [
    "q",
    "page",
    "level",
    "province",
    "year",
    "address",
    "action",
    "date_from",
    "date_to",
    "name",
    "code",
    "parent",
    "date",
    "kind",
    "username",
    "password",
    "roles",
    "fields",
    "administrative_unit",
    "order",
    "petition_kinds",
]


def back_office_urls() -> list[str]:
    urls = []

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("admin/", "api/")):
                    continue
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                route = route.replace("<int:pk>", "1").replace("<int:content_type_id>", "1")
                route = route.replace("<str:object_id>", "1")
                urls.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return urls


@pytest.mark.parametrize("persona", ["superuser", "reception_officer", "outsider", "anonymous"])
def test_garbage_never_causes_a_server_error(client, persona, request):
    if persona == "superuser":
        client.force_login(
            User.objects.create_superuser("root", "root@example.vn", "x", full_name="Root")
        )
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    statuses = set()

    for url in back_office_urls():
        for value in JUNK_VALUES:
            data = dict.fromkeys(JUNK_FIELDS, value)
            statuses.add(client.get(url, data).status_code)
            statuses.add(client.post(url, data).status_code)

    assert max(statuses) < 500, statuses
