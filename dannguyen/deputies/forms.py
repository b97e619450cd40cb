"""Forms of the deputies pages (and the API, which validates through them).

A photo is refused unless Pillow reads it as a JPEG or PNG image, and is stored re-encoded
as a JPEG of at most PHOTO_MAX_SIDE pixels a side: the portal shows it on phones, and a
re-encoded file carries no metadata (a camera's GPS position) nor anything hidden after
the image data.
"""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from dannguyen.accounts.models import User
from dannguyen.core.models import AdministrativeUnit
from dannguyen.lib.formfields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ModelForm,
)
from dannguyen.voters.models import Body

from .models import ActivityEntry, Area, Membership, Organization, Person, Term

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_TEXT = 20_000
PHOTO_MAX_SIDE = 600
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Pillow decodes the whole image: refuse a small file that would unpack to a huge bitmap.
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = frozenset({"JPEG", "PNG"})


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _in_range(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("Enter a date between 1900 and 2100."), code="out_of_range")
    return value


def clean_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """UPLOAD read as an image by its content, made at most PHOTO_MAX_SIDE a side, as JPEG."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(
            _("The photo is larger than %(n)s MB.") % {"n": MAX_PHOTO_BYTES // (1024 * 1024)},
            code="too_large",
        )
    refused = forms.ValidationError(
        _("The photo must be a JPEG or PNG image."), code="not_an_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                raise refused
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise forms.ValidationError(
                    _("The photo has too many pixels."), code="too_many_pixels"
                )
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except forms.ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise refused from exc
    picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


class PersonForm(ModelForm):
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("JPEG or PNG; it is reduced to 600 pixels a side."),
    )
    user = BoundedModelChoiceField(
        label=_("user account"),
        queryset=User.objects.filter(is_active=True).order_by("full_name", "username"),
        required=False,
        help_text=_(
            "The deputy's account: the reception sessions, petitions and events recorded in "
            "its name make up the activity record."
        ),
    )

    class Meta(ModelForm.Meta):
        model = Person
        fields = ["name", "gender", "birth_date", "photo", "biography", "email", "phone", "user"]
        widgets = {"birth_date": _date_input(), "biography": forms.Textarea(attrs={"rows": 6})}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the deputy's full name."), code="required")
        return name

    def clean_birth_date(self) -> datetime.date | None:
        value = _in_range(self.cleaned_data.get("birth_date"))
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."), code="future")
        return value

    def clean_biography(self) -> str:
        value: str = self.cleaned_data["biography"]
        if len(value) > MAX_TEXT:
            raise forms.ValidationError(_("The text is too long."), code="too_long")
        return value.strip()

    def clean_photo(self) -> Any:
        value = self.cleaned_data.get("photo")
        if isinstance(value, UploadedFile):
            return clean_photo(value)
        return value


class MembershipForm(ModelForm):
    organization = BoundedModelChoiceField(
        label=_("organisation"), queryset=Organization.objects.order_by("body", "name")
    )
    term = BoundedModelChoiceField(label=_("term"), queryset=Term.objects.all())
    area = BoundedModelChoiceField(
        label=_("electoral unit"),
        queryset=Area.objects.select_related("term"),
        required=False,
    )

    class Meta(ModelForm.Meta):
        model = Membership
        fields = [
            "organization",
            "term",
            "role",
            "engagement",
            "area",
            "starts_on",
            "ends_on",
            "is_public",
        ]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.person = person

    def clean_starts_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("ends_on"))

    def validate_unique(self) -> None:
        # The overlap check in clean() says it better than the unique constraint's message.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        org, term, area = data.get("organization"), data.get("term"), data.get("area")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        if org is not None and term is not None and org.body != term.body:
            self.add_error("term", _("The term is not one of the organisation's body."))
        if area is not None and term is not None and area.term_id != term.pk:
            self.add_error("area", _("The electoral unit belongs to another term."))
        if term is not None and starts is not None:
            if starts < term.starts_on or (term.ends_on and starts > term.ends_on):
                self.add_error("starts_on", _("The start is outside the term."))
            if ends is not None and term.ends_on and ends > term.ends_on:
                self.add_error("ends_on", _("The end is outside the term."))
        role = data.get("role")
        if org is not None and term is not None and role and starts and not self.errors:
            same = Membership.objects.filter(
                person=self.instance.person, organization=org, term=term, role=role
            ).exclude(pk=self.instance.pk)
            # Two periods overlap when each starts before the other ends.
            overlapping = same.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts))
            if ends is not None:
                overlapping = overlapping.filter(starts_on__lte=ends)
            if overlapping.exists():
                raise forms.ValidationError(
                    _("The deputy already holds this position in this organisation then."),
                    code="overlap",
                )
        return data


class ActivityEntryForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = ActivityEntry
        fields = ["kind", "date", "title", "text", "is_public"]
        widgets = {"date": _date_input(), "text": forms.Textarea(attrs={"rows": 5})}

    def clean_date(self) -> datetime.date:
        value = self.cleaned_data["date"]
        if value < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Enter a date from 2000 on."), code="out_of_range")
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("Record an activity once it has taken place."), code="future"
            )
        return value

    def clean_title(self) -> str:
        value = " ".join(self.cleaned_data["title"].split())
        if not value:
            raise forms.ValidationError(_("Give a title."), code="required")
        return value

    def clean_text(self) -> str:
        value: str = self.cleaned_data["text"]
        if len(value) > MAX_TEXT:
            raise forms.ValidationError(_("The text is too long."), code="too_long")
        return value.strip()


class TermForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Term
        fields = ["body", "name", "starts_on", "ends_on"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def clean_starts_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("ends_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes before the start."))
        return data


def _communes() -> Any:
    return AdministrativeUnit.objects.filter(
        parent__code=str(settings.OFFICE_PROVINCE_CODE), valid_to__isnull=True
    ).order_by("name_folded")


class OrganizationForm(ModelForm):
    commune = BoundedModelChoiceField(label=_("commune"), queryset=_communes(), required=False)
    parent = BoundedModelChoiceField(
        label=_("part of"), queryset=Organization.objects.all(), required=False
    )

    class Meta(ModelForm.Meta):
        model = Organization
        fields = ["name", "classification", "body", "commune", "parent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = _communes()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["parent"].queryset = Organization.objects.exclude(  # type: ignore[attr-defined]
                pk=self.instance.pk
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        body, commune, parent = data.get("body"), data.get("commune"), data.get("parent")
        if body == Body.HDND_COMMUNE and commune is None:
            self.add_error("commune", _("Choose the commune of the council."))
        if body and body != Body.HDND_COMMUNE and commune is not None:
            self.add_error("commune", _("Only a commune's council has a commune."))
        if parent is not None and body and parent.body != body:
            self.add_error("parent", _("The parent belongs to another body."))
        ancestor = parent
        while ancestor is not None and self.instance.pk:
            if ancestor.pk == self.instance.pk:
                self.add_error("parent", _("An organisation cannot be part of itself."))
                break
            ancestor = ancestor.parent
        return data


class AreaForm(ModelForm):
    term = BoundedModelChoiceField(label=_("term"), queryset=Term.objects.all())
    communes = BoundedModelMultipleChoiceField(
        label=_("communes covered"),
        queryset=_communes(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta(ModelForm.Meta):
        model = Area
        fields = ["term", "number", "name", "seats", "communes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = _communes()  # type: ignore[attr-defined]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    body = forms.ChoiceField(
        label=_("Body"), required=False, choices=[("", _("All")), *list(Body.choices)]
    )
    term = BoundedModelChoiceField(
        label=_("Term"), queryset=Term.objects.all(), required=False, empty_label=_("All")
    )
    area = BoundedModelChoiceField(
        label=_("Electoral unit"),
        queryset=Area.objects.select_related("term"),
        required=False,
        empty_label=_("All"),
    )


class PublicFilterForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Body"), required=False, choices=[("", _("All")), *list(Body.choices)]
    )
    term = BoundedModelChoiceField(
        label=_("Term"),
        queryset=Term.objects.all(),
        required=False,
        empty_label=_("Current"),
    )
    area = BoundedModelChoiceField(
        label=_("Electoral unit"),
        queryset=Area.objects.select_related("term"),
        required=False,
        empty_label=_("All"),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
