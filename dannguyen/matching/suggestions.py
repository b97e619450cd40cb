"""Classification suggestions: rules on day one, then what the office confirmed.

Three explainable signals, combined per label:

* **Rules** (``Rule``, reference data with validity dates): phrases that point to a
  label ("tố cáo", "nhận hối lộ" → denunciation). A label's rule evidence ``E`` is the sum
  of the weights of its phrases present in the text; its share is ``E / (ΣE + 1)``, the
  ``+ 1`` leaving room for "none of these" so one weak phrase never means certainty.
* **Naive Bayes** (multinomial, Laplace smoothing) over folded syllables and syllable
  pairs of the confirmed examples; the log-likelihoods are divided by √m (m = the text's
  terms known to the model) because NB treats overlapping pairs as independent and would
  otherwise be sure of everything.
* **Nearest confirmed examples**: the examples are indexed like any items (namespace
  ``<task>~examples``); the most similar ones vote with their cosine.

With ``n`` confirmed examples the learned part weighs ``min(0.85, n / (n + 20))`` and the
rules the rest: rules lead while the office has little data and keep a voice after.
Reasons name the phrases and the most telling learned words, and how many similar
confirmed items agree.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from . import index, similarity
from .models import Example, LabelStats, LabelTerm, Rule
from .text import Analysis, analyze, phrase_key

__all__ = ["LearnReport", "Suggestion", "learn", "phrase_key", "suggest"]

EXAMPLES_SUFFIX = "~examples"
#: Learned evidence weight: n / (n + LEARNED_HALF), capped at LEARNED_CAP.
LEARNED_HALF = 20
LEARNED_CAP = 0.85
NEIGHBOURS = 10
NEIGHBOUR_FLOOR = 0.15
MIN_CONFIDENCE = 0.05
ALPHA = 0.5  # Laplace smoothing of the term counts


@dataclass(frozen=True)
class Suggestion:
    label: str
    confidence: float
    reasons: list[str]


@dataclass(frozen=True)
class LearnReport:
    namespace: str
    examples: int
    skipped: int
    vocabulary: int
    labels: dict[str, int] = field(default_factory=dict)


def _valid_rules(namespace: str, today: datetime.date) -> list[Rule]:
    return list(
        Rule.objects.filter(namespace=namespace)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(phrase_key="")
        .order_by("pk")
    )


def _rule_evidence(
    rules: list[Rule], terms: frozenset[str]
) -> tuple[dict[str, float], dict[str, list[str]]]:
    evidence: dict[str, float] = defaultdict(float)
    phrases: dict[str, list[str]] = defaultdict(list)
    for rule in rules:
        if set(rule.phrase_key.split()) <= terms:
            evidence[rule.label] += rule.weight
            phrases[rule.label].append(rule.phrase)
    # Strongest phrases first, then code-point order (not the database's collation).
    weights = {(r.label, r.phrase): r.weight for r in rules}
    for label, found in phrases.items():
        found.sort(key=lambda p: (-weights[(label, p)], p))
    return evidence, phrases


def _naive_bayes(
    namespace: str, analysis: Analysis
) -> tuple[int, dict[str, float], dict[str, list[str]]]:
    """(examples, posterior by label, the text's most telling words by label)."""
    stats = list(LabelStats.objects.filter(namespace=namespace, examples__gt=0))
    total = sum(s.examples for s in stats)
    if not total:
        return 0, {}, {}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for label, term, count in LabelTerm.objects.filter(
        namespace=namespace, term__in=list(analysis.tf)
    ).values_list("label", "term", "count"):
        counts[term][label] = count
    known = [t for t in analysis.tf if t in counts]
    vocabulary = max(stats[0].vocabulary, 1)
    all_tokens = sum(s.tokens for s in stats)
    term_totals = {t: sum(counts[t].values()) for t in known}
    logits: dict[str, float] = {}
    telling: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for s in stats:
        denominator = s.tokens + ALPHA * vocabulary
        score = 0.0
        for term in known:
            p = (counts[term].get(s.label, 0) + ALPHA) / denominator
            score += analysis.tf[term] * math.log(p)
            # How much more likely the term is under this label than under the rest.
            rest_count = term_totals[term] - counts[term].get(s.label, 0)
            q = (rest_count + ALPHA) / (all_tokens - s.tokens + ALPHA * vocabulary)
            if counts[term].get(s.label, 0) >= 2 and p > 2 * q:
                telling[s.label].append((math.log(p / q), term))
        logits[s.label] = score / math.sqrt(max(len(known), 1)) + math.log(s.examples / total)
    top = max(logits.values())
    exp = {label: math.exp(v - top) for label, v in logits.items()}
    norm = sum(exp.values())
    posterior = {label: v / norm for label, v in exp.items()}
    words = {
        label: [
            analysis.surface.get(t, t.replace("_", " "))
            for _w, t in sorted(items, key=lambda x: (-x[0], x[1]))[:4]
        ]
        for label, items in telling.items()
    }
    return total, posterior, words


def _neighbours(namespace: str, analysis: Analysis) -> dict[str, list[float]]:
    """Similarities of the most similar confirmed examples, by label."""
    examples_ns = namespace + EXAMPLES_SUFFIX
    n, _length = index.totals(examples_ns)
    if not n or not analysis.tf:
        return {}
    dfs = index.df_lookup(examples_ns, analysis.tf.keys())
    idfs = {t: similarity.idf(n, dfs.get(t, 0)) for t in analysis.tf}
    vector = {t: similarity.term_weight(t, c, idfs[t]) for t, c in analysis.tf.items()}
    norm2 = sum(w * w for w in vector.values())
    ids = index.candidate_ids(
        examples_ns, similarity.candidate_terms(analysis.tf, dfs, n), 4 * NEIGHBOURS
    )
    rows = index.fetch(ids)
    scored = sorted(
        (
            (
                similarity.cosine(vector, norm2, Analysis.from_stored(r.terms).tf, r.norm2, idfs),
                r.key,
            )
            for r in rows.values()
        ),
        key=lambda x: (-x[0], x[1]),
    )[:NEIGHBOURS]
    scored = [(s, key) for s, key in scored if s >= NEIGHBOUR_FLOOR]
    labels = dict(
        Example.objects.filter(
            namespace=namespace, number__in=[key for _s, key in scored]
        ).values_list("number", "label")
    )
    out: dict[str, list[float]] = defaultdict(list)
    for s, key in scored:
        if key in labels:
            out[labels[key]].append(s)
    return out


def suggest(
    namespace: str, text: str, *, limit: int = 3, today: datetime.date | None = None
) -> list[Suggestion]:
    limit = max(0, min(int(limit), 20))
    analysis = analyze(text)
    if not limit or not analysis.tf:
        return []
    today = today or timezone.localdate()
    evidence, phrases = _rule_evidence(_valid_rules(namespace, today), analysis.terms)
    examples, posterior, words = _naive_bayes(namespace, analysis)
    neighbours = _neighbours(namespace, analysis) if examples else {}
    rule_mass = sum(evidence.values()) + 1.0
    learned_weight = min(LEARNED_CAP, examples / (examples + LEARNED_HALF)) if examples else 0.0
    vote_mass = sum(sum(v) for v in neighbours.values())
    confidence: dict[str, float] = {}
    for label in set(evidence) | set(posterior) | set(neighbours):
        rules = evidence.get(label, 0.0) / rule_mass
        learned = posterior.get(label, 0.0)
        if vote_mass:
            learned = 0.5 * learned + 0.5 * sum(neighbours.get(label, [])) / vote_mass
        confidence[label] = (1 - learned_weight) * rules + learned_weight * learned
    ranked = sorted(
        ((c, label) for label, c in confidence.items() if c >= MIN_CONFIDENCE),
        key=lambda x: (-x[0], x[1]),
    )[:limit]
    out = []
    for c, label in ranked:
        reasons = []
        if phrases.get(label):
            quoted = ", ".join(phrases[label][:5])
            reasons.append(gettext("words: ‘%(words)s’") % {"words": quoted})
        if words.get(label):
            quoted = ", ".join(words[label])
            reasons.append(gettext("learned from confirmed items: ‘%(words)s’") % {"words": quoted})
        similar = len(neighbours.get(label, []))
        if similar:
            reasons.append(
                ngettext(
                    "similar to %(count)d confirmed item",
                    "similar to %(count)d confirmed items",
                    similar,
                )
                % {"count": similar}
            )
        out.append(Suggestion(label=label, confidence=round(c, 4), reasons=reasons))
    return out


@transaction.atomic
def learn(namespace: str, examples: Iterable[tuple[str, str]]) -> LearnReport:
    """Replace the task's learned model with one trained on EXAMPLES."""
    labelled: list[tuple[str, Analysis]] = []
    skipped = 0
    for text, label in examples:
        label = (label or "").strip()
        analysis = analyze(text or "")
        if not label or len(label) > 60 or not analysis.tf:
            skipped += 1
            continue
        labelled.append((label, analysis))
    per_label: dict[str, Counter[str]] = defaultdict(Counter)
    docs: Counter[str] = Counter()
    for label, analysis in labelled:
        per_label[label].update(analysis.tf)
        docs[label] += 1
    vocabulary = len({t for c in per_label.values() for t in c})
    LabelTerm.objects.filter(namespace=namespace).delete()
    LabelStats.objects.filter(namespace=namespace).delete()
    Example.objects.filter(namespace=namespace).delete()
    LabelStats.objects.bulk_create(
        [
            LabelStats(
                namespace=namespace,
                label=label,
                examples=docs[label],
                tokens=sum(c.values()),
                vocabulary=vocabulary,
            )
            for label, c in sorted(per_label.items())
        ]
    )
    LabelTerm.objects.bulk_create(
        [
            LabelTerm(namespace=namespace, label=label, term=term[:200], count=n)
            for label, c in sorted(per_label.items())
            for term, n in sorted(c.items())
        ],
        batch_size=5000,
    )
    examples_ns = namespace + EXAMPLES_SUFFIX
    index.clear(examples_ns)
    Example.objects.bulk_create(
        [
            Example(namespace=namespace, number=i, label=label)
            for i, (label, _a) in enumerate(labelled)
        ],
        batch_size=5000,
    )
    index.index_analyses(examples_ns, [(i, a) for i, (_l, a) in enumerate(labelled)])
    return LearnReport(
        namespace=namespace,
        examples=len(labelled),
        skipped=skipped,
        vocabulary=vocabulary,
        labels=dict(sorted(docs.items())),
    )
