"""Forms of the voter-contact pages (the API validates with the same rules through
workflow.py). Minutes files are judged by their bytes, as the supervision reports are."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.lib.formfields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    ModelForm,
)
from dannguyen.supervision.forms import clean_upload

from . import workflow
from .minutes import MAX_PIECES
from .models import (
    Answer,
    AnswerDetail,
    AnswerResult,
    Audience,
    Competence,
    ContactPlan,
    Meeting,
    Opinion,
    OpinionKind,
    Session,
    Timing,
    Verdict,
    VoterPetition,
)
from .workflow import OpinionInput

DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_MINUTES_CHARS = 200_000
COMMUNE_KINDS = (
    AdministrativeUnit.Kind.WARD,
    AdministrativeUnit.Kind.COMMUNE,
    AdministrativeUnit.Kind.SPECIAL_ZONE,
)


def communes() -> Any:
    """Today's communes and wards of the office's province."""
    return (
        AdministrativeUnit.objects.filter(
            kind__in=COMMUNE_KINDS,
            valid_to__isnull=True,
            parent__code=str(settings.OFFICE_PROVINCE_CODE),
        )
        .select_related("parent")
        .order_by("name")
    )


def _in_range(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("This date is out of range."), code="date_range")
    return value


class _Dates(ModelForm):
    date_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in self.date_fields:
            try:
                _in_range(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data


class SessionForm(_Dates):
    date_fields = ("opens_on", "closes_on")

    class Meta(ModelForm.Meta):
        model = Session
        fields = ["body", "commune", "term", "number", "kind", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs=DATE_ATTRS),
            "closes_on": forms.DateInput(attrs=DATE_ATTRS),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes()
        self.fields["number"].validators += [MinValueValidator(1), MaxValueValidator(99)]

    def _get_validation_exclusions(self) -> set[str]:
        # The model's constraints are left to the workflow, which checks the same rules (a
        # session recorded twice, dates in order, a commune's council names its commune)
        # and says which field is wrong in the catalogue's words, not a constraint's name.
        excluded: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        return excluded | set(workflow.SESSION_FIELDS)

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in workflow.SESSION_FIELDS}


class PlanForm(_Dates):
    date_fields = ("issued_on", "published_on")

    class Meta(ModelForm.Meta):
        model = ContactPlan
        fields = ["timing", "reference", "issued_on", "published_on", "content"]
        widgets = {
            "issued_on": forms.DateInput(attrs=DATE_ATTRS),
            "published_on": forms.DateInput(attrs=DATE_ATTRS),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issued, published = data.get("issued_on"), data.get("published_on")
        if issued and published and published < issued:
            self.add_error("published_on", _("A plan cannot be published before it is issued."))
        return data


class MeetingForm(_Dates):
    date_fields = ("held_on",)

    class Meta(ModelForm.Meta):
        model = Meeting
        fields = [
            "timing",
            "kind",
            "method",
            "held_on",
            "place",
            "commune",
            "chair",
            "na_deputies",
            "province_deputies",
            "commune_deputies",
            "officials",
            "voter_count",
            "minutes_file",
            "minutes_text",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs=DATE_ATTRS),
            "na_deputies": forms.Textarea(attrs={"rows": 2}),
            "province_deputies": forms.Textarea(attrs={"rows": 2}),
            "commune_deputies": forms.Textarea(attrs={"rows": 2}),
            "officials": forms.Textarea(attrs={"rows": 2}),
            "minutes_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes()
        self.fields["voter_count"].validators.append(MaxValueValidator(1_000_000))
        self.fields["minutes_text"].validators.append(MaxLengthValidator(MAX_MINUTES_CHARS))

    def clean_minutes_file(self) -> Any:
        upload = self.cleaned_data.get("minutes_file")
        if upload and upload is not getattr(self.instance, "minutes_file", None):
            clean_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        held_on, timing = data.get("held_on"), data.get("timing")
        if held_on and timing and not self.has_error("held_on"):
            message = workflow.meeting_date_error(self.session, timing, held_on)
            if message:
                self.add_error("held_on", message)
        return data

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in workflow.MEETING_FIELDS}

    def new_file(self) -> Any:
        upload = self.cleaned_data.get("minutes_file")
        return upload if upload and "minutes_file" in self.changed_data else None


class OpinionForm(forms.Form):
    speaker = forms.CharField(label=_("Voter"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Content"),
        max_length=workflow.MAX_OPINION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        # Checked below, so that a row of blanks gets the same message as the workflow's.
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OpinionKind.choices, initial="request")
    commune = BoundedModelChoiceField(
        label=_("Commune or ward"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    answered_on_spot = forms.BooleanField(label=_("Answered at the meeting"), required=False)
    answered_by = forms.CharField(label=_("Answered by"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes()

    def clean_content(self) -> str:
        try:
            return workflow.clean_content(self.cleaned_data.get("content", ""))
        except workflow.WorkflowError as error:
            raise forms.ValidationError(error.message, code="blank") from error

    def to_input(self) -> OpinionInput:
        data = self.cleaned_data
        return OpinionInput(
            content=data["content"],
            speaker=data["speaker"],
            commune=data["commune"],
            kind=data["kind"],
            answered_on_spot=data["answered_on_spot"],
            answered_by=data["answered_by"],
        )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=MAX_MINUTES_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the minutes: each numbered item, dash or named speaker becomes one "
            "opinion, which you can then correct."
        ),
    )


class PieceForm(forms.Form):
    """One opinion cut from the minutes, as staff correct it before saving."""

    speaker = forms.CharField(label=_("Voter"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Content"),
        max_length=workflow.MAX_OPINION_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OpinionKind.choices, initial="request")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        try:
            data["content"] = workflow.clean_content(data.get("content", ""))
        except workflow.WorkflowError as error:
            self.add_error("content", error.message)
        return data


PieceFormSet = forms.formset_factory(
    PieceForm, extra=0, can_delete=True, max_num=MAX_PIECES, absolute_max=MAX_PIECES
)


# ----------------------------------------------------------------------------- petitions


class _OpinionChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.content)[:200]


class _OpinionChoice(BoundedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.content)[:120]


class _PetitionChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)[:200]


class _PetitionChoice(BoundedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)[:120]


class VersionForm(forms.Form):
    """The session's version the page was drawn from (see groups._lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)


class RewordForm(VersionForm):
    title = forms.CharField(
        label=_("Consolidated wording"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class _OpinionsForm(VersionForm):
    opinions = _OpinionChoices(
        label=_("Opinions"),
        queryset=Opinion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["opinions"])
        field.queryset = queryset

    def ids(self) -> set[int]:
        return {o.pk for o in self.cleaned_data["opinions"]}


class SplitForm(_OpinionsForm):
    title = forms.CharField(
        label=_("Wording of the new petition"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Left empty, a draft is made from the opinions taken out."),
    )


class MembersForm(_OpinionsForm):
    pass


class MergeForm(VersionForm):
    others = _PetitionChoices(
        label=_("Petitions to merge into this one"),
        queryset=VoterPetition.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, petition: VoterPetition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["others"])
        field.queryset = VoterPetition.objects.filter(session_id=petition.session_id).exclude(
            pk=petition.pk
        )


class MoveForm(VersionForm):
    opinion = _OpinionChoice(label=_("Opinion"), queryset=Opinion.objects.none())
    target = _PetitionChoice(label=_("Move to the petition"), queryset=VoterPetition.objects.none())

    def __init__(self, *args: Any, petition: VoterPetition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opinion = cast(forms.ModelChoiceField, self.fields["opinion"])
        opinion.queryset = Opinion.objects.filter(group=petition)
        target = cast(forms.ModelChoiceField, self.fields["target"])
        target.queryset = VoterPetition.objects.filter(session_id=petition.session_id).exclude(
            pk=petition.pk
        )


class ClassifyForm(VersionForm):
    field = BoundedModelChoiceField(
        label=_("Field"), queryset=FieldOfWork.objects.filter(is_active=True).order_by("code")
    )
    competence = forms.ChoiceField(label=_("Level of competence"), choices=Competence.choices)
    agency = BoundedModelChoiceField(
        label=_("Competent agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("level", "name"),
        required=False,
    )


# ----------------------------------------------------------------------------- reports


class ReportForm(forms.Form):
    timing = forms.ChoiceField(label=_("Round"), choices=Timing.choices)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)
    reference = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    proposals = forms.CharField(
        label=_("Proposals"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReportEditForm(VersionForm):
    reference = forms.CharField(label=_("Number and symbol"), max_length=60, required=False)
    proposals = forms.CharField(
        label=_("Proposals"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DispatchForm(VersionForm):
    agencies = BoundedModelMultipleChoiceField(
        label=_("Sent to"),
        queryset=Agency.objects.filter(is_active=True).order_by("level", "name"),
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs=DATE_ATTRS))

    def clean_sent_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("sent_on"))


class AnswerForm(forms.Form):
    agency = BoundedModelChoiceField(
        label=_("Answering agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("level", "name"),
    )
    reference = forms.CharField(label=_("Number and symbol"), max_length=60)
    dated = forms.DateField(label=_("Dated"), widget=forms.DateInput(attrs=DATE_ATTRS))
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs=DATE_ATTRS))
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    result = forms.ChoiceField(label=_("Result"), choices=AnswerResult.choices)
    detail = forms.ChoiceField(
        label=_("Detail"), choices=[("", "—"), *AnswerDetail.choices], required=False
    )
    roadmap = forms.CharField(
        label=_("Roadmap"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    promised_on = forms.DateField(
        label=_("Promised for"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    text = forms.CharField(
        label=_("Answer"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    file = forms.FileField(label=_("File"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("dated", "received_on", "promised_on"):
            try:
                _in_range(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        if data.get("file"):
            try:
                clean_upload(data["file"])
            except forms.ValidationError as error:
                self.add_error("file", error)
        if self.errors:
            return data
        try:
            workflow.check_answer({**data, "has_file": bool(data.get("file"))})
        except workflow.WorkflowError as error:
            self.add_error(error.field or None, error.message)
        return data

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in workflow.ANSWER_FIELDS}


class _AnswerChoice(BoundedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} ({obj.dated:%d/%m/%Y})"


class EvaluationForm(forms.Form):
    """The Đoàn's evaluation of one of the petition's answers (NQLT 72 Art 53–54)."""

    answer = _AnswerChoice(label=_("Answer"), queryset=Answer.objects.none())
    verdict = forms.ChoiceField(label=_("Evaluation"), choices=Verdict.choices)
    on_schedule = forms.BooleanField(label=_("On schedule"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evaluator = forms.CharField(label=_("Evaluated by"), max_length=200, required=False)
    evaluated_on = forms.DateField(
        label=_("Evaluated on"), widget=forms.DateInput(attrs=DATE_ATTRS)
    )

    def __init__(self, *args: Any, petition: VoterPetition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(_AnswerChoice, self.fields["answer"])
        field.queryset = Answer.objects.filter(petition=petition).order_by("dated", "id")

    def clean_evaluated_on(self) -> datetime.date | None:
        return _in_range(self.cleaned_data.get("evaluated_on"))
