from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the product: health endpoints, request ids in the logs, backups and restore,
    the support engineer's diagnosis, the task worker. It reads the database generically
    (every model's table) and imports none of the domain apps."""

    name = "operations"
    default_auto_field = "django.db.models.BigAutoField"
