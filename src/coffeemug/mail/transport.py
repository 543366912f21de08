"""Sending through an SMTP server: one connection per batch, errors sorted into those of one
address (recorded, the batch goes on) and those of the server (the job is retried later)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from types import TracebackType
from urllib.parse import unquote, urlsplit

from coffeemug.errors import BadRequest
from coffeemug.settings import Settings


class ServerUnavailable(Exception):
    """The mail server cannot take mail now (connection, authentication or a 4xx answer)."""


@dataclass(frozen=True)
class Refusal:
    """The server refused one message: ``bounce`` when it refused the address for good (a 5xx
    answer to RCPT), not when it refused the content."""

    error: str
    bounce: bool


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    implicit_tls: bool
    user: str | None
    password: str | None


def parse_url(url: str) -> ServerAddress:
    """``smtp://user:password@host:587`` or ``smtps://host:465``; 400 naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise BadRequest(
            f"COFFEEMUG_SMTP_URL: expected smtp://host:port or smtps://host:port, got '{url}'"
        )
    implicit = parts.scheme == "smtps"
    return ServerAddress(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        implicit_tls=implicit,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def envelope_sender(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1] or settings.mail_from


class SmtpTransport:
    """``with SmtpTransport(settings) as smtp: smtp.send(message, to)``."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_url:
            raise BadRequest("COFFEEMUG_SMTP_URL is not set: no e-mail can be sent")
        self.settings = settings
        self.address = parse_url(settings.smtp_url)
        self.sender = envelope_sender(settings)
        self._smtp: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.settings.smtp_verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def __enter__(self) -> SmtpTransport:
        address, mode = self.address, self.settings.smtp_tls
        timeout = self.settings.smtp_timeout_seconds
        try:
            if address.implicit_tls or mode == "implicit":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    address.host, address.port, timeout=timeout, context=self._tls_context()
                )
            else:
                smtp = smtplib.SMTP(address.host, address.port, timeout=timeout)
                smtp.ehlo()
                offered = smtp.has_extn("starttls")
                if mode == "starttls" or (mode == "auto" and offered):
                    smtp.starttls(context=self._tls_context())
                    smtp.ehlo()
            if address.user:
                smtp.login(address.user, address.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(f"{address.host}:{address.port}: {exc}") from exc
        self._smtp = smtp
        return self

    def send(self, message: bytes, to: str) -> Refusal | None:
        """Hand one message over; None when accepted, a Refusal when this address or message
        was refused. Raises ServerUnavailable when the server itself fails."""
        assert self._smtp is not None, "use SmtpTransport as a context manager"
        try:
            self._smtp.sendmail(self.sender, [to], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return self._refusal(code, text, address=True)
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            return self._refusal(exc.smtp_code, exc.smtp_error, address=False)
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(str(exc)) from exc
        return None

    @staticmethod
    def _refusal(code: int, text: bytes | str, *, address: bool) -> Refusal:
        detail = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        if 400 <= code < 500:
            # Greylisting, rate limits, a full queue: the server, not the address.
            raise ServerUnavailable(f"{code} {detail}")
        return Refusal(f"{code} {detail}"[:500], bounce=address and code >= 500)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None
