"""Reads of the petition register: lists, filters, search, people found again, and what
a given reader may see of each identity."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.permissions import has_any_role
from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.lib.vietnamese import fold
from dannguyen.lib.workdays import WorkCalendar

from . import deadlines, identity, permissions, workflow
from .models import (
    Deadline,
    DuplicateLink,
    Forwarding,
    IdentityAccess,
    Kind,
    Petition,
    PetitionAttachment,
    Petitioner,
    PetitionSigner,
    ScanBatch,
    ScanPage,
    Status,
    Verdict,
)
from .places import map_address

_ID_QUERY = re.compile(r"^[\d\s.]{9,20}$")


def visible_petitions(user: Any) -> QuerySet[Petition]:
    """Every petition USER may open (identities masked or not)."""
    if permissions.can_view_register(user):
        return Petition.objects.all()
    if has_any_role(user, frozenset({permissions.Code.DEPUTY})):
        return Petition.objects.filter(receiving_deputy=user)
    return Petition.objects.none()


def visible_q(user: Any, prefix: str = "") -> Q | None:
    """The same rule as `visible_petitions` as a condition on a related petition.

    None when every petition is visible: a filter `petition__in=<all petitions>` would
    make the database walk the whole register (a million rows) before anything else.
    """
    if permissions.can_view_register(user):
        return None
    if has_any_role(user, frozenset({permissions.Code.DEPUTY})):
        return Q(**{f"{prefix}receiving_deputy": user})
    return Q(pk__in=[])


def identity_visible_q() -> Q:
    """Petitions whose identities any reader of them may see."""
    return Q(is_identity_protected=False)


def field_and_below(field_of_work: FieldOfWork) -> list[int]:
    """FIELD and every field under it in the tree."""
    ids, frontier = [field_of_work.pk], [field_of_work.pk]
    while frontier:
        frontier = list(
            FieldOfWork.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def search(petitions: QuerySet[Petition], q: str) -> QuerySet[Petition]:
    """Every word of Q in the code, content or (unprotected) names, accents optional.

    A query that is an identity number finds the petitions of that person whose identity
    is not protected (a protected petition is never found through who wrote it).
    """
    text = q.strip()
    if _ID_QUERY.match(text):
        hashes = identity.lookup_hashes(identity.id_number_material(text))
        if hashes:
            return petitions.filter(
                identity_visible_q(),
                signers__petitioner__id_number_hash__in=hashes,
            ).distinct()
    for word in fold(text).split()[:20]:
        petitions = petitions.filter(search_text__contains=word)
    return petitions


def register(user: Any, filters: dict[str, Any]) -> QuerySet[Petition]:
    """The register as USER may read it, within FILTERS (FilterForm's cleaned data)."""
    petitions = visible_petitions(user)
    scope = filters.get("scope")
    if scope == "mine":
        petitions = petitions.filter(assigned_to=user)
    elif scope == "unassigned":
        petitions = petitions.filter(assigned_to__isnull=True)
    if filters.get("assigned_to"):
        petitions = petitions.filter(assigned_to_id=filters["assigned_to"])
    for name in ("status", "kind", "channel", "eligibility"):
        if filters.get(name):
            petitions = petitions.filter(**{name: filters[name]})
    if filters.get("field"):
        ids = field_and_below(filters["field"])
        petitions = petitions.filter(Q(main_field_id__in=ids) | Q(other_fields__in=ids)).distinct()
    if filters.get("agency"):
        petitions = petitions.filter(competent_agency=filters["agency"])
    if filters.get("received_from"):
        petitions = petitions.filter(received_on__gte=filters["received_from"])
    if filters.get("received_to"):
        petitions = petitions.filter(received_on__lte=filters["received_to"])
    if filters.get("year"):
        petitions = petitions.filter(year=filters["year"])
    if filters.get("q"):
        petitions = search(petitions, filters["q"])
    return with_counts(petitions).order_by("-received_on", "-year", "-number")


def with_counts(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    return petitions.for_register().annotate(  # type: ignore[attr-defined]
        duplicate_count=Count(
            "duplicate_links_in",
            filter=Q(duplicate_links_in__verdict=Verdict.DUPLICATE),
            distinct=True,
        )
    )


# ------------------------------------------------------------------------- identities


def _shown(petitioner: Petitioner) -> identity.ShownIdentity:
    place = ", ".join(str(u.name) for u in (petitioner.ward, petitioner.province) if u is not None)
    return identity.ShownIdentity(
        full_name=petitioner.full_name,
        id_number=petitioner.id_number,
        phone=petitioner.phone,
        address=petitioner.address,
        place=place,
        is_masked=False,
    )


def signers_of(petition: Petition) -> list[PetitionSigner]:
    # `signers` may be prefetched (lists); otherwise one query.
    return list(petition.signers.all())


def shown_signers(
    petition: Petition, user: Any, *, revealed: bool = False
) -> list[identity.ShownIdentity]:
    """The signers as USER may see them: masked when protected, unless just REVEALED."""
    signers = signers_of(petition)
    if petition.is_identity_protected and not revealed:
        return [identity.masked() for _signer in signers]
    if not petition.is_identity_protected and not permissions.can_view_petition(user, petition):
        return [identity.masked() for _signer in signers]
    return [_shown(s.petitioner) for s in signers]


def shown_content(petition: Petition, *, revealed: bool = False) -> tuple[str, str]:
    """Summary and content as shown: names of protected signers are redacted."""
    if not petition.is_identity_protected or revealed:
        return petition.summary, petition.content
    secrets = []
    for signer in signers_of(petition):
        p = signer.petitioner
        secrets.extend([p.full_name, p.id_number, p.phone, p.street])
    return identity.redact(petition.summary, secrets), identity.redact(petition.content, secrets)


def snippet(petition: Petition) -> str:
    """The summary, or else the content, as a list row may show it."""
    summary, content = shown_content(petition)
    return summary or content


def attachment_label(attachment: PetitionAttachment, *, protected: bool) -> str:
    if protected:
        return _("File %(n)s (%(type)s)") % {
            "n": attachment.order + 1,
            "type": attachment.content_type.rsplit("/", 1)[-1].upper()[:10],
        }
    return attachment.original_name


# ------------------------------------------------------------------------- people


@dataclass
class KnownPerson:
    """A petitioner found again, with the earlier petitions the reader may link to them."""

    petitioner: Petitioner
    how: str
    petitions: list[Petition] = field(default_factory=list)

    @property
    def masked_id_number(self) -> str:
        return identity.mask_id_number(self.petitioner.id_number)


def known_people(
    user: Any, *, full_name: str = "", id_number: str = "", address: str = "", limit: int = 5
) -> list[KnownPerson]:
    """People already in the register with this identity number, or name and address.

    Only petitions whose identity the reader may see are listed; a person known only from
    protected petitions is not shown at all, so a lookup never tells who denounced.
    """
    found: dict[int, KnownPerson] = {}
    id_material = identity.id_number_material(id_number)
    if len(id_material) >= 9:
        for p in Petitioner.objects.filter(id_number_hash__in=identity.lookup_hashes(id_material))[
            :limit
        ]:
            found.setdefault(p.pk, KnownPerson(p, _("same identity number")))
    if full_name.strip():
        mapped = map_address(address) if address.strip() else None
        ward_code = mapped.ward.code if mapped and mapped.ward else ""
        street = mapped.street if mapped and mapped.ward else address
        material = identity.name_address_material(full_name, street, ward_code)
        hashes = identity.lookup_hashes(material) if material else []
        if hashes:
            for p in Petitioner.objects.filter(name_address_hash__in=hashes)[:limit]:
                found.setdefault(p.pk, KnownPerson(p, _("same name and address")))
        if not address.strip():
            for p in Petitioner.objects.filter(
                name_hash__in=identity.lookup_hashes(identity.name_material(full_name))
            )[:limit]:
                found.setdefault(p.pk, KnownPerson(p, _("same name")))
    if not found:
        return []
    visible = (
        visible_petitions(user)
        .filter(identity_visible_q(), signers__petitioner__in=list(found))
        .distinct()
        .order_by("-received_on")
        .prefetch_related("signers")
    )
    for petition in visible:
        for signer in petition.signers.all():
            if signer.petitioner_id in found:
                found[signer.petitioner_id].petitions.append(petition)
    return [k for k in found.values() if k.petitions][:limit]


def other_petitions_of(petition: Petition, user: Any) -> list[Petition]:
    """Other letters of the same people, as long as both sides may show who wrote them."""
    if petition.is_identity_protected:
        return []
    people = [s.petitioner_id for s in signers_of(petition)]
    if not people:
        return []
    return list(
        visible_petitions(user)
        .filter(identity_visible_q(), signers__petitioner__in=people)
        .exclude(pk=petition.pk)
        .distinct()
        .order_by("-received_on")[:20]
    )


# ------------------------------------------------------------------------- detail page


def duplicate_decisions(petition: Petition) -> list[DuplicateLink]:
    return list(petition.duplicate_decisions.select_related("original", "decided_by"))


def duplicates_of(petition: Petition) -> list[DuplicateLink]:
    """Later letters a person linked to this one as duplicates."""
    return list(
        DuplicateLink.objects.filter(original=petition, verdict=Verdict.DUPLICATE)
        .select_related("petition")
        .order_by("petition__received_on")
    )


def identity_log(petition: Petition) -> list[IdentityAccess]:
    return list(petition.identity_accesses.select_related("user"))


def scan_batches(petition: Petition) -> list[ScanBatch]:
    """The petition's scanned letters with their pages, in two queries whatever their size."""
    return list(
        petition.scan_batches.select_related("created_by").prefetch_related(
            Prefetch("pages", queryset=ScanPage.objects.order_by("order"))
        )
    )


def decided_originals(petition: Petition) -> set[int]:
    return set(petition.duplicate_decisions.values_list("original_id", flat=True))


def period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return _("from %(a)s to %(b)s") % {"a": f"{start:%d/%m/%Y}", "b": f"{end:%d/%m/%Y}"}
    if start:
        return _("from %(a)s") % {"a": f"{start:%d/%m/%Y}"}
    if end:
        return _("until %(b)s") % {"b": f"{end:%d/%m/%Y}"}
    return ""


# ------------------------------------------------------------------ processing (issue #5)


@dataclass(frozen=True)
class Clock:
    """A deadline as a page or the API shows it on a given day."""

    deadline: Deadline
    status: str

    @property
    def step(self) -> str:
        return self.deadline.step

    @property
    def label(self) -> str:
        return str(self.deadline.get_step_display())

    @property
    def status_label(self) -> str:
        return str(CLOCK_LABELS[self.status])


CLOCK_LABELS = {
    deadlines.ClockStatus.OPEN: _("running"),
    deadlines.ClockStatus.DUE_SOON: _("due soon"),
    deadlines.ClockStatus.OVERDUE: _("overdue"),
    deadlines.ClockStatus.PAUSED: _("paused"),
    deadlines.ClockStatus.MET: _("done in time"),
    deadlines.ClockStatus.LATE: _("done late"),
    deadlines.ClockStatus.VOID: _("no longer applies"),
}


def read_clocks(rows: list[Deadline], today: datetime.date) -> list[Clock]:
    """Each deadline with its status TODAY (one calendar load for all of them)."""
    if not rows:
        return []
    first = min(today, *(r.due_on for r in rows))
    last = max(today, *(r.due_on for r in rows))
    calendar = WorkCalendar.from_db(first, last)
    return [
        Clock(
            r,
            deadlines.status_on(
                due=r.due_on,
                outcome=r.outcome,
                paused=r.paused_since is not None,
                today=today,
                calendar=calendar,
            ),
        )
        for r in rows
    ]


def clocks_of(petition: Petition, today: datetime.date) -> list[Clock]:
    rows = list(
        Deadline.objects.filter(petition=petition)
        .select_related("forwarding__agency")
        .order_by("starts_on", "due_on", "id")
    )
    return read_clocks(rows, today)


def forwardings_of(petition: Petition) -> list[Forwarding]:
    return list(
        Forwarding.objects.filter(petition=petition)
        .select_related("agency")
        .prefetch_related("answers", "urgings")
    )


def available_actions(petition: Petition, user: Any) -> list[tuple[str, str]]:
    """The actions USER may take on PETITION now: its status allows them and so does the role."""
    return [
        (action, str(label))
        for action, label in workflow.ACTION_LABELS.items()
        # Assigning and classifying have their own buttons and pages.
        if action not in ("assign", "classify")
        and (action != "split" or petition.kind == Kind.MULTIPLE)
        and petition.status in workflow.TRANSITIONS[action]
        and permissions.can_act(user, petition, action)
    ]


WORK_LIST_COLUMNS = (
    "petition_id",
    "forwarding_id",
    "step",
    "starts_on",
    "due_on",
    "basis",
    "paused_since",
    "done_on",
    "outcome",
    "petition__code",
    "petition__year",
    "petition__number",
    "petition__assigned_to__full_name",
    "petition__assigned_to__username",
    "forwarding__agency__name",
)


def open_clocks(user: Any) -> QuerySet[Deadline]:
    """Running clocks of the petitions USER may read, for the work lists."""
    rows = Deadline.objects.filter(outcome="", paused_since__isnull=True)
    visible = visible_q(user, prefix="petition__")
    if visible is not None:
        rows = rows.filter(visible)
    # Only what the lists show: a petition's long text columns would be read for nothing.
    return (
        rows.select_related("petition__assigned_to", "forwarding__agency")
        .only(*WORK_LIST_COLUMNS)
        .order_by("due_on", "id")
    )


def overdue(user: Any, today: datetime.date) -> QuerySet[Deadline]:
    return open_clocks(user).filter(due_on__lt=today)


def due_within(user: Any, today: datetime.date, last: datetime.date) -> QuerySet[Deadline]:
    return open_clocks(user).filter(due_on__gte=today, due_on__lte=last)


def due_soon_limit(today: datetime.date) -> datetime.date:
    """The last day that counts as "due soon" seen from TODAY."""
    calendar = WorkCalendar.from_db(today, today + datetime.timedelta(days=40))
    return calendar.add_working_days(today, deadlines.DUE_SOON_WORKING_DAYS)


def work_list(
    user: Any,
    *,
    today: datetime.date,
    scope: str = "",
    state: str = "",
    step: str = "",
    agency: Any = None,
    assignee: Any = None,
) -> QuerySet[Deadline]:
    """The running clocks of the deadlines page, most urgent first."""
    rows = open_clocks(user)
    # A deputy handles no letter: theirs are the letters sent to them, which is all they see.
    if scope != "all" and permissions.can_view_register(user):
        rows = rows.filter(petition__assigned_to=user)
    if assignee is not None:
        rows = rows.filter(petition__assigned_to=assignee)
    if step:
        rows = rows.filter(step=step)
    if agency is not None:
        rows = rows.filter(forwarding__agency=agency)
    if state == "overdue":
        rows = rows.filter(due_on__lt=today)
    elif state == "due_soon":
        rows = rows.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
    elif state != "open":
        rows = rows.filter(due_on__lte=due_soon_limit(today))
    return rows


def work_summary(user: Any, *, today: datetime.date, **filters: Any) -> dict[str, Any]:
    """Overdue counts of the same list by step, agency and specialist.

    One grouped query (step × agency × specialist, a few hundred groups at most) folded
    here: three separate aggregates each walked every overdue clock again, and PostgreSQL
    planned the one by agency as a parallel merge join slower than the other two together.
    """
    overdue_rows = work_list(user, today=today, **{**filters, "state": "overdue"})
    groups = (
        overdue_rows.values(
            "step",
            "forwarding__agency__name",
            "petition__assigned_to_id",
            "petition__assigned_to__full_name",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    by_step: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    by_person: Counter[tuple[int | None, str]] = Counter()
    for group in groups:
        by_step[group["step"]] += group["n"]
        if group["forwarding__agency__name"] is not None:
            by_agency[group["forwarding__agency__name"]] += group["n"]
        person = (group["petition__assigned_to_id"], group["petition__assigned_to__full_name"])
        by_person[person] += group["n"]
    steps = [(code, str(label), by_step[code]) for code, label in Deadline.Step.choices]
    agencies = [
        {"forwarding__agency__name": name, "n": n}
        for name, n in sorted(by_agency.items(), key=lambda item: (-item[1], item[0]))[:10]
    ]
    people = [
        {"petition__assigned_to__full_name": name, "n": n}
        for (_pk, name), n in sorted(
            by_person.items(), key=lambda item: (-item[1], item[0][1] or "", item[0][0] or 0)
        )[:10]
    ]
    return {
        "steps": [row for row in steps if row[2]],
        "agencies": agencies,
        "people": people,
    }


# ------------------------------------------------------------------ statistics of a topic


@dataclass(frozen=True)
class Tally:
    """One line of a statistics table: a key (code, id or "YYYY-MM"), its label, a count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TopicStatistics:
    """Counts of the letters about a topic, as a brief or a research topic shows them.

    Plain values only, so that `as_dict` / `from_dict` can freeze it in a JSON column:
    a delivered brief keeps the figures it was compiled with.
    """

    total: int
    overdue: int
    by_kind: list[Tally]
    by_status: list[Tally]
    by_agency: list[Tally]
    by_month: list[Tally]
    computed_on: datetime.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "overdue": self.overdue,
            "computed_on": self.computed_on.isoformat(),
            **{
                name: [[t.key, t.label, t.count] for t in getattr(self, name)]
                for name in ("by_kind", "by_status", "by_agency", "by_month")
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicStatistics:
        def tallies(name: str) -> list[Tally]:
            return [Tally(str(k), str(label), int(n)) for k, label, n in data.get(name, [])]

        return cls(
            total=int(data["total"]),
            overdue=int(data["overdue"]),
            by_kind=tallies("by_kind"),
            by_status=tallies("by_status"),
            by_agency=tallies("by_agency"),
            by_month=tallies("by_month"),
            computed_on=datetime.date.fromisoformat(data["computed_on"]),
        )


def keywords_of(text: str) -> list[str]:
    """The folded phrases of a keywords box: separated by commas, semicolons or new lines."""
    phrases = [fold(p) for p in re.split(r"[,;\n]", text or "")]
    return list(dict.fromkeys(p for p in phrases if p))[:20]


def fields_with_subtrees(fields: Any) -> list[int]:
    """FIELDS and every field under them: one query per level of the tree, not per field."""
    ids = [f.pk if isinstance(f, FieldOfWork) else int(f) for f in fields or ()]
    found, frontier = list(dict.fromkeys(ids)), list(dict.fromkeys(ids))
    while frontier:
        frontier = [
            pk
            for pk in FieldOfWork.objects.filter(parent_id__in=frontier).values_list(
                "pk", flat=True
            )
            if pk not in found
        ]
        found.extend(frontier)
    return found


def topic_petitions(
    *,
    fields: Any = (),
    keywords: str | list[str] = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    area: Any = None,
) -> QuerySet[Petition]:
    """The letters of a topic: each criterion given must hold (any of its fields, any of
    its keywords). A letter split into parts is counted through its parts."""
    petitions = Petition.objects.exclude(status=Status.SPLIT)
    if since is not None:
        petitions = petitions.filter(received_on__gte=since)
    if until is not None:
        petitions = petitions.filter(received_on__lte=until)
    if area is not None:
        # A province takes its wards and communes (one level below it).
        units = [area.pk, *area.children.values_list("pk", flat=True)]
        petitions = petitions.filter(place_id__in=units)
    field_ids = fields_with_subtrees(fields)
    if field_ids:
        # A subquery on the link table rather than a join: no duplicate rows, no DISTINCT.
        others = Petition.other_fields.through.objects.filter(fieldofwork_id__in=field_ids).values(
            "petition_id"
        )
        petitions = petitions.filter(Q(main_field_id__in=field_ids) | Q(pk__in=others))
    phrases = keywords_of(keywords) if isinstance(keywords, str) else keywords
    if phrases:
        matches = Q()
        for phrase in phrases:
            matches |= Q(search_text__contains=fold(phrase))
        petitions = petitions.filter(matches)
    return petitions


def topic_statistics(
    *,
    fields: Any = (),
    keywords: str | list[str] = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    area: Any = None,
    today: datetime.date | None = None,
) -> TopicStatistics:
    """Counts by kind, status, competent agency and month of receipt, and how many letters
    have a legal clock overdue TODAY — in three queries whatever the register's size.

    The letters are grouped once by (kind, status, agency, month) and folded here: a few
    hundred groups instead of four passes over the matching rows. The filters that narrow
    a million letters (date of receipt, place, field) are indexed columns.
    """
    today = today or timezone.localdate()
    petitions = topic_petitions(
        fields=fields, keywords=keywords, since=since, until=until, area=area
    )
    groups = (
        petitions.annotate(month=TruncMonth("received_on"))
        .values("kind", "status", "competent_agency_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    by_agency: Counter[int | None] = Counter()
    by_month: Counter[str] = Counter()
    for group in groups:
        n = group["n"]
        by_kind[group["kind"]] += n
        by_status[group["status"]] += n
        by_agency[group["competent_agency_id"]] += n
        month = group["month"]
        by_month[f"{month:%Y-%m}" if month else ""] += n
    names = dict(
        Agency.objects.filter(pk__in=[pk for pk in by_agency if pk]).values_list("pk", "name")
    )
    overdue = (
        Deadline.objects.filter(
            outcome="",
            paused_since__isnull=True,
            due_on__lt=today,
            petition_id__in=petitions.values("pk"),
        )
        .values("petition_id")
        .distinct()
        .count()
    )
    kinds = dict(Kind.choices)
    statuses = dict(Status.choices)
    return TopicStatistics(
        total=sum(by_kind.values()),
        overdue=overdue,
        by_kind=[
            Tally(code, str(kinds.get(code) or _("Not yet classified")), by_kind[code])
            for code in [*Kind.values, ""]
            if by_kind[code]
        ],
        by_status=[
            Tally(code, str(label), by_status[code])
            for code, label in statuses.items()
            if by_status[code]
        ],
        by_agency=[
            Tally(str(pk or ""), names.get(pk, "") or _("No competent agency yet"), n)
            for pk, n in sorted(
                by_agency.items(), key=lambda item: (-item[1], names.get(item[0], "") or "~")
            )
        ],
        by_month=[
            Tally(key, f"{key[5:]}/{key[:4]}" if key else "", by_month[key])
            for key in sorted(by_month)
        ],
        computed_on=today,
    )
