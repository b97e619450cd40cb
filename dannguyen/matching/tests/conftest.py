from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_msgids() -> Iterator[None]:
    # Reasons are asserted on their English msgids; the lead maintains the vi catalogue.
    with translation.override(None):
        yield


@pytest.fixture
def rules(db: Any) -> None:
    """The shipped rules and the core agencies they name, as `load_reference_data` does."""
    from dannguyen.core.reference_data import LoadReport, load_agencies, load_fields_of_work
    from dannguyen.matching import reference_data

    report = LoadReport()
    load_fields_of_work(report)
    load_agencies(report)
    reference_data.load(report)
