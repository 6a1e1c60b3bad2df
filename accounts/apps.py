from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users, regions and organisations")

    def ready(self) -> None:
        from accounts import choosers, input_bounds
        from accounts.two_factor import checks  # noqa: F401 - registers the system check

        input_bounds.install()
        choosers.forget_options_on_changes()
