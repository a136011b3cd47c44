"""The embedded default's mail backend: mail goes to the server log, so it must not carry what a
log may not hold.

Django's console backend printed each message whole: the applicant's address beside their query
code, in a log that operators read and keep for six months (issue 17, finding 8). A query code
opens the application (ADR 0007: never stored), and an address is personal information. This
backend prints the subject and the text with every query code replaced by ``****-****-****`` and
every address masked (``z***@example.gov.cn``); real delivery (``EMAIL_HOST``) is unchanged.
"""

from __future__ import annotations

import re
import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend

# The shape of a query code (gongkai.info_requests.services.CODE_ALPHABET, 3 × 4 characters).
_BLOCK = "[A-HJ-NP-Z2-9]{4}"
QUERY_CODE = re.compile(rf"(?<![A-Za-z0-9]){_BLOCK}-?{_BLOCK}-?{_BLOCK}(?![A-Za-z0-9])")
ADDRESS = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")
CODE_MASK = "****-****-****"


def redact(text: str) -> str:
    """``text`` without query codes and with e-mail addresses masked."""
    return ADDRESS.sub(r"\1***@\2", QUERY_CODE.sub(CODE_MASK, text))


class RedactingConsoleBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                recipients = ", ".join(redact(address) for address in message.recipients())
                self.stream.write(
                    f"[mail] To: {recipients}\n[mail] Subject: {redact(str(message.subject))}\n"
                    f"{redact(str(message.body))}\n{'-' * 79}\n"
                )
                self.stream.flush()
        return len(email_messages)
