from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "dannguyen.submissions"
    label = "submissions"
    verbose_name = _("Online petition submission")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # The hashes are recorded as set, never their values. Attempts and spent check
        # questions are counters, not records anyone changes: not audited.
        audit.register(
            models.Submission,
            secret={"code_hash", "phone_hash", "id_number_hash", "content_hash"},
        )
