"""Form fields that turn impossible ids into a form error instead of a database error.

Django's model choice fields pass any digit string to the database; SQLite raises
OverflowError for integers beyond 64 bits, which would be a server error caused by user
input. These fields reject such values as an invalid choice first.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

MAX_ID = 2**63 - 1


def is_impossible_id(value: Any) -> bool:
    try:
        number = int(str(value).strip())
    except ValueError:
        return False  # not a number: Django's own validation rejects it
    return not -MAX_ID <= number <= MAX_ID


def safe_id(value: str) -> int | None:
    """VALUE as a database id, or None when it is not one."""
    text = value.strip()
    if not text.isdigit() or is_impossible_id(text):
        return None
    return int(text)


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and is_impossible_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value or []:
            if is_impossible_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:50]},
                )
        return super()._check_values(value)  # type: ignore[misc]


def bounded_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> Any:
    """A ModelForm `formfield_callback` using the bounded fields for relations."""
    if isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's ModelForm: relation fields refuse impossible ids.

    Subclasses declare `class Meta(ModelForm.Meta)`, since Django reads the callback there.
    """

    class Meta:
        formfield_callback = staticmethod(bounded_formfield)
