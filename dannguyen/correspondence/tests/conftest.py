"""The world of the letter tests: the petition tests' world (wards, agencies, letters
registered through the real workflow), and letters drafted through the real services."""

from __future__ import annotations

import pytest

from dannguyen.correspondence import services, workflow
from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- fixtures used by the tests
    BRIBERY,
    COMPLAINANT,
    DENOUNCER,
    agencies,
    complaint,
    denunciation,
    media,
    provincial_inspectorate,
    register,
    world,
)


@pytest.fixture
def draft(complaint, provincial_inspectorate, reception_officer):  # noqa: F811
    """A forwarding slip of the land complaint to the provincial inspectorate."""
    return services.draft_letter(
        kind="forwarding_slip",
        by=reception_officer,
        petition=complaint,
        recipient_agency=provincial_inspectorate,
    )


@pytest.fixture
def approved(draft, reception_officer, department_head):
    workflow.submit(draft, by=reception_officer)
    workflow.approve(draft, by=department_head)
    return draft
