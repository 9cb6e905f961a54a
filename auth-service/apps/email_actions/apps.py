from django.apps import AppConfig


class EmailActionsConfig(AppConfig):
    name = "apps.email_actions"
    label = "email_actions"
    default_auto_field = "django.db.models.BigAutoField"
