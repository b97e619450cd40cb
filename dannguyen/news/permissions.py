"""Who may do what with news. Views, templates and the API ask these.

* The information officer writes drafts and submits them for review (the head and deputy
  heads of the office may write too).
* The head and deputy heads of the office review: publish (now or at a set time), return a
  draft with a note, withdraw a published article.
* Everyone else with a role reads the published articles in the back office; drafts, the
  articles awaiting review and the scheduled ones are the writers' and reviewers' only.
* The public reads the published articles on the portal (no predicate: `Article.visible`).
"""

from __future__ import annotations

from typing import Any

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, can_use_system, has_any_role

from . import workflow
from .models import Article, ArticleStatus

REVIEWERS = OFFICE_MANAGERS
WRITERS = REVIEWERS | {Role.Code.INFORMATION_OFFICER}


def can_view_news(user: Any) -> bool:
    return can_use_system(user)


def can_view_unpublished(user: Any) -> bool:
    """Drafts, articles awaiting review, scheduled and withdrawn ones."""
    return has_any_role(user, WRITERS)


def can_view_article(user: Any, article: Article) -> bool:
    if can_view_unpublished(user):
        return True
    return can_use_system(user) and article.is_visible()


def can_create_article(user: Any) -> bool:
    return has_any_role(user, WRITERS)


def can_edit_article(user: Any, article: Article) -> bool:
    """Writers change drafts; reviewers also correct an article while reviewing it."""
    if has_any_role(user, REVIEWERS):
        return article.status in workflow.REVIEWER_EDITABLE
    return has_any_role(user, WRITERS) and article.status in workflow.EDITABLE


def can_manage_images(user: Any, article: Article) -> bool:
    return can_edit_article(user, article)


def can_submit_article(user: Any, article: Article) -> bool:
    return has_any_role(user, WRITERS) and article.status == ArticleStatus.DRAFT


def can_publish_article(user: Any, article: Article) -> bool:
    return has_any_role(user, REVIEWERS) and (
        (article.status, ArticleStatus.PUBLISHED) in workflow.TRANSITIONS
    )


def can_return_article(user: Any, article: Article) -> bool:
    return has_any_role(user, REVIEWERS) and article.status == ArticleStatus.SUBMITTED


def can_unpublish_article(user: Any, article: Article) -> bool:
    return has_any_role(user, REVIEWERS) and article.status == ArticleStatus.PUBLISHED


def can_redraft_article(user: Any, article: Article) -> bool:
    return has_any_role(user, WRITERS) and article.status == ArticleStatus.UNPUBLISHED
