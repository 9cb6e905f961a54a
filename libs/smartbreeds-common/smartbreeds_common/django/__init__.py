"""Django + DRF adapters: envelope renderer, exception handler, request-id and gateway-signature
middleware, JSON 404/500 views, and creation of the service's PostgreSQL schema before migrations.

Add `"smartbreeds_common.django"` to INSTALLED_APPS and see each module for the settings it reads.
"""
