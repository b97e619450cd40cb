"""The petitions' fixtures, for the project-level pages that show petitions (home), and
the browser tests' Chromium page and demo site."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- pytest finds them by name
    agencies,
    complaint,
    register,
    world,
)
from dannguyen.tests.browser import (
    page,  # noqa: F401 -- Playwright is imported only when used
    serve,
)


@pytest.fixture(scope="session")
def live_site(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_file: Callable[[Path], Path]
) -> Iterator[str]:
    """The demo site as `make run` serves it, shared by the browser tests that only read it
    or add to it (seeding the demo takes over a minute)."""
    workdir = tmp_path_factory.mktemp("site")
    with serve(workdir, migrated_sqlite_file, [["seed_demo"]], "/accounts/login/") as url:
        yield url
