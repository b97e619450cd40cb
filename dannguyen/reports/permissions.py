"""Who may read reports and who may change their layouts.

Reports are aggregate numbers: the office's staff and the leaders read them. A layout
decides what the office reports upward, so only the office's managers (Trưởng / Phó trưởng
phòng) upload new versions. No report shows a name, so no identity rule applies here.
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.permissions import LEADERS, OFFICE_MANAGERS, OFFICE_STAFF, has_any_role

READERS = OFFICE_STAFF | LEADERS


def can_view_reports(user: Any) -> bool:
    return has_any_role(user, READERS)


def can_export_reports(user: Any) -> bool:
    return can_view_reports(user)


def can_manage_layouts(user: Any) -> bool:
    return has_any_role(user, OFFICE_MANAGERS)
