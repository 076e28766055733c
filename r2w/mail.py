"""Outgoing email over SMTP with the MAIL_* settings (smtplib; no extra dependency)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)
TIMEOUT = 10  # seconds: a slow mail server must not hold a web worker for long


class MailNotSent(RuntimeError):
    """The message could not be handed to the mail server."""


def mail_configured() -> bool:
    """Return whether a mail server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; return False when no mail server is configured."""
    config = current_app.config
    if not mail_configured():
        # Expected on a local run; in the cloud it means account email is switched off.
        cloud = config.get("ENVIRONMENT") in ("staging", "production")
        level = logging.WARNING if cloud else logging.INFO
        log.log(level, "mail not sent: MAIL_SERVER is not set", extra={"subject": subject})
        return False
    message = EmailMessage()
    message["From"] = config.get("MAIL_SENDER") or "r2w <no-reply@localhost>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    connect = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with connect(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=TIMEOUT
        ) as smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailNotSent(f"{type(exc).__name__}: {exc}") from exc
    return True


def send_account_mail(user_id: str, to: str, subject: str, body: str, what: str) -> bool:
    """Send an account email; a failure is logged as "<what> email not sent", not raised."""
    try:
        return send_mail(to, subject, body)
    except MailNotSent as exc:
        log.warning(f"{what} email not sent", extra={"user": user_id, "reason": str(exc)})
        return False
