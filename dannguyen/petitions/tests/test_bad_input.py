"""Garbage into every petitions page, with real petitions behind the ids: never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dannguyen.tests.test_bad_input import JUNK_VALUES

pytestmark = pytest.mark.django_db

FIELDS = [
    "q", "page", "scope", "status", "kind", "channel", "field", "agency", "eligibility",
    "received_from", "received_to", "year", "assigned_to", "received_on", "forwarding_source",
    "forwarded_by_agency", "receiving_subject", "receiving_deputy", "signer_count",
    "is_anonymous", "full_name", "id_number", "phone", "address", "petitioner_ward",
    "existing_petitioner", "other_signers", "content", "summary", "place", "place_q",
    "main_field", "other_fields", "ineligibility_reasons", "competence", "competent_agency",
    "procedure_stage", "reason", "note", "original", "original_code", "verdict", "use", "id",
    "petition", "attachment_kind", "confidentiality", "urgency", "pages", "action", "mode",
    "text", "t", "page_1", "confirm",
]  # fmt: skip


def urls(petition, attachment_id, batch=None):
    names = ["list", "export", "create", "check", "lookup", "units", "pick_unit"]
    per_petition = [
        "detail", "edit", "classify", "assign", "reveal", "waive", "candidates",
        "decide_duplicate", "scans", "scan_upload",
    ]  # fmt: skip
    found = [reverse(f"petitions:{n}") for n in names]
    found += [reverse(f"petitions:{n}", args=[petition.pk]) for n in per_petition]
    found.append(reverse("petitions:attachment", args=[attachment_id]))
    if batch is not None:
        per_batch = ["scan_batch", "scan_text", "scan_use", "scan_retry"]
        found += [reverse(f"petitions:{n}", args=[batch.pk]) for n in per_batch]
        found += [reverse("petitions:scan_image", args=[p.pk]) for p in batch.pages.all()]
    return found


def test_garbage_into_real_petitions_never_causes_a_server_error(
    client, complaint, denunciation, department_head, tmp_path
):
    from .test_scans import read_batch

    # The Trưởng phòng may open every page, so every form and domain call gets the garbage
    # (the project-wide fuzz test covers the other personas against missing ids).
    client.force_login(department_head)
    statuses = set()

    for petition in (complaint, denunciation):
        batch = read_batch(petition, department_head, tmp_path, ["Trang một."])
        for url in urls(petition, attachment_id=1, batch=batch):
            for value in JUNK_VALUES:
                data = dict.fromkeys(FIELDS, value)
                data["field"] = "place" if value == "0" else value
                statuses.add(client.get(url, data).status_code)
                statuses.add(client.post(url, data).status_code)

    assert max(statuses) < 500, statuses
