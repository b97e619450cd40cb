"""News workflow: the only module that changes `Article.status`.

    draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
      ▲                   │                                              │  │
      └───return (note)───┘◀──────────────────── redraft ───────────────┘  │
                                      published ◀──────── publish ─────────┘

Publishing takes a moment: now, or later (scheduled). A scheduled article is "published"
with a future `publish_at`; the portal shows it from that moment on, with no job to run,
and `published_by` / the history row keep who decided it.

Every verb runs in one transaction with the `ArticleHistory` row it writes, on the stored
row locked with select_for_update, and refuses when the article's `version` is not the one
the user saw: a reviewer cannot publish a text the writer changed after they read it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.deputies.models import Person
from dannguyen.events.models import Event
from dannguyen.lib.vietnamese import normalize, slugify

from . import images
from .models import (
    MAX_TAGS,
    Article,
    ArticleHistory,
    ArticleImage,
    ArticleStatus,
    HistoryAction,
    Tag,
)

S = ArticleStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): HistoryAction.SUBMITTED,
    (S.SUBMITTED, S.DRAFT): HistoryAction.RETURNED,
    (S.SUBMITTED, S.PUBLISHED): HistoryAction.PUBLISHED,
    (S.PUBLISHED, S.UNPUBLISHED): HistoryAction.UNPUBLISHED,
    (S.UNPUBLISHED, S.PUBLISHED): HistoryAction.PUBLISHED,
    (S.UNPUBLISHED, S.DRAFT): HistoryAction.REDRAFTED,
}
# Where the writer may change the text; reviewers may also correct it during the review.
EDITABLE = frozenset({S.DRAFT})
REVIEWER_EDITABLE = frozenset({S.DRAFT, S.SUBMITTED})
# A publication time this close to now (the form has minutes only) means "now".
PAST_TOLERANCE = datetime.timedelta(minutes=10)
SLUG_LENGTH = 120


class NewsError(Exception):
    """A refusal, said in the user's language."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise NewsError(message)


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _history(
    article: Article,
    action: str,
    *,
    by: Any,
    from_status: str,
    now: datetime.datetime,
    note: str = "",
    publish_at: datetime.datetime | None = None,
) -> ArticleHistory:
    return ArticleHistory.objects.create(
        article=article,
        at=now,
        actor=_actor(by),
        action=action,
        from_status=from_status,
        to_status=article.status,
        publish_at=publish_at,
        note=note[:1000],
    )


def _lock(article: Article, version: int | None) -> Article:
    stored = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    if version is not None:
        _check(
            stored.version == version,
            _("The article was changed by someone else meanwhile: reload the page."),
        )
    return stored


def slug_for(title: str) -> str:
    """The title folded to ASCII (đ → d), cut at a word within SLUG_LENGTH."""
    slug = slugify(title)
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "bai-viet"


def tags_named(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, created when new; names differing only by accents or case
    are one tag (its slug), written as first entered."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(normalize(name).split())[:60]
        slug = slugify(clean)[:80]
        if slug and slug not in wanted:
            wanted[slug] = clean
    _check(len(wanted) <= MAX_TAGS, _("At most %(n)s tags.") % {"n": MAX_TAGS})
    found = {t.slug: t for t in Tag.objects.filter(slug__in=wanted)}
    for slug, name in wanted.items():
        if slug in found:
            continue
        try:
            with transaction.atomic():
                found[slug] = Tag.objects.create(name=name, slug=slug)
        except IntegrityError:
            # Created at the same moment by someone else, or a name taken by another slug.
            tag = Tag.objects.filter(slug=slug).first()
            _check(tag is not None, _("The tag “%(name)s” cannot be created.") % {"name": name})
            assert tag is not None
            found[slug] = tag
    return [found[slug] for slug in wanted]


def _set_relations(
    article: Article, tags: list[Tag], events: Iterable[Event], deputies: Iterable[Person]
) -> None:
    article.tags.set(tags)
    article.events.set(list(events))
    article.deputies.set(list(deputies))


# ------------------------------------------------------------------------- writing


@transaction.atomic
def create_article(
    *,
    values: dict[str, Any],
    tags: Iterable[str] = (),
    events: Iterable[Event] = (),
    deputies: Iterable[Person] = (),
    by: Any,
    now: datetime.datetime | None = None,
) -> Article:
    """A new draft. VALUES: title, summary, body."""
    now = now or timezone.now()
    found = tags_named(tags)
    article = Article.objects.create(
        title=values["title"],
        summary=values["summary"],
        body=values["body"],
        slug=slug_for(values["title"]),
        created_by=_actor(by),
    )
    _set_relations(article, found, events, deputies)
    _history(article, HistoryAction.CREATED, by=by, from_status=article.status, now=now)
    return article


@transaction.atomic
def edit_article(
    article: Article,
    *,
    values: dict[str, Any],
    tags: Iterable[str] = (),
    events: Iterable[Event] = (),
    deputies: Iterable[Person] = (),
    version: int,
    by: Any,
    now: datetime.datetime | None = None,
) -> Article:
    now = now or timezone.now()
    stored = _lock(article, version)
    _check(stored.status in REVIEWER_EDITABLE, _("This article can no longer be changed."))
    found = tags_named(tags)
    stored.title, stored.summary, stored.body = values["title"], values["summary"], values["body"]
    stored.slug = slug_for(stored.title)
    stored.version += 1
    stored.save()
    _set_relations(stored, found, events, deputies)
    _history(stored, HistoryAction.EDITED, by=by, from_status=stored.status, now=now)
    return stored


# ------------------------------------------------------------------------- moves


def _move(
    article: Article,
    to: str,
    *,
    move: str,
    version: int,
    by: Any,
    now: datetime.datetime,
    note: str = "",
    recorded_as: str | None = None,
    publish_at: datetime.datetime | None = None,
) -> Article:
    """Moves the stored article to TO when the table allows it as MOVE (two moves lead back
    to a draft — return and redraft — each from its own status only)."""
    stored = _lock(article, version)
    _check(
        TRANSITIONS.get((stored.status, to)) == move,
        _("This article cannot be moved to that status."),
    )
    previous = stored.status
    stored.status = to
    stored.version += 1
    if to == S.PUBLISHED:
        stored.publish_at = publish_at
        stored.published_by = _actor(by)
        stored.review_note = ""
    if move == HistoryAction.RETURNED:
        stored.review_note = note[:1000]
    stored.save()
    _history(
        stored,
        recorded_as or move,
        by=by,
        from_status=previous,
        now=now,
        note=note,
        publish_at=publish_at,
    )
    return stored


@transaction.atomic
def submit(
    article: Article, *, version: int, by: Any, note: str = "", now: datetime.datetime | None = None
) -> Article:
    """Put the draft before the head of the office for review."""
    stored = _lock(article, version)
    _check(bool(stored.body.strip()), _("Write the body of the article first."))
    _check(
        not stored.images.filter(alt_text="").exists(),
        _("Every image needs a text alternative."),
    )
    return _move(
        stored,
        S.SUBMITTED,
        move=HistoryAction.SUBMITTED,
        version=version,
        by=by,
        now=now or timezone.now(),
        note=note,
    )


@transaction.atomic
def publish(
    article: Article,
    *,
    version: int,
    by: Any,
    publish_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Article:
    """Publish now, or from PUBLISH_AT when it is later (scheduled). A time in the past
    (beyond a few minutes) is refused: an article is not backdated."""
    now = now or timezone.now()
    when = publish_at or now
    _check(when >= now - PAST_TOLERANCE, _("The publication time cannot be in the past."))
    when = max(when, now)
    return _move(
        article,
        S.PUBLISHED,
        move=HistoryAction.PUBLISHED,
        version=version,
        by=by,
        now=now,
        recorded_as=HistoryAction.SCHEDULED if when > now else HistoryAction.PUBLISHED,
        publish_at=when,
    )


@transaction.atomic
def return_to_draft(
    article: Article, *, version: int, by: Any, note: str, now: datetime.datetime | None = None
) -> Article:
    """Send the article back to its writer, saying what to change."""
    _check(bool(note.strip()), _("Say what the writer should change."))
    return _move(
        article,
        S.DRAFT,
        move=HistoryAction.RETURNED,
        version=version,
        by=by,
        now=now or timezone.now(),
        note=note,
    )


@transaction.atomic
def unpublish(
    article: Article, *, version: int, by: Any, note: str = "", now: datetime.datetime | None = None
) -> Article:
    """Withdraw the article from the portal (a scheduled one never appears)."""
    return _move(
        article,
        S.UNPUBLISHED,
        move=HistoryAction.UNPUBLISHED,
        version=version,
        by=by,
        now=now or timezone.now(),
        note=note,
    )


@transaction.atomic
def redraft(
    article: Article, *, version: int, by: Any, now: datetime.datetime | None = None
) -> Article:
    """Reopen a withdrawn article for changes; it goes through review again."""
    return _move(
        article,
        S.DRAFT,
        move=HistoryAction.REDRAFTED,
        version=version,
        by=by,
        now=now or timezone.now(),
    )


# ------------------------------------------------------------------------- images


@transaction.atomic
def add_image(
    article: Article,
    *,
    upload: IO[bytes],
    content_type: str,
    alt_text: str,
    caption: str = "",
    by: Any,
    now: datetime.datetime | None = None,
) -> ArticleImage:
    """Re-encodes UPLOAD (judged an image by forms.ImageForm) at two widths and gives it
    the next number, for [[image:N]] in the body."""
    stored = _lock(article, None)
    _check(stored.status in REVIEWER_EDITABLE, _("Images can no longer be changed."))
    alt = " ".join(alt_text.split())[:300]
    _check(bool(alt), _("Describe the image for readers who cannot see it."))
    prepared = images.prepare(upload, content_type)
    number = stored.last_image_number + 1
    image = ArticleImage(
        article=stored,
        position=number,
        content_type=prepared.content_type,
        width=prepared.large.width,
        height=prepared.large.height,
        small_width=prepared.small.width,
        small_height=prepared.small.height,
        alt_text=alt,
        caption=" ".join(caption.split())[:500],
        uploaded_by=_actor(by),
    )
    base = f"article-{stored.pk}-{number}"
    image.image.save(f"{base}{prepared.extension}", prepared.large.content, save=False)
    image.small.save(f"{base}-small{prepared.extension}", prepared.small.content, save=False)
    image.save()
    Article.objects.filter(pk=stored.pk).update(version=F("version") + 1, last_image_number=number)
    _history(
        stored,
        HistoryAction.IMAGE_ADDED,
        by=by,
        from_status=stored.status,
        now=now or timezone.now(),
        note=f"{image.position}: {alt}",
    )
    return image


@transaction.atomic
def remove_image(image: ArticleImage, *, by: Any, now: datetime.datetime | None = None) -> None:
    stored = _lock(image.article, None)
    _check(stored.status in REVIEWER_EDITABLE, _("Images can no longer be changed."))
    note = f"{image.position}: {image.alt_text}"
    files = [image.image, image.small]
    image.delete()
    Article.objects.filter(pk=stored.pk).update(version=F("version") + 1)
    _history(
        stored,
        HistoryAction.IMAGE_REMOVED,
        by=by,
        from_status=stored.status,
        now=now or timezone.now(),
        note=note,
    )
    names = [(f.storage, f.name) for f in files if f.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
