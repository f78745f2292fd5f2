from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "parliament"
    verbose_name = _("School parliament")

    def ready(self) -> None:
        from school_gov import audit

        # SP-3.3: who filed or opened an appeal is seen only on the appeal, by its handlers.
        audit.keep_confidential("parliament.appeal.")
