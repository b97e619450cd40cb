"""News over the API: the published articles (paged like every list), one article, and —
for those who may see them — drafts, articles awaiting review, scheduled and withdrawn ones
through `?status=`.

Permissions through the same predicates as the pages: everyone with a role reads what is
published; writers and reviewers read the rest. An article a reader may not see is "not
found", so its existence is not revealed.
"""

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dannguyen.accounts.permissions import require
from dannguyen.api.pagination import PagePagination
from dannguyen.lib.formfields import MAX_ID

from . import markup, permissions, queries
from .models import Article, ArticleStatus

router = Router(tags=["news"])


class TagOut(Schema):
    slug: str
    name: str


class ImageOut(Schema):
    number: int
    alt_text: str
    caption: str
    url: str
    small_url: str
    width: int
    height: int


class PersonOut(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    is_public: bool


class ArticleOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    status: str
    is_scheduled: bool
    publish_at: datetime.datetime | None
    updated_at: datetime.datetime
    tags: list[TagOut]
    url: str
    public_url: str | None

    @staticmethod
    def resolve_is_scheduled(obj: Any) -> bool:
        return obj["is_scheduled"] if isinstance(obj, dict) else obj.is_scheduled()

    @staticmethod
    def resolve_tags(obj: Any) -> list[dict[str, str]]:
        if isinstance(obj, dict):
            return obj["tags"]
        return [{"slug": t.slug, "name": t.name} for t in obj.tags.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()

    @staticmethod
    def resolve_public_url(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["public_url"]
        return obj.get_public_url() if obj.is_visible() else None


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="The text as written, in the article markup")
    body_html: str = Field(description="The body rendered to HTML (escaped; images placed)")
    images: list[ImageOut]
    deputies: list[PersonOut]
    events: list[EventOut]
    published_by: str


class NewsParams(Schema):
    status: Literal["", "draft", "submitted", "scheduled", "published", "unpublished"] = Field(
        "", description="Writers and reviewers only, except published (the default)"
    )
    tag: str = Field("", max_length=80)
    q: str = Field("", max_length=200)


def _out(article: Article) -> dict[str, Any]:
    visible = article.is_visible()
    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "status": article.status,
        "is_scheduled": article.is_scheduled(),
        "publish_at": article.publish_at,
        "updated_at": article.updated_at,
        "tags": [{"slug": t.slug, "name": t.name} for t in article.tags.all()],
        "url": article.get_absolute_url(),
        "public_url": article.get_public_url() if visible else None,
    }


def _detail_out(article: Article) -> dict[str, Any]:
    url = queries.public_image_url if article.is_visible() else queries.staff_image_url
    figures = queries.figures(article, url)
    return {
        **_out(article),
        "body": article.body,
        "body_html": str(markup.render(article.body, images=figures)),
        "images": [
            {
                "number": number,
                "alt_text": f.alt,
                "caption": f.caption,
                "url": f.url,
                "small_url": f.small_url,
                "width": f.width,
                "height": f.height,
            }
            for number, f in figures.items()
        ],
        "deputies": [{"id": p.pk, "name": p.name} for p in article.deputies.all()],
        "events": [
            {"id": e.pk, "title": e.title, "starts_at": e.starts_at, "is_public": e.is_public}
            for e in article.events.all()
        ],
        "published_by": article.published_by.get_full_name() if article.published_by else "",
    }


@router.get("/news", response=list[ArticleOut], summary="News articles")
@paginate(PagePagination)
def list_news(request: HttpRequest, params: Query[NewsParams]) -> QuerySet[Article]:
    """Published articles, newest first. `status` lists the others (writers and reviewers);
    an unknown status is refused."""
    require(permissions.can_view_news(request.user))
    filters: dict[str, Any] = {"tag": params.tag.strip(), "q": params.q.strip()}
    if params.status:
        if params.status != ArticleStatus.PUBLISHED:
            require(permissions.can_view_unpublished(request.user))
        found = queries.articles({**filters, "status": params.status})
    else:
        found = queries.articles({**filters, "status": ArticleStatus.PUBLISHED}).order_by(
            "-publish_at", "-id"
        )
    return found


@router.get("/news/{article_id}", response=ArticleDetailOut, summary="One news article")
def get_news(request: HttpRequest, article_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    require(permissions.can_view_news(request.user))
    article = get_object_or_404(queries.article_detail(article_id))
    if not permissions.can_view_article(request.user, article):
        raise Http404
    return _detail_out(article)
