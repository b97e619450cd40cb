"""Outreach forms. Amounts are whole đồng within the caps of models.py; photos are judged
by their bytes (the petition app's `sniff` and `verify_content`), never their name."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import Role, User
from dannguyen.core.models import AdministrativeUnit, UnitKind
from dannguyen.lib.formfields import BoundedModelChoiceField, ModelForm
from dannguyen.petitions.forms import sniff, verify_content

from .models import MAX_BUDGET_VND, MAX_GIFT_VND, Beneficiary, Occasion, Programme, ProgrammeStatus

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
MAX_PHOTO_BYTES = 15 * 1024 * 1024
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE, UnitKind.TOWN)


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE_ATTRS))


def _in_range(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("This date is out of range."), code="date_range")


def _staff() -> Any:
    codes = [c for c in Role.Code.values if c != Role.Code.SYSTEM_ADMIN]
    return (
        User.objects.filter(is_active=True, roles__code__in=codes)
        .distinct()
        .order_by("full_name", "username")
    )


def communes() -> Any:
    return AdministrativeUnit.objects.filter(
        kind__in=COMMUNE_KINDS, valid_to__isnull=True
    ).order_by("name")


class ProgrammeFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    occasion = forms.ChoiceField(
        label=_("Occasion"), required=False, choices=[("", _("Any occasion")), *Occasion.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ProgrammeStatus.choices],
    )
    q = forms.CharField(label=_("Title"), required=False, max_length=200)


class ProgrammeForm(ModelForm):
    description = forms.CharField(
        label=_("Purpose and content"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta(ModelForm.Meta):
        model = Programme
        fields = [
            "title",
            "occasion",
            "lead_body",
            "starts_on",
            "ends_on",
            "description",
            "leaders",
            "participants",
            "guest_participants",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE_ATTRS),
            "ends_on": forms.DateInput(attrs=DATE_ATTRS),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("leaders", "participants"):
            self.fields[name].queryset = _staff()  # type: ignore[attr-defined]

    def clean_starts_on(self) -> datetime.date:
        value = self.cleaned_data["starts_on"]
        _in_range(value)
        return value

    def clean_ends_on(self) -> datetime.date:
        value = self.cleaned_data["ends_on"]
        _in_range(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The programme cannot end before it starts."))
        return data

    def programme_values(self) -> dict[str, Any]:
        names = ("title", "occasion", "lead_body", "starts_on", "ends_on", "description")
        values = {name: self.cleaned_data[name] for name in names}
        values["guest_participants"] = self.cleaned_data["guest_participants"]
        return values

    def _post_clean(self) -> None:
        # The workflow saves; the model's own validation would only repeat clean().
        pass


class HouseholdForm(forms.Form):
    head_name = forms.CharField(label=_("Head of the household"), max_length=150)
    address = forms.CharField(label=_("Address (house, hamlet)"), max_length=300)
    commune = BoundedModelChoiceField(
        label=_("Commune"), queryset=AdministrativeUnit.objects.none()
    )
    category = forms.ChoiceField(label=_("Category"), choices=Beneficiary.Category.choices)
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=30,
        regex=r"^[0-9 +().-]*$",
        error_messages={"invalid": _("Enter a phone number.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes()  # type: ignore[attr-defined]

    def clean_head_name(self) -> str:
        value = " ".join(self.cleaned_data["head_name"].split())
        if not any(ch.isalpha() for ch in value):
            raise forms.ValidationError(_("Enter the name of the head of the household."))
        return value


class GiftForm(forms.Form):
    household = BoundedModelChoiceField(label=_("Household"), queryset=Beneficiary.objects.none())
    money = forms.IntegerField(
        label=_("Money (VND)"), required=False, min_value=0, max_value=MAX_GIFT_VND
    )
    goods = forms.CharField(label=_("Goods"), required=False, max_length=500)
    goods_value = forms.IntegerField(
        label=_("Value of the goods (VND)"), required=False, min_value=0, max_value=MAX_GIFT_VND
    )
    given_on = _date(_("Given on"), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["household"].queryset = programme.beneficiaries.select_related(  # type: ignore[attr-defined]
            "commune"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["money"] = data.get("money") or 0
        data["goods_value"] = data.get("goods_value") or 0
        data["goods"] = (data.get("goods") or "").strip()
        if "money" not in self.errors and "goods_value" not in self.errors:
            if data["money"] + data["goods_value"] <= 0:
                raise forms.ValidationError(
                    _("Give an amount of money or the value of the goods."), code="empty"
                )
            if data["goods_value"] and not data["goods"]:
                self.add_error("goods", _("Describe the goods whose value is given."))
        given_on = data.get("given_on")
        if given_on and not self.programme.starts_on <= given_on <= self.programme.ends_on:
            self.add_error("given_on", _("The gift must be given within the programme's period."))
        return data


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Source"), max_length=300)
    amount = forms.IntegerField(label=_("Amount (VND)"), min_value=1, max_value=MAX_BUDGET_VND)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content_type = ""

    def clean_image(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["image"]
        if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MB.") % {"n": MAX_PHOTO_BYTES // (1024 * 1024)},
                code="too_large",
            )
        content_type = sniff(upload)
        if content_type not in PHOTO_TYPES:
            raise forms.ValidationError(
                _("Only JPEG or PNG photos are accepted."), code="file_type"
            )
        verify_content(upload, content_type)
        self.content_type = content_type
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(NoteForm):
    report_number = forms.CharField(label=_("Report number"), required=False, max_length=60)
    reported_on = _date(_("Report dated"))
    result_summary = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_reported_on(self) -> datetime.date:
        value = self.cleaned_data["reported_on"]
        _in_range(value)
        return value
