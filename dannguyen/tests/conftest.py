"""The petitions' fixtures, for the project-level pages that show petitions (home)."""

from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- pytest finds them by name
    agencies,
    complaint,
    register,
    world,
)
