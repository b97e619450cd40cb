"""The petitions' fixtures, for the project-level pages that show petitions (home), and
the browser tests' Chromium page."""

from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- pytest finds them by name
    agencies,
    complaint,
    register,
    world,
)
from dannguyen.tests.browser import page  # noqa: F401 -- Playwright is imported only when used
