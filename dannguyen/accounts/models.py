"""Users of the office and the roles of its charter."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("Head of office")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of office")
    INFORMATION_OFFICER = "information_officer", _("Synthesis and information officer")
    RECEPTION_OFFICER = "reception_officer", _("Citizen reception and petition officer")
    SUPERVISION_OFFICER = "supervision_officer", _("Complaint supervision officer")
    VOTER_CONTACT_OFFICER = "voter_contact_officer", _("Voter contact officer")
    OFFICE_LEADER = "office_leader", _("Leader of the Office")
    DELEGATION_LEADER = "delegation_leader", _("Leader of the National Assembly delegation")
    COUNCIL_LEADER = "council_leader", _("Standing Committee of the People's Council")
    DEPUTY = "deputy", _("Deputy")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Role(models.Model):
    """A role from the office's charter. Seeded by migration; codes never change."""

    Code = RoleCode

    code = models.CharField(_("code"), max_length=40, unique=True, choices=Code.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(condition=Q(code__in=RoleCode.values), name="role_code_valid"),
        ]

    def __str__(self) -> str:
        return str(self.Code(self.code).label)

    @property
    def name(self) -> str:
        return str(self.Code(self.code).label)


class User(AbstractUser):
    """A person who signs in: office staff, leaders, deputies, administrators."""

    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    roles: models.ManyToManyField[Role, UserRole] = models.ManyToManyField(
        Role, through="UserRole", related_name="users", blank=True, verbose_name=_("roles")
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split()[-1] if self.full_name else "") or self.username

    def role_codes(self) -> frozenset[str]:
        """The codes of this user's roles, read once per request object."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = (
                frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            )
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes().intersection(codes))

    def set_roles(self, roles: list[Role]) -> None:
        """Grant exactly ROLES; each grant and withdrawal is a row, so the audit trail shows it."""
        wanted = {r.pk for r in roles}
        self.role_grants.exclude(role_id__in=wanted).delete()
        held = set(self.role_grants.values_list("role_id", flat=True))
        for role_id in wanted - held:
            UserRole.objects.create(user=self, role_id=role_id)
        self.__dict__.pop("_role_codes", None)

    set_roles.alters_data = True  # type: ignore[attr-defined]


class UserRole(models.Model):
    """Who holds which role; an explicit table so the audit trail records each grant."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    PREFIX = "dn_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters let a user tell tokens apart without revealing them.
    hint = models.CharField(_("hint"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, user: User, *, name: str) -> tuple[ApiToken, str]:
        """Create a token for USER; returns it with the raw value, which is never stored."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, hint=raw[: len(cls.PREFIX) + 6], digest=cls.digest_of(raw)
        )
        return token, raw

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
