"""The matching index and the suggestion models, per namespace.

A namespace is one caller's collection ("petitions", "voter-opinions"…) or one
classification task ("petition-kind"…). Items are referenced by the caller's integer key;
the index keeps only folded terms and keyed hashes of identities, never the text's
author in clear (see identity.py).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .identity import KeyKind
from .text import phrase_key


class Item(models.Model):
    """One indexed text. ``terms`` is what the full-text index holds (FTS5 on SQLite,
    ``terms_tsv`` on PostgreSQL, see migration 0002)."""

    namespace = models.CharField(max_length=60)
    key = models.BigIntegerField()
    terms = models.TextField(blank=True)
    #: Syllables, not pseudo-words.
    length = models.PositiveIntegerField(default=0)
    #: Squared length of the item's weighted term vector, with the idf of the time it was
    #: indexed (matching_rebuild refreshes it); cosine needs it and recomputing it per
    #: query would need every candidate term's df.
    norm2 = models.FloatField(default=0.0)
    dated = models.DateField(null=True, blank=True)
    #: The item's particulars (text.Analysis.specifics), space-separated.
    particulars = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "key"], name="matching_item_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.namespace}:{self.key}"


class PersonDigest(models.Model):
    """A keyed hash (identity.digest) of one normalised identity value of an item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="person_digests")
    namespace = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=KeyKind.choices)
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["namespace", "kind", "digest"], name="matching_person_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=KeyKind.values), name="matching_persondigest_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.digest[:8]}…"


class Term(models.Model):
    """Document frequency of a term in a namespace."""

    namespace = models.CharField(max_length=60)
    term = models.CharField(max_length=200)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "term"], name="matching_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.namespace}:{self.term}"


class Totals(models.Model):
    """Items and syllables per namespace (for idf and averages)."""

    namespace = models.CharField(max_length=60, unique=True)
    items = models.PositiveIntegerField(default=0)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.namespace}: {self.items}"


class RuleOrigin(models.TextChoices):
    SHIPPED = "shipped", _("shipped with the software")
    OFFICE = "office", _("added by the office")


class Rule(models.Model):
    """A phrase that points to a label: the day-one knowledge of a classification task.

    Rules are reference data with validity dates (the competent agency changes with
    reorganisations); the shipped ones come from ``fixtures/rules.json``.
    """

    namespace = models.CharField(_("task"), max_length=60)
    label = models.CharField(_("label"), max_length=60)
    phrase = models.CharField(_("phrase"), max_length=200)
    #: The phrase folded to analysed syllables (text.analyze), as matched.
    phrase_key = models.CharField(max_length=400, editable=False)
    weight = models.FloatField(_("weight"), default=1.0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=RuleOrigin.choices, default=RuleOrigin.SHIPPED
    )

    class Meta:
        verbose_name = _("suggestion rule")
        verbose_name_plural = _("suggestion rules")
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "label", "phrase"], name="matching_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=RuleOrigin.values), name="matching_rule_origin_valid"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="matching_rule_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.namespace}: {self.phrase} → {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phrase_key = phrase_key(self.phrase)
        super().save(*args, **kwargs)


class LabelStats(models.Model):
    """Per label of a task: how many confirmed examples, and their total term count."""

    namespace = models.CharField(max_length=60)
    label = models.CharField(max_length=60)
    examples = models.PositiveIntegerField(default=0)
    tokens = models.PositiveBigIntegerField(default=0)
    #: Distinct terms over all labels of the task (the same on each of its rows).
    vocabulary = models.PositiveIntegerField(default=0)
    trained_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "label"], name="matching_label_unique")
        ]

    def __str__(self) -> str:
        return f"{self.namespace}: {self.label} ({self.examples})"


class LabelTerm(models.Model):
    """How often a term occurs in a label's confirmed examples (multinomial naive Bayes)."""

    namespace = models.CharField(max_length=60)
    label = models.CharField(max_length=60)
    term = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["namespace", "term"], name="matching_labelterm_term")]
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "label", "term"], name="matching_labelterm_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.namespace}: {self.term} → {self.label}"


class Example(models.Model):
    """A confirmed example of a task, indexed as item ``number`` of the namespace
    ``<task>~examples`` so that suggestions can name similar confirmed items."""

    namespace = models.CharField(max_length=60)
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "number"], name="matching_example_unique")
        ]

    def __str__(self) -> str:
        return f"{self.namespace}#{self.number}: {self.label}"
