from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "dannguyen.deputies"
    label = "deputies"
    verbose_name = _("Deputies and their activities")
