"""Keeps the matching index in step (items, FTS5 / tsvector, df, totals, identity digests)
and runs the database half of a lookup: candidates by the query's rarest terms within a
postings budget, and items sharing an identity digest.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from dannguyen.lib import fts

from . import identity, similarity
from .models import Item, PersonDigest, Term, Totals
from .text import Analysis, analyze

# SQLite allows 32,766 bound variables (3.32+); PostgreSQL far more. Keep well below.
_CHUNK = 5_000
# A call that writes this many items (an import, a rebuild) merges the GIN pending list
# itself; single letters leave theirs to autovacuum and the 4 MB limit.
_MERGE_AFTER = 500
_POSTGRES_INDEXES = ("matching_item_terms_gin",)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item to index: the caller's key, its text, its people and its date."""

    key: int
    text: str
    people: Sequence[identity.Person] = ()
    on: datetime.date | None = None


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def totals(namespace: str) -> tuple[int, int]:
    row = Totals.objects.filter(namespace=namespace).values_list("items", "length").first()
    return row if row else (0, 0)


def df_lookup(namespace: str, terms: Collection[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(terms)):
        found.update(
            Term.objects.filter(namespace=namespace, term__in=chunk, df__gt=0).values_list(
                "term", "df"
            )
        )
    return found


def _lock_namespace(namespace: str) -> None:
    """Serialise writers of one namespace for the rest of the transaction.

    Two people saving at once would otherwise both find no item for a key and both insert
    it, or update shared df rows in opposite orders and deadlock (PostgreSQL). Writers are
    a handful of staff, so one lock per namespace costs nothing; SQLite serialises writes
    anyway.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO matching_totals (namespace, items, length) VALUES (%s, 0, 0) "
            "ON CONFLICT (namespace) DO NOTHING",
            [namespace],
        )
    list(Totals.objects.select_for_update().filter(namespace=namespace).values_list("pk"))


def _adjust(namespace: str, analyses: Sequence[Analysis], sign: int) -> None:
    df: Counter[str] = Counter()
    for a in analyses:
        df.update(a.tf.keys())
    if not analyses:
        return
    with connection.cursor() as cursor:
        if sign > 0:
            cursor.executemany(
                "INSERT INTO matching_term (namespace, term, df) VALUES (%s, %s, %s) "
                "ON CONFLICT (namespace, term) DO UPDATE SET df = matching_term.df + excluded.df",
                [(namespace, t, n) for t, n in sorted(df.items())],
            )
        else:
            cursor.executemany(
                "UPDATE matching_term SET df = df - %s WHERE namespace = %s AND term = %s",
                [(n, namespace, t) for t, n in sorted(df.items())],
            )
    length = sum(a.length for a in analyses)
    Totals.objects.filter(namespace=namespace).update(
        items=F("items") + sign * len(analyses), length=F("length") + sign * length
    )


def _fts_insert(rows: Sequence[tuple[int, str]]) -> None:
    # PostgreSQL computes terms_tsv itself (a generated column).
    if connection.vendor == "sqlite" and rows:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO matching_item_fts (rowid, terms) VALUES (%s, %s)", rows)


def _fts_delete(rows: Sequence[tuple[int, str]]) -> None:
    # External-content FTS5 forgets a row only when told its old content.
    if connection.vendor == "sqlite" and rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO matching_item_fts (matching_item_fts, rowid, terms) "
                "VALUES ('delete', %s, %s)",
                rows,
            )


def _unindex(namespace: str, items: Sequence[Item]) -> None:
    if not items:
        return
    _adjust(namespace, [Analysis.from_stored(i.terms) for i in items], -1)
    _fts_delete([(i.pk, i.terms) for i in items])


Prepared = tuple[int, Analysis, list[identity.PersonKey], "datetime.date | None"]


@transaction.atomic
def index_items(namespace: str, entries: Iterable[Entry]) -> int:
    """Index or re-index ENTRIES (idempotent: an unchanged entry changes nothing).

    Works in batches: one bulk insert of items, FTS rows, digests and df per batch, so an
    office's ten years of petitions can be brought in with `petitions_import`.
    """
    return index_analyses(
        namespace,
        ((e.key, analyze(e.text), identity.person_keys(e.people), e.on) for e in entries),
    )


@transaction.atomic
def index_analyses(
    namespace: str,
    entries: Iterable[
        tuple[int, Analysis] | tuple[int, Analysis, list[identity.PersonKey], datetime.date | None]
    ],
) -> int:
    """Like index_items for texts already analysed (optionally with people and date)."""
    count = 0
    batch: list[Prepared] = []
    for entry in entries:
        if len(entry) == 2:
            batch.append((entry[0], entry[1], [], None))
        else:
            batch.append(entry)
        if len(batch) == _CHUNK:
            count += _index_batch(namespace, batch)
            batch = []
    if batch:
        count += _index_batch(namespace, batch)
    if count >= _MERGE_AFTER:
        fts.merge_pending_postings(*_POSTGRES_INDEXES)
    return count


def _index_batch(namespace: str, batch: list[Prepared]) -> int:
    _lock_namespace(namespace)
    latest = {e[0]: e for e in batch}  # the last version of a key wins
    analyses = {key: e[1] for key, e in latest.items()}
    digests_of = {key: e[2] for key, e in latest.items()}
    dates = {key: e[3] for key, e in latest.items()}
    existing = {i.key: i for i in Item.objects.filter(namespace=namespace, key__in=list(latest))}
    unchanged = set()
    if existing:
        kept: dict[int, set[tuple[str, str]]] = {}
        for item_id, kind, value in PersonDigest.objects.filter(
            item_id__in=[i.pk for i in existing.values()]
        ).values_list("item_id", "kind", "digest"):
            kept.setdefault(item_id, set()).add((kind, value))
        for key, item in existing.items():
            wanted = {(k.kind, identity.digest(k)) for k in digests_of[key]}
            if (
                item.terms == analyses[key].stored()
                and item.particulars == " ".join(sorted(analyses[key].specifics))
                and item.dated == dates[key]
                and kept.get(item.pk, set()) == wanted
            ):
                unchanged.add(key)
    changed_existing = [i for k, i in existing.items() if k not in unchanged]
    _unindex(namespace, changed_existing)
    if changed_existing:
        Item.objects.filter(pk__in=[i.pk for i in changed_existing]).delete()
    todo = [k for k in latest if k not in unchanged]
    if not todo:
        return 0
    new = [analyses[k] for k in todo]
    _adjust(namespace, new, +1)
    n, _length = totals(namespace)
    dfs = df_lookup(namespace, {t for a in new for t in a.tf})
    items = Item.objects.bulk_create(
        [
            Item(
                namespace=namespace,
                key=k,
                terms=analyses[k].stored(),
                length=analyses[k].length,
                norm2=similarity.norm2(analyses[k].tf, dfs, n),
                dated=dates[k],
                particulars=" ".join(sorted(analyses[k].specifics)),
            )
            for k in todo
        ]
    )
    _fts_insert([(i.pk, i.terms) for i in items])
    PersonDigest.objects.bulk_create(
        [
            PersonDigest(item=i, namespace=namespace, kind=k.kind, digest=identity.digest(k))
            for i in items
            for k in digests_of[i.key]
        ]
    )
    return len(todo)


@transaction.atomic
@transaction.atomic
def remove_items(namespace: str, keys: Collection[int]) -> int:
    _lock_namespace(namespace)
    items = list(Item.objects.filter(namespace=namespace, key__in=list(keys)))
    _unindex(namespace, items)
    Item.objects.filter(pk__in=[i.pk for i in items]).delete()
    return len(items)


@transaction.atomic
def clear(namespace: str) -> int:
    """Forget a whole namespace (its items, digests, df and totals)."""
    items = list(Item.objects.filter(namespace=namespace).values_list("pk", "terms"))
    _fts_delete(items)
    Item.objects.filter(namespace=namespace).delete()
    Term.objects.filter(namespace=namespace).delete()
    Totals.objects.filter(namespace=namespace).delete()
    return len(items)


# ----------------------------------------------------------------------------- lookups


def _single_namespace(namespace: str) -> bool:
    """True when NAMESPACE holds every indexed item, so no namespace join is needed."""
    counts = dict(Totals.objects.filter(items__gt=0).values_list("namespace", "items"))
    return set(counts) <= {namespace}


def candidate_ids(
    namespace: str, branches: Sequence[similarity.CandidateTerm], k: int
) -> list[int]:
    """Item ids by the sum of the integer weights of the branches they match, best first,
    ties by id: the same rows on both engines."""
    if not branches or k <= 0:
        return []
    params: list[Any] = []
    parts = []
    for b in branches:
        if connection.vendor == "sqlite":
            parts.append(
                "SELECT rowid AS id, %s AS w FROM matching_item_fts "
                "WHERE matching_item_fts MATCH %s"
            )
            # Terms are [a-z0-9_]; quoting keeps FTS5 from reading an operator.
            params += [b.weight, f'"{b.term}"']
        else:
            # The heap row is read anyway: filtering the namespace there costs nothing.
            parts.append(
                "SELECT id, %s AS w FROM matching_item "
                "WHERE terms_tsv @@ quote_literal(%s)::tsquery AND namespace = %s"
            )
            params += [b.weight, b.term, namespace]
    sql = f"SELECT m.id, SUM(m.w) AS s FROM ({' UNION ALL '.join(parts)}) AS m"
    if connection.vendor == "sqlite" and not _single_namespace(namespace):
        # FTS5 knows only rowids: one primary-key probe per posting, within the budget.
        sql += " JOIN matching_item i ON i.id = m.id WHERE i.namespace = %s"
        params.append(namespace)
    sql += " GROUP BY m.id ORDER BY s DESC, m.id LIMIT %s"
    params.append(k)
    with fts.candidate_cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def same_person(
    namespace: str, people: Sequence[identity.Person], *, limit: int = 100
) -> dict[int, set[str]]:
    """Item ids sharing an identity digest with PEOPLE, with the kinds of key shared."""
    wanted: dict[str, str] = {}
    for key in identity.person_keys(people):
        for value in identity.lookup_digests(key):
            wanted[value] = key.kind
    if not wanted:
        return {}
    found: dict[int, set[str]] = {}
    rows = (
        PersonDigest.objects.filter(namespace=namespace, digest__in=list(wanted))
        .order_by("-item_id")
        .values_list("item_id", "digest")[: limit * 4]
    )
    for item_id, value in rows:
        found.setdefault(item_id, set()).add(wanted[value])
    return found


@dataclass(frozen=True, slots=True)
class Stored:
    key: int
    terms: str
    norm2: float
    dated: datetime.date | None
    particulars: frozenset[str]


def fetch(ids: Collection[int]) -> dict[int, Stored]:
    """id -> what the re-ranking needs of each of the given items."""
    return {
        pk: Stored(key, terms, n2, dated, frozenset(particulars.split()))
        for pk, key, terms, n2, dated, particulars in Item.objects.filter(
            pk__in=list(ids)
        ).values_list("pk", "key", "terms", "norm2", "dated", "particulars")
    }


# ----------------------------------------------------------------------------- rebuild


@transaction.atomic
def rebuild(namespace: str) -> int:
    """Recompute the df table, totals, stored lengths and the full-text rows of NAMESPACE
    from the stored terms (after an interrupted import, or to refresh norm2 once the
    namespace has grown by an order of magnitude)."""
    rows = list(Item.objects.filter(namespace=namespace).values_list("pk", "terms"))
    analyses = [(pk, terms, Analysis.from_stored(terms)) for pk, terms in rows]
    df: Counter[str] = Counter()
    for _pk, _terms, a in analyses:
        df.update(a.tf.keys())
    Term.objects.filter(namespace=namespace).delete()
    Term.objects.bulk_create(
        [Term(namespace=namespace, term=t, df=n) for t, n in df.items()], batch_size=_CHUNK
    )
    Totals.objects.update_or_create(
        namespace=namespace,
        defaults={"items": len(analyses), "length": sum(a.length for *_x, a in analyses)},
    )
    n = len(analyses)
    updates = [Item(pk=pk, norm2=similarity.norm2(a.tf, df, n)) for pk, _terms, a in analyses]
    Item.objects.bulk_update(updates, ["norm2"], batch_size=_CHUNK)
    if connection.vendor == "sqlite":
        # Rebuilt from the content table as a whole: safe even if it had drifted.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO matching_item_fts (matching_item_fts) VALUES ('rebuild')")
    # Rows whose new norm2 version leaves their page get new GIN entries, pending like those
    # of the letters indexed one by one since the last merge.
    fts.merge_pending_postings(*_POSTGRES_INDEXES)
    return n


def namespaces() -> list[str]:
    return sorted(set(Item.objects.values_list("namespace", flat=True).distinct()))


def stored_digests(namespace: str, key: int) -> Mapping[str, list[str]]:
    """The digests kept for an item, by kind (for tests and audits: never clear values)."""
    out: dict[str, list[str]] = {}
    for kind, value in PersonDigest.objects.filter(namespace=namespace, item__key=key).values_list(
        "kind", "digest"
    ):
        out.setdefault(kind, []).append(value)
    return out
