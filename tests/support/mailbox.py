"""A local SMTP server (aiosmtpd) that keeps every message it receives, for mail tests."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+/account/verify/\S+")


class Mailbox:
    """Messages received by the local server, oldest first."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        """Keep the message and accept it."""
        self.messages.append(email.message_from_bytes(envelope.original_content or b""))
        return "250 OK"

    def links_to(self, address: str) -> list[str]:
        """The verification links sent to this address."""
        found = []
        for message in self.messages:
            if message["To"] == address:
                found += LINK.findall(message.get_payload(decode=True).decode())
        return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, dict[str, object]]]:
    """A running SMTP server and the app settings that send mail to it."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield box, {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port}
    controller.stop()
