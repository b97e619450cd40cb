"""Petitions over the API: register a letter, check it for duplicates, read the register.

Input goes through the same form as the registration page (so the same Vietnamese field
errors), permissions through the same predicates, and identities are masked the same way:
a protected identity leaves only with a reason, and that reveal is logged.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import ConfigDict
from pydantic import ValidationError as PydanticValidationError

from dannguyen.accounts.permissions import require
from dannguyen.core.models import FieldOfWork
from dannguyen.lib.formfields import MAX_ID
from dannguyen.petitions import engine, exports, permissions, queries, workflow
from dannguyen.petitions.forms import ACTION_FORMS, AssignForm, ClassifyForm, PetitionForm
from dannguyen.petitions.models import AgencyAnswer, Deadline, DuplicateLink, Petition, Verdict

from ..pagination import MAX_PAGE_SIZE

router = Router(tags=["petitions"])


class PetitionerIn(Schema):
    full_name: str = Field("", max_length=150)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=300)


class PetitionIn(Schema):
    received_on: str = Field(..., max_length=20, description="YYYY-MM-DD")
    channel: str = Field(
        ..., max_length=20, description="in_person | post | online | forwarded | voter_meeting"
    )
    petitioner: PetitionerIn | None = None
    signers: int = Field(1, ge=1, le=100_000)
    is_anonymous: bool = False
    is_pseudonymous: bool = False
    content: str = Field(..., max_length=20_000)
    summary: str = Field("", max_length=500)
    kind: str | None = Field(
        None, max_length=20, description="complaint | denunciation | petition | multiple"
    )
    field: str | None = Field(None, max_length=40, description="code of a lĩnh vực, e.g. HC-DD")
    forwarding_source: str = Field(
        "", max_length=20, description="agency | na_deputy | council_deputy | press"
    )
    forwarded_by_name: str = Field("", max_length=200)
    receiving_subject: str = Field("office", max_length=20)


class PetitionerOut(Schema):
    full_name: str
    id_number: str
    phone: str
    address: str
    place: str
    is_masked: bool


class SuggestionOut(Schema):
    value: str
    label: str
    confidence: float
    reasons: list[str]


class SuggestionsOut(Schema):
    kind: SuggestionOut | None
    field: SuggestionOut | None
    agency: SuggestionOut | None


class CandidateOut(Schema):
    id: int
    code: str
    score: float
    reason: str


class DeadlineOut(Schema):
    step: str
    due_on: datetime.date
    basis: str
    status: str = Field(description="open | due_soon | overdue | paused | met | late | void")
    agency: str | None = None


class AnswerOut(Schema):
    id: int
    agency: str
    kind: str = Field(description="acceptance | result")
    number: str
    issued_on: datetime.date
    received_on: datetime.date
    signer: str
    summary: str
    evaluation: str = Field(description="empty until evaluated; correct | wrong | partly")
    file_url: str | None = Field(description="the answer's file over the API, if one was sent")


class PetitionOut(Schema):
    id: int
    code: str
    received_on: datetime.date
    channel: str
    petitioner: PetitionerOut | None
    petitioners: list[PetitionerOut]
    signers: int
    is_anonymous: bool
    is_pseudonymous: bool
    summary: str
    content: str
    kind: str | None
    field: str | None
    status: str
    eligibility: str
    competence: str
    competent_agency_id: int | None
    assigned_to: str | None
    is_identity_protected: bool
    duplicate_of: str | None
    registered_at: datetime.datetime
    version: int
    deadlines: list[DeadlineOut]
    answers: list[AnswerOut]
    url: str


class CreatedOut(PetitionOut):
    suggestions: SuggestionsOut
    duplicate_candidates: list[CandidateOut]


class DuplicatesOut(Schema):
    likely_duplicate: bool
    candidates: list[CandidateOut]


class ListOut(Schema):
    items: list[PetitionOut]
    count: int


class ListParams(Schema):
    q: str = Field("", max_length=200)
    scope: str = Field("", max_length=20, description="mine | unassigned")
    status: str = Field("", max_length=20)
    kind: str = Field("", max_length=20)
    channel: str = Field("", max_length=20)
    field: str = Field("", max_length=40, description="code of a lĩnh vực (and those under it)")
    agency: int | None = Field(None, ge=1, le=MAX_ID)
    eligibility: str = Field("", max_length=20)
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    year: int | None = Field(None, ge=1990, le=2100)
    overdue: bool = Field(False, description="only petitions with an overdue legal clock")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# Where each form field's errors are reported in the API's terms.
FORM_TO_API = {
    "full_name": "petitioner.full_name",
    "id_number": "petitioner.id_number",
    "phone": "petitioner.phone",
    "address": "petitioner.address",
    "signer_count": "signers",
    "main_field": "field",
}
API_DEFAULTS = {"confidentiality": "normal", "urgency": "normal"}


def _invalid(fields: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse(
        {
            "code": "invalid",
            "message": _("The request contains invalid values."),
            "fields": fields,
        },
        status=422,
    )


def _form_for(body: PetitionIn) -> tuple[PetitionForm, dict[str, list[str]]]:
    person = body.petitioner or PetitionerIn(full_name="", id_number="", phone="", address="")
    data: dict[str, Any] = {
        **API_DEFAULTS,
        "received_on": body.received_on,
        "channel": body.channel,
        "full_name": person.full_name,
        "id_number": person.id_number,
        "phone": person.phone,
        "address": person.address,
        "signer_count": body.signers,
        "content": body.content,
        "summary": body.summary,
        "kind": body.kind or "",
        "forwarding_source": body.forwarding_source,
        "forwarded_by_name": body.forwarded_by_name,
        "receiving_subject": body.receiving_subject,
    }
    if body.is_anonymous:
        data["is_anonymous"] = "on"
    if body.is_pseudonymous:
        data["is_pseudonymous"] = "on"
    errors: dict[str, list[str]] = {}
    if body.field:
        found = FieldOfWork.objects.filter(code=body.field.strip().upper(), is_active=True)
        field_of_work = found.first()
        if field_of_work is None:
            errors["field"] = [_("No field of work has this code.")]
        else:
            data["main_field"] = field_of_work.pk
    # Other systems may not know who forwarded a letter to them; the page asks for it.
    form = PetitionForm(data, require_forwarder=False)
    form.is_valid()
    for name, messages in form.errors.items():
        key = FORM_TO_API.get(name, name)
        errors.setdefault(key, []).extend(str(m) for m in messages)
    return form, errors


def _originals(petitions: list[Petition]) -> dict[int, str]:
    """The code of the first letter each of PETITIONS duplicates, in one query."""
    return dict(
        DuplicateLink.objects.filter(
            verdict=Verdict.DUPLICATE, petition__in=[p.pk for p in petitions]
        ).values_list("petition_id", "original__code")
    )


def _deadlines(petitions: list[Petition]) -> dict[int, list[DeadlineOut]]:
    """The clocks of PETITIONS as read today, in two queries whatever their number."""
    rows = list(
        Deadline.objects.filter(petition__in=[p.pk for p in petitions])
        .select_related("forwarding__agency")
        .order_by("starts_on", "due_on", "id")
    )
    found: dict[int, list[DeadlineOut]] = {p.pk: [] for p in petitions}
    for clock in queries.read_clocks(rows, timezone.localdate()):
        d = clock.deadline
        found[d.petition_id].append(
            DeadlineOut(
                step=d.step,
                due_on=d.due_on,
                basis=d.basis,
                status=clock.status,
                agency=d.forwarding.agency.name if d.forwarding else None,
            )
        )
    return found


def _answers(petitions: list[Petition]) -> dict[int, list[AnswerOut]]:
    """The agencies' answers of PETITIONS, in one query whatever their number."""
    found: dict[int, list[AnswerOut]] = {p.pk: [] for p in petitions}
    rows = (
        AgencyAnswer.objects.filter(petition__in=list(found))
        .select_related("forwarding__agency")
        .order_by("received_on", "id")
    )
    for a in rows:
        found[a.petition_id].append(
            AnswerOut(
                id=a.pk,
                agency=a.forwarding.agency.name,
                kind=a.kind,
                number=a.number,
                issued_on=a.issued_on,
                received_on=a.received_on,
                signer=a.signer,
                summary=a.summary,
                evaluation=a.evaluation,
                file_url=(
                    f"/api/v1/petitions/{a.petition_id}/answers/{a.pk}/file" if a.file else None
                ),
            )
        )
    return found


def _shown(
    petition: Petition,
    user: Any,
    *,
    revealed: bool = False,
    originals: dict[int, str] | None = None,
    clocks: dict[int, list[DeadlineOut]] | None = None,
    answers: dict[int, list[AnswerOut]] | None = None,
) -> dict[str, Any]:
    people = [
        PetitionerOut(
            full_name=s.full_name,
            id_number=s.id_number,
            phone=s.phone,
            address=s.address,
            place=s.place,
            is_masked=s.is_masked,
        )
        for s in queries.shown_signers(petition, user, revealed=revealed)
    ]
    summary, content = queries.shown_content(petition, revealed=revealed)
    if originals is None:
        originals = _originals([petition])
    if clocks is None:
        clocks = _deadlines([petition])
    if answers is None:
        answers = _answers([petition])
    return {
        "id": petition.pk,
        "code": petition.code,
        "received_on": petition.received_on,
        "channel": petition.channel,
        "petitioner": people[0] if people else None,
        "petitioners": people,
        "signers": petition.signer_count,
        "is_anonymous": petition.is_anonymous,
        "is_pseudonymous": petition.is_pseudonymous,
        "summary": summary,
        "content": content,
        "kind": petition.kind or None,
        "field": petition.main_field.code if petition.main_field else None,
        "status": petition.status,
        "eligibility": petition.eligibility,
        "competence": petition.competence,
        "competent_agency_id": petition.competent_agency_id,
        "assigned_to": petition.assigned_to.get_full_name() if petition.assigned_to else None,
        "is_identity_protected": petition.is_identity_protected,
        "duplicate_of": originals.get(petition.pk),
        "registered_at": petition.registered_at,
        "version": petition.version,
        "deadlines": clocks.get(petition.pk, []),
        "answers": answers.get(petition.pk, []),
        "url": petition.get_absolute_url(),
    }


def _suggestion(line: engine.SuggestionLine | None) -> SuggestionOut | None:
    if line is None:
        return None
    return SuggestionOut(
        value=line.value,
        label=line.label,
        confidence=round(line.confidence, 4),
        reasons=line.reasons,
    )


def _candidates(found: list[engine.Candidate]) -> list[CandidateOut]:
    return [
        CandidateOut(id=c.petition.pk, code=c.petition.code, score=c.score, reason=c.reason)
        for c in found
    ]


def _check(form: PetitionForm, user: Any, exclude: set[int]) -> list[engine.Candidate]:
    main = form.main_person()
    people = (
        []
        if main.is_empty
        else [engine.person(main.full_name, main.id_number, main.address, main.phone)]
    )
    text = "\n".join(
        p for p in (form.cleaned_data.get("summary"), form.cleaned_data["content"]) if p
    )
    return engine.candidates(
        text=text, people=people, visible=queries.visible_petitions(user), exclude=exclude
    )


@router.post(
    "/petitions",
    response={201: CreatedOut, 422: Any},
    summary="Register a petition",
)
def create_petition(request: HttpRequest, body: PetitionIn) -> Any:
    require(permissions.can_register(request.user))
    form, errors = _form_for(body)
    if errors:
        return _invalid(errors)
    candidates = _check(form, request.user, exclude=set())
    petition = workflow.register(
        values=form.petition_values(),
        people=form.people() or [],
        by=request.user,
    )
    suggestions = engine.suggest(engine.text_of(petition))
    petition = Petition.objects.for_register().select_related("assigned_to").get(pk=petition.pk)
    return Status(
        201,
        {
            **_shown(petition, request.user),
            "suggestions": SuggestionsOut(
                kind=_suggestion(suggestions.best("kind")),
                field=_suggestion(suggestions.best("field")),
                agency=_suggestion(suggestions.best("agency")),
            ),
            "duplicate_candidates": _candidates(candidates),
        },
    )


@router.post(
    "/petitions/duplicates",
    response={200: DuplicatesOut, 422: Any},
    summary="Earlier petitions like this one (nothing is stored)",
)
def check_duplicates(request: HttpRequest, body: PetitionIn) -> Any:
    require(permissions.can_register(request.user))
    form, errors = _form_for(body)
    if errors:
        return _invalid(errors)
    found = _check(form, request.user, exclude=set())
    return DuplicatesOut(
        likely_duplicate=any(c.likely_duplicate for c in found), candidates=_candidates(found)
    )


@router.get("/petitions", response=ListOut, summary="The petition register")
def list_petitions(request: HttpRequest, params: Query[ListParams]) -> Any:
    require(permissions.can_browse(request.user))
    filters: dict[str, Any] = params.dict()
    if params.field:
        filters["field"] = FieldOfWork.objects.filter(code=params.field.strip().upper()).first()
        if filters["field"] is None:
            return _invalid({"field": [_("No field of work has this code.")]})
    petitions = queries.register(request.user, filters).select_related("assigned_to")
    if params.overdue:
        late = queries.overdue(request.user, timezone.localdate()).values("petition_id")
        petitions = petitions.filter(pk__in=late)
    start = (params.page - 1) * params.page_size
    page = list(petitions[start : start + params.page_size])
    originals = _originals(page)
    clocks = _deadlines(page)
    answers = _answers(page)
    return {
        "items": [
            _shown(p, request.user, originals=originals, clocks=clocks, answers=answers)
            for p in page
        ],
        "count": petitions.count(),
    }


@router.get("/petitions/{petition_id}", response=PetitionOut, summary="One petition")
def get_petition(
    request: HttpRequest,
    petition_id: int = Path(..., ge=1, le=MAX_ID),
    reveal_reason: str = Query("", max_length=500),
) -> Any:
    petition = get_object_or_404(
        Petition.objects.for_register().select_related("assigned_to"), pk=petition_id
    )
    require(permissions.can_view_petition(request.user, petition))
    revealed = False
    if reveal_reason.strip():
        refused = _reveal(
            request, petition, reveal_reason, _("identity of the signers and the full text")
        )
        if refused is not None:
            return refused
        revealed = True
    return _shown(petition, request.user, revealed=revealed)


def _reveal(request: HttpRequest, petition: Petition, reason: str, what: str) -> Any:
    """Log a custodian's reveal with its reason; an error response when it cannot be done."""
    require(permissions.can_reveal_identity(request.user, petition))
    if len(reason.strip()) < 10:
        return _invalid({"reveal_reason": [_("Give the reason in 10 characters or more.")]})
    workflow.reveal_identity(petition, by=request.user, reason=reason, what=what, source="api")
    return None


@router.get(
    "/petitions/{petition_id}/answers/{answer_id}/file",
    response={200: None},
    summary="The file of an agency's answer",
    description=(
        "The file as the agency sent it. Of a protected petition (a denunciation) only for "
        "the roles that may reveal the denouncer, with `reveal_reason` (logged), since a "
        "result notice is addressed to the denouncer by name."
    ),
)
def answer_file(
    request: HttpRequest,
    petition_id: int = Path(..., ge=1, le=MAX_ID),
    answer_id: int = Path(..., ge=1, le=MAX_ID),
    reveal_reason: str = Query("", max_length=500),
) -> Any:
    answer = get_object_or_404(
        AgencyAnswer.objects.select_related("petition").exclude(file=""),
        pk=answer_id,
        petition_id=petition_id,
    )
    petition = answer.petition
    require(permissions.can_view_petition(request.user, petition))
    if petition.is_identity_protected:
        what = _("the file of answer %(number)s") % {"number": answer.number}
        refused = _reveal(request, petition, reveal_reason, what)
        if refused is not None:
            return refused
    return exports.download(
        workflow.read_answer_file(answer), answer.file_type, f"answer-{answer.pk}"
    )


ACTIONS = ("assign", "classify", *ACTION_FORMS)


class ActionIn(Schema):
    """The action's fields, as named on its page (each action takes its own)."""

    model_config = ConfigDict(extra="allow")

    version: int | None = Field(None, ge=0, description="the version last read (optional)")
    note: str = Field("", max_length=1000)


def _action_data(body: dict[str, Any]) -> dict[str, Any]:
    """JSON values as a form expects them (lists stay lists; booleans as checkboxes)."""
    data: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    return data


class _JsonData(dict[str, Any]):
    """A dict a Django form reads lists from (as it reads a QueryDict's getlist)."""

    def getlist(self, key: str, default: Any = None) -> list[Any]:
        value = self.get(key, default if default is not None else [])
        return list(value) if isinstance(value, list | tuple) else [value]


def _action_input(request: HttpRequest) -> tuple[Any, Any] | JsonResponse:
    """The action's fields and files, from a JSON body or a multipart form (to send a file)."""
    if request.content_type == "multipart/form-data":
        data: Any = request.POST.copy()
        files = request.FILES
        common = {"version": data.get("version") or None, "note": data.get("note", "")}
    else:
        try:
            raw = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return _invalid({"__all__": [_("The body is not valid JSON.")]})
        if not isinstance(raw, dict):
            return _invalid({"__all__": [_("The body must be a JSON object.")]})
        data, files, common = _JsonData(_action_data(raw)), None, raw
    try:
        checked = ActionIn.model_validate(
            {"version": common.get("version"), "note": common.get("note") or ""}
        )
    except PydanticValidationError as exc:
        raise ValidationError([dict(item) for item in exc.errors()]) from None
    data.pop("version", None)
    if checked.version is not None:
        data["version"] = checked.version
    return data, files


def _act(petition: Petition, action: str, user: Any, data: Any, files: Any = None) -> Any:
    """Validate with the page's form and run the verb; returns an error response or None."""
    version = data.get("version")
    if action == "assign":
        assign_form = AssignForm(data)
        if not assign_form.is_valid():
            return _invalid({k: [str(m) for m in v] for k, v in assign_form.errors.items()})
        workflow.assign(
            petition,
            to=assign_form.cleaned_data["assigned_to"],
            by=user,
            note=assign_form.cleaned_data["note"],
            version=version if isinstance(version, int) else None,
        )
        return None
    if action == "classify":
        classify_form = ClassifyForm(data)
        if not classify_form.is_valid():
            return _invalid({k: [str(m) for m in v] for k, v in classify_form.errors.items()})
        c = classify_form.cleaned_data
        workflow.classify(
            petition,
            kind=c["kind"],
            main_field=c["main_field"],
            other_fields=c["other_fields"],
            eligibility=c["eligibility"],
            ineligibility_reasons=c["ineligibility_reasons"],
            ineligibility_note=c["ineligibility_note"],
            competence=c["competence"],
            competent_agency=c["competent_agency"],
            procedure_stage=c["procedure_stage"],
            by=user,
            note=c["note"],
            version=version if isinstance(version, int) else None,
        )
        return None
    form = ACTION_FORMS[action](data, files, petition=petition)
    if not form.is_valid():
        return _invalid({k: [str(m) for m in v] for k, v in form.errors.items()})
    workflow.perform(petition, action, by=user, values=form.values())
    return None


_ACTION_FIELDS = ActionIn.model_json_schema()
_ACTION_FILE_FIELDS = {
    **_ACTION_FIELDS,
    "properties": {
        **_ACTION_FIELDS["properties"],
        "upload": {
            "type": "string",
            "format": "binary",
            "description": "record_answer: the answer's file (PDF, JPEG, PNG or .docx)",
        },
    },
}


@router.post(
    "/petitions/{petition_id}/actions/{action}",
    response={200: PetitionOut},
    summary="Take a handling action (forward, guide, file, urge, record_answer, evaluate, …)",
    description=(
        "The body holds the action's fields as on its page (dates as YYYY-MM-DD or dd/mm/yyyy, "
        "agencies and forwardings by id) and optionally `version`, the petition's version as "
        "last read: if someone changed it since, the answer is 409. 409 too when the "
        "petition's status does not allow the action, 403 when the user's role does not. "
        "Send it as JSON, or as multipart/form-data with the same fields to attach a file "
        "(`upload` of record_answer)."
    ),
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {"schema": _ACTION_FIELDS},
                "multipart/form-data": {"schema": _ACTION_FILE_FIELDS},
            },
        }
    },
)
def take_action(
    request: HttpRequest,
    petition_id: int = Path(..., ge=1, le=MAX_ID),
    action: str = Path(..., max_length=30),
) -> Any:
    if action not in ACTIONS:
        return JsonResponse(
            {"code": "unknown_action", "message": _("There is no such action.")}, status=404
        )
    petition = get_object_or_404(Petition, pk=petition_id)
    require(permissions.can_view_petition(request.user, petition))
    require(permissions.can_act(request.user, petition, action))
    received = _action_input(request)
    if isinstance(received, JsonResponse):
        return received
    data, files = received
    try:
        refused = _act(petition, action, request.user, data, files)
    except workflow.TransitionError as exc:
        return JsonResponse({"code": "conflict", "message": str(exc)}, status=409)
    if refused is not None:
        return refused
    petition = Petition.objects.for_register().select_related("assigned_to").get(pk=petition.pk)
    return _shown(petition, request.user)
