from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.formfields import ModelForm
from dannguyen.lib.vietnamese import parse_document_number

from .models import DocumentType, EffectStatus, IssuingLevel, LegalDocument, RelationKind

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class LegalDocumentForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = LegalDocument
        fields = [
            "number_raw",
            "title",
            "document_type",
            "issuers",
            "level",
            "signer_name",
            "signer_position",
            "issued_on",
            "effective_on",
            "expires_on",
            "gazette_number",
            "gazette_published_on",
            "fields",
            "area",
            "declared_status",
            "source",
            "source_reference",
            "full_text",
            "is_published",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "full_text": forms.Textarea(attrs={"rows": 16}),
            "issuers": forms.SelectMultiple(attrs={"size": 6}),
            "fields": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = DocumentType.objects.order_by("rank", "name")  # type: ignore[attr-defined]

    def clean_number_raw(self) -> str:
        raw: str = self.cleaned_data.get("number_raw", "").strip()
        if not raw:
            return raw
        parsed = parse_document_number(raw)
        if parsed is None:
            raise forms.ValidationError(
                _("Not a document number: write it like 02/2011/QH13 or 154/2026/NĐ-CP.")
            )
        duplicate = LegalDocument.objects.filter(number_key=parsed.key)
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(
                _("Document %(number)s is already in the database.") % {"number": str(parsed)}
            )
        self._parsed_number = parsed
        return str(parsed)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        issued, effective, expires = (
            cleaned.get("issued_on"),
            cleaned.get("effective_on"),
            cleaned.get("expires_on"),
        )
        if issued and effective and effective < issued:
            self.add_error("effective_on", _("A document cannot take effect before it is issued."))
        if effective and expires and expires < effective:
            self.add_error("expires_on", _("A document cannot expire before it takes effect."))
        return cleaned

    def save(self, commit: bool = True) -> LegalDocument:
        document: LegalDocument = super().save(commit=False)
        parsed = getattr(self, "_parsed_number", None)
        if parsed is not None:
            document.number_key = parsed.key
            document.number = parsed.number
            document.year = parsed.year
            document.symbol = parsed.symbol
        elif not document.number_raw:
            document.number_key = None
            document.number, document.year, document.symbol = "", None, ""
        if commit:
            document.save()
            self.save_m2m()
        return document


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    document_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *EffectStatus.choices]
    )
    as_of = forms.DateField(label=_("as of"), required=False)
    level = forms.ChoiceField(
        label=_("Issuing level"),
        required=False,
        choices=[("", _("All levels")), *IssuingLevel.choices],
    )
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=200)
    field = forms.IntegerField(label=_("Field"), required=False, min_value=1, max_value=2**62)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1945, max_value=2100
    )
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1945, max_value=2100)
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A facet link gives one year: it means from that year to that year.
        if cleaned.get("year"):
            cleaned["year_from"] = cleaned["year_to"] = cleaned["year"]
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        # An empty file is reported by the import like any unreadable one; the rest go on.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


IMPORTABLE_SUFFIXES = (".txt", ".docx", ".pdf", ".md", ".json")


class ImportForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_("Text, Word, PDF, Markdown or JSON; several at once; at most 50 MB each."),
    )
    manifest = forms.FileField(
        label=_("Manifest (optional)"),
        required=False,
        help_text=_("A JSON or CSV list of the files with their metadata, which wins."),
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=100)

    def clean_uploads(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["uploads"]
        for upload in files:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 50 MB.") % {"name": upload.name}
                )
            if not upload.name.lower().endswith(IMPORTABLE_SUFFIXES):
                raise forms.ValidationError(
                    _("%(name)s: only .txt, .docx, .pdf, .md and .json files can be imported.")
                    % {"name": upload.name}
                )
        return files


class RelationForm(forms.Form):
    """What this document does to another one, e.g. "replaces 02/2011/QH13, Điều 8"."""

    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target = forms.CharField(
        label=_("Other document"),
        max_length=300,
        help_text=_("Its number (02/2011/QH13) or its name and year (Luật Khiếu nại năm 2011)."),
    )
    provision_label = forms.CharField(
        label=_("Provisions concerned"), max_length=300, required=False
    )
    is_partial = forms.BooleanField(label=_("Only part of the other document"), required=False)
    effective_on = forms.DateField(label=_("Takes effect on"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
