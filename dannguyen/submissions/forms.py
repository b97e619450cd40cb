"""The citizen's forms: sending a petition and looking it up. No side effects except the
check question, whose token is spent when answered (right or wrong).

Files are first counted and weighed only; their content is opened (the petitions app's own
checks, by content) once the check question and the trap field have passed, so a script
posting junk costs the server no PDF parsing.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dannguyen.lib.vietnamese import normalize
from dannguyen.petitions import forms as petition_forms
from dannguyen.petitions import identity
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import Kind, ReceivingSubject

from . import challenge

# A citizen's letter and a few documents, not an archive: smaller than what the office's
# own staff may attach (petitions.forms.MAX_ATTACHMENT_BYTES), since nobody vouches for them.
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
# A request larger than this is refused before Django reads it.
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + 1024 * 1024
MIN_CONTENT = 20
MAX_LINKS = 3
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)

ONLINE_KINDS = (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION)
ONLINE_SUBJECTS = (
    ReceivingSubject.OFFICE,
    ReceivingSubject.NA_DELEGATION,
    ReceivingSubject.COUNCIL_STANDING,
)

# One answer for every refusal that only a script earns (trap field filled, answered in
# less time than reading takes, forged token) and for a letter already sent: it says
# nothing of which it was, nor whether an earlier letter exists.
REFUSED = _(
    "Your petition could not be accepted. If you have already sent it, it does not need "
    "to be sent again; otherwise try again later, or bring it to the citizen reception office."
)
# Luật Tố cáo Art 47, 56; Nghị định 154/2026 Art 20(4) (domain.md §1.9).
DENUNCIATION_WARNING = _(
    "A denunciation sent online: the law allows a denunciation to be received online only "
    "when the denouncer does not ask for protection measures (Decree 154/2026, Art. 20(4)). "
    "The office keeps your name, address and other personal information confidential "
    "(Law on Denunciations, Art. 47 and 56): they are stored encrypted and hidden from "
    "everyone who does not need them. If you or your family need protection of your life, "
    "health, property, honour or job, do not send it online: bring it in person to the "
    "citizen reception office."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PublicAttachmentsField(forms.FileField):
    """At most MAX_FILES files of MAX_FILE_BYTES each: counted and weighed, not yet opened."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "multiple": True,
                    "accept": ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png",
                }
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        items = [d for d in items if d]
        if len(items) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(n)s files.") % {"n": MAX_FILES}, code="too_many"
            )
        total = 0
        for upload in items:
            upload = super().clean(upload, initial)
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 10 MB.") % {"name": (upload.name or "")[:100]},
                    code="too_large",
                )
            total += upload.size
        if total > MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                _("The files cannot exceed 20 MB in all."), code="total_too_large"
            )
        return items


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What you are sending"),
        choices=[(k.value, k.label) for k in ONLINE_KINDS],
        widget=forms.RadioSelect,
    )
    receiving_subject = forms.ChoiceField(
        label=_("Addressed to"),
        choices=[(s.value, s.label) for s in ONLINE_SUBJECTS],
        initial=ReceivingSubject.OFFICE,
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=30,
        help_text=_("Citizen identity card (12 digits), old identity card (9) or passport."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("The office contacts you on it; with the tracking code it opens the status."),
    )
    address = forms.CharField(label=_("Address"), max_length=300)
    summary = forms.CharField(
        label=pgettext_lazy("petition", "Subject"),
        required=False,
        max_length=200,
    )
    content = forms.CharField(
        label=_("Content"),
        max_length=petition_forms.MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What happened, who is concerned, where and when, and what you ask for. One "
            "matter per petition: a letter with several matters is sent as several petitions."
        ),
    )
    place_detail = forms.CharField(
        label=_("Where the matter arose"), required=False, max_length=300
    )
    previous_handling = forms.CharField(
        label=_("Sent before to (agency, result)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachments = PublicAttachmentsField(
        label=_("Attached documents"),
        help_text=_("PDF, JPEG, PNG or Word (.docx); at most 5 files of 10 MB each."),
    )
    denunciation_understood = forms.BooleanField(
        label=_("I have read the notice on denunciations sent online."), required=False
    )
    declaration = forms.BooleanField(
        label=_("I declare that what I have written is true and that I am the sender.")
    )
    answer = forms.CharField(label=_("Answer in digits"), max_length=3)
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    # The trap: hidden from people by the stylesheet, filled by form-filling scripts.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["answer"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}
        )
        self.refused = False

    def clean_full_name(self) -> str:
        return identity.normalize_name(self.cleaned_data.get("full_name", ""))

    def clean_id_number(self) -> str:
        return petition_forms.clean_id_number(self.cleaned_data.get("id_number", ""))

    def clean_phone(self) -> str:
        return petition_forms.clean_phone(self.cleaned_data.get("phone", ""))

    def clean_address(self) -> str:
        return " ".join(normalize(self.cleaned_data.get("address", "")).split())

    def clean_summary(self) -> str:
        return " ".join(normalize(self.cleaned_data.get("summary", "")).split())

    def clean_content(self) -> str:
        content = normalize(self.cleaned_data.get("content", "")).strip()
        if len(content) < MIN_CONTENT:
            raise forms.ValidationError(
                _("Describe the matter in at least %(n)s characters.") % {"n": MIN_CONTENT},
                code="too_short",
            )
        if len(_LINK.findall(content)) > MAX_LINKS:
            raise forms.ValidationError(
                _("At most %(n)s web links: attach the documents instead.") % {"n": MAX_LINKS},
                code="links",
            )
        return content

    def clean_place_detail(self) -> str:
        return " ".join(normalize(self.cleaned_data.get("place_detail", "")).split())

    def clean_previous_handling(self) -> str:
        return normalize(self.cleaned_data.get("previous_handling", "")).strip()

    def _refuse(self) -> None:
        self.refused = True
        raise forms.ValidationError(REFUSED, code="refused")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            self._refuse()
        token = self.data.get("token", "")
        outcome = challenge.check(token, self.data.get("answer", "")) if token else None
        if outcome in (None, challenge.Outcome.INVALID, challenge.Outcome.TOO_FAST):
            self._refuse()
        if outcome == challenge.Outcome.EXPIRED:
            self.add_error("answer", _("The check question has expired: answer the new one."))
        elif "answer" in self.errors:
            pass  # left empty: "required" says it already
        elif outcome in (challenge.Outcome.WRONG, challenge.Outcome.REUSED):
            self.add_error("answer", _("Wrong answer: answer the new question."))
        if cleaned.get("kind") == Kind.DENUNCIATION and not cleaned.get("denunciation_understood"):
            self.add_error(
                "denunciation_understood",
                _("Tick this box to confirm that you have read the notice on denunciations."),
            )
        if not self.errors and cleaned.get("attachments"):
            self._check_files(cleaned)
        return cleaned

    def _check_files(self, cleaned: dict[str, Any]) -> None:
        """The petitions app's checks: type judged by the bytes, the file must open."""
        try:
            checked = petition_forms.AttachmentsField().clean(cleaned["attachments"])
            petition_forms.check_petition_total(checked, None)
        except forms.ValidationError as error:
            self.add_error("attachments", error)
            return
        cleaned["attachments"] = checked

    def person(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            full_name=data["full_name"],
            id_number=data.get("id_number", ""),
            phone=data["phone"],
            address=data["address"],
        )

    def checked_files(self) -> list[tuple[UploadedFile, str]]:
        return list(self.cleaned_data.get("attachments") or [])


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "DN-XXXXX-XXXXX", "autocomplete": "off"}),
    )
    contact = forms.CharField(
        label=_("Phone or identity number"),
        max_length=30,
        help_text=_("The phone number or identity number given when sending the petition."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# The one answer to a lookup that finds nothing, whatever was wrong (the code, the phone,
# both): nobody can learn from it whether a code exists.
NOT_FOUND = _(
    "No petition matches this tracking code together with this phone or identity number. "
    "Check what you typed and try again."
)
