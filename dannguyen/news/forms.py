"""Forms of the news pages (and the API, which validates through them). Images are judged
by their bytes, never by their name or the browser's word."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dannguyen.deputies.models import Person
from dannguyen.events.models import Event
from dannguyen.lib.formfields import BoundedModelMultipleChoiceField
from dannguyen.lib.vietnamese import normalize
from dannguyen.petitions.forms import sniff, verify_content

from .models import MAX_BODY, MAX_TAGS, Article, ArticleStatus
from .queries import SCHEDULED

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
MAX_IMAGE_BYTES = 15 * 1024 * 1024
LATEST = datetime.date(2100, 12, 31)

BODY_HELP = _(
    "Plain text: a blank line between paragraphs; ## for a heading; - for a list item; "
    "> for a quotation; **bold**, *italic*, [text](https://address); [[image:1]] on its own "
    "line places image number 1. HTML is shown as written, not interpreted."
)


class ArticleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (ArticleStatus.DRAFT, ArticleStatus.DRAFT.label),
            (ArticleStatus.SUBMITTED, ArticleStatus.SUBMITTED.label),
            (SCHEDULED, pgettext_lazy("article status", "Scheduled")),
            (ArticleStatus.PUBLISHED, ArticleStatus.PUBLISHED.label),
            (ArticleStatus.UNPUBLISHED, ArticleStatus.UNPUBLISHED.label),
        ],
    )
    q = forms.CharField(label=_("Title or summary"), required=False, max_length=200)


def _clean_text(value: str) -> str:
    return normalize(value).strip()


class ArticleForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("news", "Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: shown in lists, feeds and search results."),
    )
    body = forms.CharField(
        label=pgettext_lazy("news", "Body"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=BODY_HELP,
    )
    tags = forms.CharField(
        label=pgettext_lazy("news", "Tags"),
        required=False,
        max_length=700,
        help_text=_("Separated by commas, e.g. tiếp xúc cử tri, kỳ họp HĐND."),
    )
    events = BoundedModelMultipleChoiceField(
        label=_("Related events"),
        required=False,
        queryset=Event.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deputies = BoundedModelMultipleChoiceField(
        label=_("Related deputies"),
        required=False,
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    # The version the user saw, on the edit page (the workflow's optimistic lock).
    version = forms.IntegerField(
        required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = Event.objects.order_by(  # type: ignore[attr-defined]
            "-starts_at", "-id"
        )
        self.fields["deputies"].queryset = Person.objects.order_by(  # type: ignore[attr-defined]
            "name_folded", "id"
        )

    @staticmethod
    def initial_of(article: Article) -> dict[str, Any]:
        return {
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "tags": ", ".join(t.name for t in article.tags.all()),
            "events": [e.pk for e in article.events.all()],
            "deputies": [p.pk for p in article.deputies.all()],
            "version": article.version,
        }

    def clean_title(self) -> str:
        return " ".join(_clean_text(self.cleaned_data["title"]).split())

    def clean_summary(self) -> str:
        return _clean_text(self.cleaned_data["summary"])

    def clean_body(self) -> str:
        return _clean_text(self.cleaned_data["body"])

    def clean_tags(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["tags"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > 60 for n in names):
            raise forms.ValidationError(_("A tag has at most 60 characters."), code="tag_length")
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(n)s tags.") % {"n": MAX_TAGS}, code="too_many_tags"
            )
        return names

    def values(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in ("title", "summary", "body")}


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Image (JPEG or PNG)"))
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png"
        self.content_type = ""

    def clean_image(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["image"]
        if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": MAX_IMAGE_BYTES // (1024 * 1024)},
                code="too_large",
            )
        content_type = sniff(upload)
        if content_type not in IMAGE_TYPES:
            raise forms.ValidationError(
                _("Only JPEG or PNG images are accepted."), code="file_type"
            )
        verify_content(upload, content_type)
        self.content_type = content_type
        return upload

    def clean_alt_text(self) -> str:
        value = " ".join(_clean_text(self.cleaned_data["alt_text"]).split())
        if not value:
            raise forms.ValidationError(
                _("Describe the image for readers who cannot see it."), code="required"
            )
        return value


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, max_value=2**31, widget=forms.HiddenInput)


class PublishForm(VersionForm):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now; a later time schedules the publication."),
    )

    def clean_publish_at(self) -> datetime.datetime | None:
        value: datetime.datetime | None = self.cleaned_data.get("publish_at")
        if value is not None and timezone.localtime(value).date() > LATEST:
            raise forms.ValidationError(_("This date is out of range."), code="date_range")
        return value


class NoteForm(VersionForm):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(VersionForm):
    note = forms.CharField(
        label=_("What should change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
