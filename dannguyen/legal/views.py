from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dannguyen.accounts.permissions import require

from . import permissions, queries, search, uploads
from .forms import ImportForm, LegalDocumentForm, RelationForm, SearchForm
from .models import Attachment, ImportBatch, LegalDocument, Relation


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(queries.documents_for_list().select_related("area"), pk=pk)
    require(permissions.can_view_legal(request.user))
    events = queries.effect.events_of(document)
    outgoing, incoming = queries.relations_both_ways(document)
    # The page shows the same units as the table of contents: clauses and points are read
    # inside their article's text.
    contents = queries.table_of_contents(document)
    context = {
        "document": document,
        "status": queries.effect.status_on(events, timezone.localdate()),
        "timeline": queries.timeline(events),
        "outgoing": outgoing,
        "incoming": incoming,
        "toc": contents,
        "provisions": contents,
        "attachments": document.attachments.all(),
        "fields": document.fields.all(),
        "issuers": document.issuers.all(),
        "relation_form": RelationForm(),
    }
    return render(request, "legal/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    document = get_object_or_404(LegalDocument, pk=pk) if pk else None
    require(permissions.can_edit_legal(request.user))
    form = LegalDocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        document = form.save()
        messages.success(request, _("Document saved."))
        return redirect(document)
    return render(request, "legal/form.html", {"form": form, "document": document})


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    require(permissions.can_view_legal(request.user))
    content_type = item.content_type or mimetypes.guess_type(item.original_name)[0]
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=content_type or "application/octet-stream",
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(permissions.can_import_legal(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = uploads.start_batch(
            files=form.cleaned_data["uploads"],
            manifest=form.cleaned_data["manifest"],
            source_name=form.cleaned_data["source"],
            by=request.user,
        )
        return redirect("legal:import_batch", pk=batch.pk)
    batches = ImportBatch.objects.select_related("created_by")[:20]
    return render(request, "legal/import.html", {"form": form, "batches": batches})


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    require(permissions.can_import_legal(request.user))
    items = batch.items.select_related("document")
    template = "legal/import_batch.html#progress" if request.htmx else "legal/import_batch.html"  # type: ignore[attr-defined]
    return render(request, template, {"batch": batch, "items": items})


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_legal(request.user))
    form = SearchForm(request.GET)
    today = timezone.localdate()
    if not form.is_valid():
        return render(request, "legal/search.html", {"form": form, "page": None})
    data = form.cleaned_data
    q = data["q"].strip()
    if q:
        target = search.document_by_number(q)
        if target is not None:
            return redirect(target)
    filters = search.Filters.from_values(data)
    context: dict[str, object] = {"form": form, "q": q, "today": today}
    if q:
        results = search.find(q, filters, today=today)
        page = Paginator(results.hits, 20).get_page(request.GET.get("page"))
        # The page keeps its numbering; only its items become full hits.
        page.object_list = search.hits_for(list(page.object_list), q)  # type: ignore[assignment]
        context.update(
            {
                "page": page,
                "suggestion": results.suggestion,
                "mode": "hits",
                "facets": search.facets(results.hits, today=today),
            }
        )
    else:
        documents = queries.browse(filters, today=today)
        context.update(
            {
                "page": Paginator(documents, 30).get_page(request.GET.get("page")),
                "mode": "documents",
            }
        )
    template = "legal/search.html#results" if request.htmx else "legal/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def add_relation(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(LegalDocument, pk=pk)
    require(permissions.can_edit_legal(request.user))
    form = RelationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        target, key = queries.resolve_reference(data["target"])
        if target == document:
            messages.error(request, _("A document cannot act on itself."))
        elif not key:
            messages.error(request, _("The other document could not be recognised."))
        else:
            Relation.objects.update_or_create(
                source=document,
                kind=data["kind"],
                target_key=key[:200],
                provision_label=data["provision_label"],
                defaults={
                    "target": target,
                    "target_reference": data["target"],
                    "is_partial": data["is_partial"] or bool(data["provision_label"]),
                    "effective_on": data["effective_on"],
                    "note": data["note"],
                    "is_detected": False,
                },
            )
            messages.success(request, _("Relation saved."))
    else:
        messages.error(request, _("The relation was not saved: check the fields."))
    return redirect(document)
