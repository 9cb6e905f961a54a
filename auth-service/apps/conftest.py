"""Fixtures shared by every app's tests: a real SMTP server the mail goes to."""

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from apps.mail.tests.smtp import SmtpServer, mailers_for


@pytest.fixture
def smtp(settings: Settings) -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    settings.MAILERS = mailers_for(server.port)
    yield server
    server.stop()
