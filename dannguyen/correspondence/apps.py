from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "dannguyen.correspondence"
    label = "correspondence"
    verbose_name = _("Outgoing letters")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # A letter's text and a citizen's name and address may identify a denouncer: the
        # audit log records that they changed, never what they say.
        audit.register(
            models.OutgoingLetter,
            secret={"body", "subject", "recipient_name", "recipient_address", "extra"},
        )
        audit.register(models.LetterTemplate)
