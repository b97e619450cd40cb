from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "dannguyen.outreach"
    label = "outreach"
    verbose_name = _("Policy and charity visits")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # Households' names, addresses and phones are personal data: every change is audited.
        for model in (
            models.Programme,
            models.FundingSource,
            models.Beneficiary,
            models.Gift,
            models.Photo,
        ):
            audit.register(model)
