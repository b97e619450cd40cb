"""RSS 2.0 and Atom 1.0 feeds of the published articles, for the press and readers.

Only what the portal shows: published articles whose moment has come, newest first."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from . import queries
from .models import Article

FEED_SIZE = 30


class LatestArticlesRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self) -> str:
        return _("News — %(office)s") % {"office": settings.OFFICE_PARENT_NAME}

    def link(self) -> str:
        return reverse("news_public:index")

    def description(self) -> str:
        return _("Activities of the National Assembly delegation and the People's Council.")

    def feed_url(self) -> str:
        return reverse("news_public:rss")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        return None

    def items(self) -> list[Article]:
        return queries.latest_published(FEED_SIZE)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.get_public_url()

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return max(item.updated_at, item.publish_at or item.updated_at)

    def item_categories(self, item: Article) -> list[str]:
        return [t.name for t in item.tags.all()]

    def item_author_name(self, item: Article) -> str:
        return str(settings.OFFICE_NAME)


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = Atom1Feed
    subtitle = LatestArticlesRss.description

    def feed_url(self) -> str:
        return reverse("news_public:atom")
