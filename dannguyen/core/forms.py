from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, Agency, AuditAction, CalendarOverride, FieldOfWork, Level


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )


class AgencyForm(forms.ModelForm):
    class Meta:
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
        widgets = {"fields": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administrative_unit"].queryset = AdministrativeUnit.objects.filter(
            valid_to__isnull=True
        ).select_related("parent")
        parent_qs = Agency.objects.all()
        if self.instance.pk:
            parent_qs = parent_qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parent_qs

    def clean_parent(self) -> Agency | None:
        parent: Agency | None = self.cleaned_data.get("parent")
        node = parent
        while node is not None and self.instance.pk:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(_("An agency cannot be placed under itself."))
            node = node.parent
        return parent


class FieldOfWorkForm(forms.ModelForm):
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

    class Meta:
        model = FieldOfWork
        fields = ["code", "name", "parent", "petition_kinds", "order", "is_active"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        if not code.replace("-", "").isalnum() or not code.isascii():
            raise forms.ValidationError(_("Use letters A–Z, digits and hyphens only."))
        return code

    def clean_parent(self) -> FieldOfWork | None:
        parent: FieldOfWork | None = self.cleaned_data.get("parent")
        node = parent
        while node is not None and self.instance.pk:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(_("A field cannot be placed under itself."))
            node = node.parent
        return parent


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
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
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *AuditAction.choices]
