"""News pages: fetch → permit → validate → one workflow call → render.

The back office (/news/) writes, reviews and publishes; the portal (/portal/tin-tuc/)
reads what is published and whose moment has come, without a login, and may be cached.
A refusal from the workflow (NewsError) is shown as a form error or a message; nothing of
the refused action is saved, since each verb runs in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dannguyen.accounts.permissions import require
from dannguyen.portal.caching import public_page

from . import markup, permissions, queries, workflow
from .forms import (
    ArticleFilterForm,
    ArticleForm,
    ImageForm,
    NoteForm,
    PublishForm,
    ReturnForm,
    VersionForm,
)
from .models import Article, ArticleImage, Tag

PAGE_SIZE = 30
PUBLIC_PAGE_SIZE = 12
# The portal's pages may be kept this long by browsers and proxies (portal.caching): a
# scheduled article appears at most this late, a withdrawn one disappears at most this late.
PUBLIC_MAX_AGE = 300
IMAGE_MAX_AGE = 24 * 60 * 60
SIZES = ("large", "small")

public_cache = public_page(PUBLIC_MAX_AGE)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _article(pk: int) -> Article:
    return get_object_or_404(queries.article_detail(pk))


def _attempt(form: Any, action: Callable[[], Any]) -> Any:
    """Runs ACTION; a workflow refusal becomes a form error (and None)."""
    try:
        return action()
    except workflow.NewsError as error:
        form.add_error(None, str(error))
        return None


def _form_page(
    request: HttpRequest, article: Article | None, form: Any, title: str
) -> HttpResponse:
    return render(request, "news/form.html", {"article": article, "form": form, "title": title})


def _body(article: Article, url: Callable[[ArticleImage, str], str]) -> Any:
    return markup.render(article.body, images=queries.figures(article, url))


def _gallery(article: Article, url: Callable[[ArticleImage, str], str]) -> list[dict[str, Any]]:
    return [
        {"image": i, "large": url(i, "large"), "small": url(i, "small")}
        for i in queries.gallery(article)
    ]


# ------------------------------------------------------------------------- back office


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_news(request.user))
    form = ArticleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if not permissions.can_view_unpublished(request.user):
        # Readers see what the public sees: their filter cannot reach the drafts.
        filters = {**filters, "status": Article.Status.PUBLISHED}
    page = Paginator(queries.articles(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "news/article_list.html#results" if _htmx(request) else "news/article_list.html"
    return render(request, template, {"form": form, "page": page, "now": timezone.now()})


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_article(request.user))
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        article = _attempt(
            form,
            lambda: workflow.create_article(
                values=form.values(),
                tags=form.cleaned_data["tags"],
                events=form.cleaned_data["events"],
                deputies=form.cleaned_data["deputies"],
                by=request.user,
            ),
        )
        if article is not None:
            messages.success(request, _("Draft saved. Add images, then submit it for review."))
            return redirect(article)
    return _form_page(request, None, form, _("New article"))


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    require(permissions.can_edit_article(request.user, article))
    form = ArticleForm(request.POST or None, initial=ArticleForm.initial_of(article))
    if request.method == "POST" and form.is_valid():
        seen = form.cleaned_data["version"]
        done = _attempt(
            form,
            lambda: workflow.edit_article(
                article,
                values=form.values(),
                tags=form.cleaned_data["tags"],
                events=form.cleaned_data["events"],
                deputies=form.cleaned_data["deputies"],
                version=article.version if seen is None else seen,
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("Article saved."))
            return redirect(article)
    return _form_page(request, article, form, _("Edit article"))


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    user = request.user
    require(permissions.can_view_article(user, article))
    version = {"version": article.version}
    placed = markup.referenced_images(article.body)
    context = {
        "article": article,
        "body": _body(article, queries.staff_image_url),
        "now": timezone.now(),
        "may_edit": permissions.can_edit_article(user, article),
        "may_submit": permissions.can_submit_article(user, article),
        "may_redraft": permissions.can_redraft_article(user, article),
        "may_history": permissions.can_view_unpublished(user),
        "publish_form": PublishForm(initial=version)
        if permissions.can_publish_article(user, article)
        else None,
        "return_form": ReturnForm(initial=version)
        if permissions.can_return_article(user, article)
        else None,
        "unpublish_form": NoteForm(initial=version)
        if permissions.can_unpublish_article(user, article)
        else None,
        "image_form": ImageForm() if permissions.can_manage_images(user, article) else None,
        "placed": placed,
        "missing": sorted(placed - {i.position for i in article.images.all()}),
    }
    return render(request, "news/article_detail.html", context)


@login_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as the portal will show it, whatever its status (for the review)."""
    article = _article(pk)
    require(permissions.can_view_article(request.user, article))
    context = {
        "article": article,
        "body": _body(article, queries.staff_image_url),
        "gallery": _gallery(article, queries.staff_image_url),
        "events": list(article.events.all()),
        "deputies": list(article.deputies.all()),
        "preview": True,
    }
    response = render(request, "news/public/article.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


MOVES: dict[str, tuple[Callable[[Any, Article], bool], type[VersionForm]]] = {
    "submit": (permissions.can_submit_article, NoteForm),
    "publish": (permissions.can_publish_article, PublishForm),
    "return": (permissions.can_return_article, ReturnForm),
    "unpublish": (permissions.can_unpublish_article, NoteForm),
    "redraft": (permissions.can_redraft_article, VersionForm),
}


@login_required
@require_POST
def article_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    article = _article(pk)
    if move not in MOVES:
        raise Http404
    allowed, form_class = MOVES[move]
    require(allowed(request.user, article))
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(article)
    data, user = form.cleaned_data, request.user
    version = data["version"]
    try:
        if move == "submit":
            workflow.submit(article, version=version, by=user, note=data["note"])
            messages.success(request, _("Article submitted for review."))
        elif move == "publish":
            done = workflow.publish(
                article, version=version, by=user, publish_at=data["publish_at"]
            )
            if done.is_scheduled():
                messages.success(
                    request,
                    _("Publication scheduled for %(when)s.")
                    % {"when": timezone.localtime(done.publish_at).strftime("%H:%M %d/%m/%Y")},
                )
            else:
                messages.success(request, _("Article published."))
        elif move == "return":
            workflow.return_to_draft(article, version=version, by=user, note=data["note"])
            messages.success(request, _("Article returned to its writer."))
        elif move == "unpublish":
            workflow.unpublish(article, version=version, by=user, note=data["note"])
            messages.success(request, _("Article withdrawn from the portal."))
        else:
            workflow.redraft(article, version=version, by=user)
            messages.success(request, _("Article reopened as a draft."))
    except workflow.NewsError as error:
        messages.error(request, str(error))
    return redirect(article)


@login_required
def image_create(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    require(permissions.can_manage_images(request.user, article))
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = _attempt(
            form,
            lambda: workflow.add_image(
                article,
                upload=form.cleaned_data["image"],
                content_type=form.content_type,
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            ),
        )
        if image is not None:
            messages.success(
                request,
                _("Image %(n)s added: write [[image:%(n)s]] in the body to place it.")
                % {"n": image.position},
            )
            return redirect(article)
    return _form_page(request, article, form, _("Add an image"))


@login_required
@require_POST
def image_delete(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    require(permissions.can_manage_images(request.user, image.article))
    try:
        workflow.remove_image(image, by=request.user)
        messages.success(request, _("Image removed."))
    except workflow.NewsError as error:
        messages.error(request, str(error))
    return redirect(image.article)


def _image_response(image: ArticleImage, size: str) -> FileResponse:
    if size not in SIZES:
        raise Http404
    stored = image.image if size == "large" else image.small
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    return FileResponse(handle, content_type=image.content_type)


@login_required
def image_file(request: HttpRequest, pk: int, size: str) -> HttpResponseBase:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    require(permissions.can_view_article(request.user, image.article))
    response = _image_response(image, size)
    response["Cache-Control"] = "private, max-age=300"
    return response


# ------------------------------------------------------------------------- portal


def _public_list(
    request: HttpRequest, found: Any, tag: Tag | None, status: int = 200
) -> HttpResponse:
    page = Paginator(found, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "tag": tag, "tags": queries.tags_in_use()}
    return render(request, "news/public/index.html", context, status=status)


@require_GET
@public_cache
def public_index(request: HttpRequest) -> HttpResponse:
    return _public_list(request, queries.published(), None)


@require_GET
@public_cache
def public_tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _public_list(request, queries.published_with_tag(slug), tag)


@require_GET
@public_cache
def public_article(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    article = get_object_or_404(queries.public_article(pk))
    if slug != article.slug:
        # The title (hence the slug) may have been corrected: one address per article.
        return redirect(article.get_public_url(), permanent=True)
    context = {
        "article": article,
        "body": _body(article, queries.public_image_url),
        "gallery": _gallery(article, queries.public_image_url),
        "events": article.public_events,  # type: ignore[attr-defined]
        "deputies": article.public_deputies,  # type: ignore[attr-defined]
        "preview": False,
    }
    return render(request, "news/public/article.html", context)


@require_GET
def public_image(request: HttpRequest, pk: int, size: str) -> HttpResponseBase:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    if not image.article.is_visible():
        raise Http404
    response = _image_response(image, size)
    # A new image always gets a new id: a long life is safe.
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return response
