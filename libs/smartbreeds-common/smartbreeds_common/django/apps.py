from django.apps import AppConfig
from django.db.models.signals import pre_migrate


class SmartBreedsCommonConfig(AppConfig):
    name = "smartbreeds_common.django"
    label = "smartbreeds_common"
    default = True

    def ready(self) -> None:
        from smartbreeds_common.django.schema import ensure_schema

        pre_migrate.connect(ensure_schema, dispatch_uid="smartbreeds_common.ensure_schema")
        # Before the WSGI handler loads the middleware list, so its tracing middleware is the outermost.
        from smartbreeds_common.django.observability import configure_django_tracing

        configure_django_tracing()
