"""A real SMTP server in the test process (aiosmtpd) that the stack's mail worker delivers to; tests
read the messages it received and follow their links."""

from __future__ import annotations

import email
import re
import socket
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https://[^\s\"<]+#token=[A-Za-z0-9_-]+")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    def __init__(self) -> None:
        self.port = _free_port()
        self.messages: list[EmailMessage] = []
        self._changed = threading.Condition()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._started = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._changed:
            self.messages.append(message)  # policy=default makes an EmailMessage
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> Mailbox:
        if not self._started:
            self._controller.start()
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._controller.stop()
            self._started = False

    def wait_for(self, match: Callable[[EmailMessage], bool], timeout: float = 60) -> EmailMessage:
        """The first received message `match` accepts, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((message for message in self.messages if match(message)), None)
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no such mail within {timeout}s; got {[m['Subject'] for m in self.messages]}")
                self._changed.wait(remaining)

    def to(self, address: str, subject: str, timeout: float = 60) -> EmailMessage:
        return self.wait_for(lambda m: m["To"] == address and subject in str(m["Subject"]), timeout)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def link_in(message: EmailMessage) -> str:
    found = LINK.search(text_of(message))
    assert found is not None, text_of(message)
    return found.group(0)
