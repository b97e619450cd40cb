from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dannguyen.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.User, exclude={"password", "last_login"})
        audit.register(models.UserRole)
        audit.register(models.ApiToken, exclude={"digest", "last_used_at"})
