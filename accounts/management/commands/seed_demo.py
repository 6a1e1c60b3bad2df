"""Load the demo data: ``python manage.py seed_demo``.

Each installed app of ours may ship a ``demo`` module with a ``seed(*, stdout, options)``
function; they run in INSTALLED_APPS order (accounts first, so later apps find the users
and organisations they build on), all in one transaction. Running the command again
changes nothing: every row is looked up by its natural key before it is created.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts import generations


class Command(BaseCommand):
    help = "Create or refresh the demo district, organisations, accounts and projects."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--projects",
            type=int,
            default=0,
            metavar="N",
            help="Add N more proposals in bulk, for benchmarks (each run adds N).",
        )
        parser.add_argument(
            "--communities",
            type=int,
            default=0,
            metavar="N",
            help="Add N more communities in bulk, each with this year's fund plan and space "
            "registry, for benchmarks (each run adds N).",
        )

    def handle(self, *args, **options) -> None:
        # The demo's notifications are not for anyone's inbox or terminal.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if not app_config.name.startswith("django") and find_spec(module_name):
                    import_module(module_name).seed(stdout=self.stdout, options=options)
            # Bulk rows (bulk_create, update) send no signals: every kept result is stale.
            generations.forget_all()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password: gongyi-demo-2026"))
