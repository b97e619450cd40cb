from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.formfields import ModelForm

from .models import AdministrativeUnit, Agency, AuditAction, CalendarOverride, FieldOfWork, Level


def _is_below(parent: Any, node: Any) -> bool:
    """Whether PARENT is NODE or one of its descendants (which would make a cycle)."""
    while parent is not None and node.pk:
        if parent.pk == node.pk:
            return True
        parent = parent.parent
    return False


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )


class AgencyForm(ModelForm):
    # Government sites are served over HTTPS; a bare "ninhbinh.gov.vn" means https://.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta(ModelForm.Meta):
        model = Agency
        fields = [
            "name",
            "short_name",
            "level",
            "kind",
            "parent",
            "administrative_unit",
            "address",
            "phone",
            "email",
            "website",
            "fields",
            "notes",
            "is_active",
        ]
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = AdministrativeUnit.objects.filter(valid_to__isnull=True).select_related("parent")
        self.fields["administrative_unit"].queryset = units  # type: ignore[attr-defined]
        parent_qs = Agency.objects.all()
        if self.instance.pk:
            parent_qs = parent_qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parent_qs  # type: ignore[attr-defined]

    def clean_parent(self) -> Agency | None:
        parent: Agency | None = self.cleaned_data.get("parent")
        if _is_below(parent, self.instance):
            raise forms.ValidationError(_("An agency cannot be placed under itself."))
        return parent


class FieldOfWorkForm(ModelForm):
    petition_kinds = forms.MultipleChoiceField(
        label=_("Petition kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when the field applies to every kind of petition."),
        choices=[
            ("complaint", _("Complaint")),
            ("denunciation", _("Denunciation")),
            ("recommendation", _("Recommendation or feedback")),
            ("multiple", _("Several contents")),
        ],
    )

    class Meta(ModelForm.Meta):
        model = FieldOfWork
        fields = ["code", "name", "parent", "petition_kinds", "order", "is_active"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        if not code.replace("-", "").isalnum() or not code.isascii():
            raise forms.ValidationError(_("Use letters A–Z, digits and hyphens only."))
        return code

    def clean_parent(self) -> FieldOfWork | None:
        parent: FieldOfWork | None = self.cleaned_data.get("parent")
        if _is_below(parent, self.instance):
            raise forms.ValidationError(_("A field cannot be placed under itself."))
        return parent


class CalendarOverrideForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = CalendarOverride
        fields = ["date", "kind", "reason", "legal_basis"]


class AddressConversionForm(forms.Form):
    address = forms.CharField(
        label=_("Address before 01/07/2025"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội")}
        ),
    )


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Record"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
