"""Input for citizen reception: Vietnamese validation, no side effects.

The case entry (`CaseEntry`: the case form and the people who came) is also what the API
validates with, so a case is held to the same rules whichever way it arrives. Identity
numbers and phone numbers follow the petition register's rules (one person, one format).
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.accounts.models import User
from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.lib.formfields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ModelForm,
)
from dannguyen.lib.vietnamese import normalize
from dannguyen.petitions import identity
from dannguyen.petitions.forms import RevealForm, clean_id_number, clean_phone, field_suits_kind
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import PROTECTED_KINDS, Kind

from . import queries
from .models import (
    DEPUTY_HOSTS,
    MAX_HEADCOUNT,
    PERIODIC_HOSTS,
    HostBody,
    Method,
    Outcome,
    ReceptionCase,
    ReceptionSession,
    SessionKind,
    SessionStatus,
    representative_limit,
)

__all__ = ["RevealForm"]

# Sessions are planned up to a year ahead and recorded up to a year late; anything further
# is a typing mistake (a wrong year).
PLANNING_HORIZON = datetime.timedelta(days=366)
MAX_CONTENT = 20_000
MAX_PEOPLE_ROWS = 5
# Luật 136/2025/QH15 and NĐ 154/2026/NĐ-CP Art 12(1): from 01/7/2026 the person who comes
# must show an identity document (số căn cước / định danh cá nhân / hộ chiếu).
IDENTITY_REQUIRED_FROM = datetime.date(2026, 7, 1)

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# ------------------------------------------------------------------------- sessions


class SessionForm(ModelForm):
    """Planning (and correcting) a session."""

    class Meta(ModelForm.Meta):
        model = ReceptionSession
        fields = [
            "kind",
            "host_body",
            "method",
            "date",
            "start_time",
            "end_time",
            "place",
            "online_details",
            "hosts",
            "guest_hosts",
            "staff",
            "note",
        ]
        widgets = {
            "date": forms.DateInput(attrs=DATE_ATTRS),
            "start_time": _time_widget(),
            "end_time": _time_widget(),
            "hosts": forms.SelectMultiple(attrs={"size": 6}),
            "staff": forms.SelectMultiple(attrs={"size": 6}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["hosts"].queryset = queries.host_choices()  # type: ignore[attr-defined]
        fields["staff"].queryset = queries.staff_choices()  # type: ignore[attr-defined]
        fields["date"].widget.attrs["autofocus"] = True
        if not self.instance.pk:
            fields["start_time"].initial = datetime.time(8, 0)
            fields["end_time"].initial = datetime.time(11, 30)
        fields["hosts"].help_text = _(
            "Deputies and leaders presiding; each is reminded of the session by e-mail."
        )

    def clean_date(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("date")
        if day is None:
            return None
        today = timezone.localdate()
        if not today - PLANNING_HORIZON <= day <= today + PLANNING_HORIZON:
            raise forms.ValidationError(
                _("The date must be within a year of today (check the year)."), code="range"
            )
        if self.instance.pk and self.instance.status == SessionStatus.HELD and day > today:
            raise forms.ValidationError(
                _("This session was held: its date cannot be in the future."), code="held"
            )
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, host_body = cleaned.get("kind"), cleaned.get("host_body")
        if kind == SessionKind.REGULAR:
            cleaned["host_body"] = host_body = HostBody.OFFICE
        elif kind == SessionKind.PERIODIC and host_body and host_body not in PERIODIC_HOSTS:
            self.add_error(
                "host_body",
                _(
                    "Periodic reception is presided over by a deputy, the National Assembly "
                    "delegation or the Standing Committee of the People's Council."
                ),
            )
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session must end after it starts."))
        hosts = cleaned.get("hosts")
        if (
            host_body in PERIODIC_HOSTS | DEPUTY_HOSTS
            and hosts is not None
            and not hosts
            and not cleaned.get("guest_hosts", "").strip()
        ):
            self.add_error("hosts", _("Say who presides over the session."))
        if cleaned.get("method") == Method.ONLINE and not cleaned.get("online_details", "").strip():
            self.add_error(
                "online_details",
                _("Say how citizens connect (platform, connection points)."),
            )
        return cleaned

    def session_values(self) -> dict[str, Any]:
        names = [n for n in self._meta.fields or () if n not in {"hosts", "staff"}]
        return {n: self.cleaned_data[n] for n in names if n in self.cleaned_data}


class HoldForm(forms.Form):
    staff = BoundedModelMultipleChoiceField(
        label=_("Staff present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recording_reference = forms.CharField(
        label=_("Recording kept at"),
        required=False,
        max_length=500,
        help_text=_("Online sessions are recorded (NĐ 154/2026, Article 24)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, session: ReceptionSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["staff"].queryset = queries.staff_choices()  # type: ignore[attr-defined]

    def clean_recording_reference(self) -> str:
        value = self.cleaned_data.get("recording_reference", "").strip()
        if self.session.method == Method.ONLINE and not value:
            raise forms.ValidationError(
                _("An online session is recorded: say where the recording is kept."),
                code="required",
            )
        return value


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the session cancelled?"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ------------------------------------------------------------------------- cases


class CitizenForm(forms.Form):
    """One person who came (for a group: one representative)."""

    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=30,
        help_text=_("Citizen identity card (12 digits), old identity card (9) or passport."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("As said; addresses from before 01/07/2025 are converted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A formset skips "extra" rows equal to their initial values; a row prefilled with
        # the person already recorded must still count, so every row is cleaned (an empty
        # one cleans to nobody).
        self.empty_permitted = False

    def clean_full_name(self) -> str:
        return identity.normalize_name(self.cleaned_data.get("full_name", ""))

    def clean_id_number(self) -> str:
        return clean_id_number(self.cleaned_data.get("id_number", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_address(self) -> str:
        return " ".join(normalize(self.cleaned_data.get("address", "")).split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        others = any(cleaned.get(n) for n in ("id_number", "phone", "address"))
        if others and not cleaned.get("full_name") and "full_name" not in self.errors:
            self.add_error("full_name", _("The full name comes first."))
        return cleaned

    def person(self) -> PersonInput | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("full_name"):
            return None
        return PersonInput(
            full_name=data["full_name"],
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
        )


CitizenFormSet = formset_factory(
    CitizenForm, extra=MAX_PEOPLE_ROWS, max_num=MAX_PEOPLE_ROWS, validate_max=True
)


class CaseForm(ModelForm):
    """What was heard and done (the people come in `CitizenFormSet`)."""

    class Meta(ModelForm.Meta):
        model = ReceptionCase
        fields = [
            "headcount",
            "kind",
            "main_field",
            "content",
            "citizen_request",
            "previously_handled_by",
            "previous_handling",
            "competence",
            "outcome",
            "outcome_detail",
            "guided_to",
            "accepting_agency",
            "refusal_ground",
            "instructing_leader",
            "instructions",
            "follow_up",
            "protection_waived",
            "protection_waiver_note",
            "note",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6}),
            "citizen_request": forms.Textarea(attrs={"rows": 2}),
            "previous_handling": forms.Textarea(attrs={"rows": 2}),
            "outcome_detail": forms.Textarea(attrs={"rows": 3}),
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"protection_waived": _("The denouncer does not ask for confidentiality")}

    def __init__(
        self,
        *args: Any,
        session: ReceptionSession,
        allow_waiver: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        fields = self.fields
        fields["main_field"].queryset = FieldOfWork.objects.filter(is_active=True)  # type: ignore[attr-defined]
        for name in ("previously_handled_by", "guided_to", "accepting_agency"):
            fields[name].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        fields["refusal_ground"].queryset = queries.refusal_grounds_on(session.date)  # type: ignore[attr-defined]
        fields["instructing_leader"].queryset = session.hosts.order_by("full_name")  # type: ignore[attr-defined]
        fields["content"].validators.append(MaxLengthValidator(MAX_CONTENT))
        fields["content"].widget.attrs["maxlength"] = MAX_CONTENT
        fields["headcount"].widget.attrs.update({"min": 1, "max": MAX_HEADCOUNT})
        fields["kind"].help_text = _("May stay empty only when reception was refused.")
        if not allow_waiver:
            del fields["protection_waived"]
            del fields["protection_waiver_note"]

    def clean_headcount(self) -> int:
        count: int | None = self.cleaned_data.get("headcount")
        if count is None:
            raise forms.ValidationError(_("This field is required."), code="required")
        if not 1 <= count <= MAX_HEADCOUNT:
            raise forms.ValidationError(
                _("Between 1 and %(n)s people.") % {"n": MAX_HEADCOUNT}, code="headcount"
            )
        return count

    def clean_content(self) -> str:
        content = normalize(self.cleaned_data.get("content", "")).strip()
        if not content:
            raise forms.ValidationError(_("This field is required."), code="required")
        return content

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome, kind = cleaned.get("outcome"), cleaned.get("kind")
        if outcome == Outcome.REFUSED:
            if not cleaned.get("refusal_ground") and "refusal_ground" not in self.errors:
                self.add_error("refusal_ground", _("Choose the ground for refusing reception."))
        else:
            cleaned["refusal_ground"] = None
            if outcome and not kind and "kind" not in self.errors:
                self.add_error("kind", _("Say what the citizen came about."))
        if outcome == Outcome.GUIDED and not cleaned.get("guided_to"):
            self.add_error("guided_to", _("Choose the agency the citizen was guided to."))
        if outcome == Outcome.FORWARDED and not cleaned.get("accepting_agency"):
            self.add_error("accepting_agency", _("Choose the agency it is forwarded to."))
        main_field = cleaned.get("main_field")
        if main_field is not None and kind and not field_suits_kind(main_field, kind):
            self.add_error("main_field", _("This field is not used for this kind of petition."))
        self._clean_waiver(cleaned)
        if (
            self.session.method == Method.ONLINE
            and kind == Kind.DENUNCIATION
            and not cleaned.get("protection_waived", self.instance.protection_waived)
            and "kind" not in self.errors
        ):
            # NĐ 154/2026 Art 20(4): a denunciation is received online only if the denouncer
            # does not ask for confidentiality.
            self.add_error(
                "kind",
                _(
                    "A denunciation is received online only if the denouncer does not ask "
                    "for confidentiality (NĐ 154/2026, Article 20): invite them to come in "
                    "person."
                ),
            )
        return cleaned

    def _clean_waiver(self, cleaned: dict[str, Any]) -> None:
        if "protection_waived" not in self.fields:
            return
        waived = cleaned.get("protection_waived")
        note = cleaned.get("protection_waiver_note", "").strip()
        if waived and cleaned.get("kind") not in PROTECTED_KINDS:
            cleaned["protection_waived"] = False
            cleaned["protection_waiver_note"] = ""
        elif waived and len(note) < 10:
            self.add_error(
                "protection_waiver_note",
                _("Say how the denouncer waived protection (10 characters or more)."),
            )
        elif not waived:
            cleaned["protection_waiver_note"] = ""

    def case_values(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in self._meta.fields or () if n in self.cleaned_data}


CASE_TEXT_FIELDS = (
    "content",
    "citizen_request",
    "previous_handling",
    "outcome_detail",
    "instructions",
    "follow_up",
    "note",
)


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class CaseEntry:
    """The case form and the people who came, validated together (Luật TCD Art 29)."""

    def __init__(
        self,
        data: Any = None,
        *,
        session: ReceptionSession,
        instance: ReceptionCase | None = None,
        show_identity: bool = True,
        allow_waiver: bool = True,
        initial_people: list[dict[str, str]] | None = None,
    ) -> None:
        self.session = session
        self.show_identity = show_identity
        # What a protected case's texts look like to the editor: the names in them redacted.
        # A text sent back unchanged keeps what was recorded.
        self.redacted: dict[str, str] = {}
        if instance is not None and instance.is_identity_protected and not show_identity:
            self.redacted = {
                name: queries.shown_text(instance, getattr(instance, name))
                for name in CASE_TEXT_FIELDS
            }
        # The form works on a copy: a ModelForm writes what it cleans onto its instance, and
        # the stored case must change only through workflow.update_case.
        self.form = CaseForm(
            data,
            instance=copy.copy(instance) if instance is not None else None,
            initial=self.redacted or None,
            session=session,
            allow_waiver=allow_waiver,
        )
        self.people_forms = (
            CitizenFormSet(data, prefix="people", initial=initial_people) if show_identity else None
        )
        self.people_error: str = ""

    @property
    def is_bound(self) -> bool:
        return self.form.is_bound

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        people_ok = True
        if self.people_forms is not None:
            people_ok = self.people_forms.is_valid()
            if people_ok:
                people_ok = self._check_people()
        return form_ok and people_ok

    def _check_people(self) -> bool:
        assert self.people_forms is not None
        people = self.people()
        cleaned = getattr(self.form, "cleaned_data", {})
        headcount = cleaned.get("headcount")
        refused = cleaned.get("outcome") == Outcome.REFUSED
        if not people and not refused:
            self.people_error = str(_("Enter the full name of the person who came."))
            return False
        if headcount:
            limit = representative_limit(headcount)
            if limit is not None and len(people) > limit:
                self.form.add_error(
                    "headcount",
                    _(
                        "A group of %(n)s people sends at most %(limit)s representatives "
                        "(Luật Tiếp công dân, Article 29): enter only the representatives."
                    )
                    % {"n": headcount, "limit": limit},
                )
                return False
            if limit is None and len(people) > headcount:
                self.form.add_error(
                    "headcount",
                    _("Fewer people than the names entered: correct the number."),
                )
                return False
        if refused or self.session.date < IDENTITY_REQUIRED_FROM:
            return True
        missing = [f for f in self.people_forms if (p := f.person()) and not p.id_number]
        for form in missing:
            form.add_error(
                "id_number",
                _(
                    "From 01/07/2026 the person who comes shows an identity document "
                    "(NĐ 154/2026, Article 12)."
                ),
            )
        return not missing

    def people(self) -> list[PersonInput]:
        if self.people_forms is None:
            return []
        found = [f.person() for f in self.people_forms]
        return [p for p in found if p is not None]

    def people_or_none(self) -> list[PersonInput] | None:
        """The people as entered; None when identities were not shown (kept as stored)."""
        return self.people() if self.people_forms is not None else None

    def values(self) -> dict[str, Any]:
        values = self.form.case_values()
        for name, shown in self.redacted.items():
            if _same_text(values.get(name, ""), shown):
                del values[name]
        return values

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every error by field, people's errors as people-N-field (the API's keys)."""
        found: dict[str, list[str]] = {
            name: [str(m) for m in messages] for name, messages in self.form.errors.items()
        }
        if self.people_forms is not None:
            for index, form in enumerate(self.people_forms.forms):
                for name, messages in form.errors.items():
                    found[f"people.{index}.{name}"] = [str(m) for m in messages]
            non_form = [str(m) for m in self.people_forms.non_form_errors()]
            if non_form:
                found.setdefault("people", []).extend(non_form)
        if self.people_error:
            found.setdefault("people", []).append(self.people_error)
        return found


# ------------------------------------------------------------------------- filters


class SessionFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *SessionKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *SessionStatus.choices]
    )
    method = forms.ChoiceField(
        label=_("Method"), required=False, choices=[("", _("Any method")), *Method.choices]
    )
    host = BoundedModelChoiceField(
        label=_("Presided by"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = queries.host_choices()  # type: ignore[attr-defined]


class RegisterFilterForm(forms.Form):
    """The Sổ tiếp công dân: a period, the kind of session, who presided."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    kind = forms.ChoiceField(
        label=_("Kind of session"),
        required=False,
        choices=[("", _("Any kind")), *SessionKind.choices],
    )
    host = BoundedModelChoiceField(
        label=_("Presided by"), required=False, queryset=User.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = queries.host_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


class IdentityExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the printout need the protected identities?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Recorded with your name and the time for every protected case in it "
            "(Luật Tố cáo, Article 56)."
        ),
    )
