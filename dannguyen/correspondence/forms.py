"""Forms of the outgoing-letter pages; every error is said to the user in their language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dannguyen.core.models import Agency
from dannguyen.lib.formfields import MAX_ID

from . import rendering
from .models import (
    PETITION_KINDS,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    OutgoingLetter,
    RecipientType,
)

MAX_RECIPIENTS = 30


class LetterForm(forms.ModelForm):
    """A draft's editable parts."""

    recipients_text = forms.CharField(
        label=_("Recipients (nơi nhận), one per line"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("“Lưu: VT” is added by itself."),
    )

    class Meta:
        model = OutgoingLetter
        fields = [
            "recipient_agency",
            "recipient_name",
            "recipient_address",
            "subject",
            "body",
            "signing_mode",
            "authority_position",
            "signer_position",
            "signer_name",
            "confidentiality",
            "urgency",
            "copies",
            "note",
        ]
        widgets = {
            "recipient_name": forms.TextInput(),
            "recipient_address": forms.TextInput(),
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["recipient_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["recipient_name"].widget.attrs["maxlength"] = 300
        self.fields["recipient_address"].widget.attrs["maxlength"] = 500
        self.fields["copies"].max_value = 999  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["recipients_text"] = "\n".join(map(str, self.instance.recipients))
        if self.instance.recipient_type == RecipientType.INTERNAL:
            del self.fields["recipient_agency"]

    def clean_recipient_name(self) -> str:
        value = str(self.cleaned_data.get("recipient_name") or "").strip()
        if len(value) > 300:
            raise ValidationError(_("Too long: at most 300 characters."))
        return value

    def clean_recipient_address(self) -> str:
        value = str(self.cleaned_data.get("recipient_address") or "").strip()
        if len(value) > 500:
            raise ValidationError(_("Too long: at most 500 characters."))
        return value

    def clean_copies(self) -> int:
        value = self.cleaned_data["copies"]
        if not 1 <= value <= 999:
            raise ValidationError(_("Between 1 and 999 copies."))
        return int(value)

    def clean_recipients_text(self) -> list[str]:
        lines = [
            line.strip().lstrip("-").strip()
            for line in self.cleaned_data.get("recipients_text", "").splitlines()
        ]
        lines = [line[:200] for line in lines if line]
        if len(lines) > MAX_RECIPIENTS:
            raise ValidationError(_("At most %(n)s recipients.") % {"n": MAX_RECIPIENTS})
        return lines

    def values(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in self._meta.fields or []
            if name in self.cleaned_data
        }
        data["recipients"] = self.cleaned_data["recipients_text"]
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What should be changed"),
        min_length=3,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NewLetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in PETITION_KINDS])
    recipient_agency = forms.ModelChoiceField(
        label=_("Recipient agency"), queryset=Agency.objects.none(), required=False
    )
    petition = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["recipient_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(is_active=True).order_by("name")


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *LetterKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *LetterStatus.choices]
    )


class TemplateForm(forms.ModelForm):
    """A replacement Word template, checked by content before it is kept."""

    class Meta:
        model = LetterTemplate
        fields = ["kind", "name", "file", "valid_from", "valid_to"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise ValidationError(_("Choose a Word (.docx) file."))
        if upload.size is not None and upload.size > rendering.MAX_TEMPLATE_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(mb)s MB.")
                % {"mb": rendering.MAX_TEMPLATE_BYTES // 2**20}
            )
        upload.seek(0)
        data = upload.read(rendering.MAX_TEMPLATE_BYTES + 1)
        rendering.check_template(data)
        upload.seek(0)
        self.size = len(data)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end cannot be before the start."))
        return data
