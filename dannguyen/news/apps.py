from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "dannguyen.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # The version counter moves with every change; the fields that moved are what matters.
        audit.register(models.Article, exclude={"version", "updated_at", "last_image_number"})
        audit.register(models.ArticleImage)
        audit.register(models.Tag)
