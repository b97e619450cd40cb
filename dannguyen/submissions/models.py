"""Online petitions (issue #7): what the portal keeps beside the register.

A petition sent online becomes an ordinary `petitions.Petition` (channel "online"); this
app keeps only what the citizen needs to follow it and what keeps the form from being
abused. Nothing here can be read back into a person: the tracking code, the phone number,
the identity number and the content are stored as keyed hashes (HMAC with SECRET_KEY),
which a lookup recomputes from what the citizen types.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.petitions.models import Petition


class Submission(models.Model):
    """One petition received through the portal, and the hashes its sender looks it up by."""

    petition = models.OneToOneField(
        Petition,
        on_delete=models.PROTECT,
        related_name="online_submission",
        verbose_name=_("petition"),
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    phone_hash = models.CharField(max_length=64, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The same letter from the same phone within a day is refused as a repeat.
    content_hash = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("online submission")
        verbose_name_plural = _("online submissions")
        indexes = [models.Index(fields=["phone_hash", "content_hash", "submitted_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(code_hash=""), name="submission_code_required"),
            models.CheckConstraint(condition=~Q(phone_hash=""), name="submission_phone_required"),
        ]

    def __str__(self) -> str:
        return str(_("Online submission of %(code)s")) % {"code": self.petition.code}


class Scope(models.TextChoices):
    """What an attempt counted against a client's hourly allowance was."""

    SUBMIT = "submit", _("Submission attempt")
    ACCEPTED = "accepted", _("Accepted submission")
    LOOKUP = "lookup", _("Status lookup")


class Attempt(models.Model):
    """One use of a public form by one client, kept for an hour to limit the rate.

    In the database rather than Django's cache: the cache configured is per process, and
    the server runs several, each of which would otherwise grant the full allowance.
    """

    scope = models.CharField(max_length=10, choices=Scope.choices)
    # A keyed hash of the client's address: enough to count, nothing to read back.
    client = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public form attempt")
        verbose_name_plural = _("public form attempts")
        indexes = [
            models.Index(fields=["scope", "client", "at"]),
            models.Index(fields=["at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="attempt_scope_valid")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%d/%m/%Y %H:%M}"


class UsedChallenge(models.Model):
    """A check question already answered: each one is good for one try only."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used check question")
        verbose_name_plural = _("used check questions")

    def __str__(self) -> str:
        return self.digest[:12]
