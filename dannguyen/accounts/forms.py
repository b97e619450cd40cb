from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.formfields import BoundedModelMultipleChoiceField, ModelForm

from .models import Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. After %(limit)s failed attempts the account is "
            "locked for 30 minutes."
        ),
        "inactive": _("This account has been deactivated."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings  # noqa: PLC0415 -- read at request time for tests

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class UserForm(ModelForm):
    roles = BoundedModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Role.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ModelForm.Meta):
        model = User
        fields = ["username", "full_name", "position", "unit", "email", "phone", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.roles.all())


class NewUserForm(UserForm):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            from django.contrib.auth import password_validation  # noqa: PLC0415 -- heavy

            user = User(
                username=cleaned.get("username", ""), full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class AdminSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg,unused-ignore]
    pass


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. statistics spreadsheet")}),
    )
