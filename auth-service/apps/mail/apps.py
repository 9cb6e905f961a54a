from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "apps.mail"
    label = "mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Binds the shared tasks to the service's Celery app (Redis broker) in every Django process.
        import config.celery  # noqa: F401
