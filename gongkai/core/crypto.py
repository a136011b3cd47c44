"""Field encryption for personal data at rest (等保 2.0 8.1.4.8, GB/T 39786 第三级 e).

Values are sealed with SM4-GCM under a versioned key and stored as ``v<version>:<base64>``;
equality lookups (the same ID number applying again) use a blind index, HMAC-SM3 of the
normalised value. Keys come from ``GONGKAI_FIELD_KEYS`` ("version:64 hex", newest first) or, on the
embedded default, a key file created under ``var/keys/``. See ADR 0007.
"""

from __future__ import annotations

import base64
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

NONCE_BYTES = 12
TAG_BYTES = 16


@dataclass(frozen=True)
class FieldKey:
    version: int
    cipher_key: bytes  # SM4, 16 bytes
    index_key: bytes  # HMAC-SM3, 16 bytes


class FieldCipher:
    """The keys of this installation; the first one seals, any one opens."""

    def __init__(self, keys: list[FieldKey]):
        if not keys:
            raise ImproperlyConfigured("没有配置个人信息加密密钥。")
        self.keys = keys
        self.by_version = {key.version: key for key in keys}
        # Blind indexes and derived query codes use the first key's HMAC half for ever: they
        # cannot be recomputed (the code itself is never stored), so only the SM4 half rotates.
        self.index_key = min(keys, key=lambda key: key.version).index_key

    @property
    def current(self) -> FieldKey:
        return self.keys[0]

    def seal(self, plaintext: str) -> str:
        key = self.current
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(key.cipher_key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(f"v{key.version}".encode())
        body = encryptor.update(plaintext.encode()) + encryptor.finalize()
        return f"v{key.version}:" + base64.b64encode(nonce + body + encryptor.tag).decode()

    def open(self, sealed: str) -> str:
        """Raises ``InvalidTag`` if a single byte was changed."""
        prefix, _, payload = sealed.partition(":")
        key = self.by_version.get(int(prefix[1:])) if prefix[1:].isdigit() else None
        if key is None:
            raise InvalidTag(f"unknown key version {prefix!r}")
        raw = base64.b64decode(payload)
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        decryptor = Cipher(algorithms.SM4(key.cipher_key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(f"v{key.version}".encode())
        return (decryptor.update(body) + decryptor.finalize()).decode()

    def derive(self, label: str, value: str) -> bytes:
        """HMAC-SM3 of ``value`` under the current index key, separated by ``label``."""
        mac = hmac.HMAC(self.index_key, hashes.SM3())
        mac.update(f"{label}\x00{value}".encode())
        return mac.finalize()

    def blind_index(self, value: str) -> str:
        """HMAC-SM3 of the normalised value (upper case, no spaces): equal inputs, equal outputs."""
        mac = hmac.HMAC(self.index_key, hashes.SM3())
        mac.update("".join(value.split()).upper().encode())
        return mac.finalize().hex()


def parse_keys(spec: str) -> list[FieldKey]:
    keys = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        version, _, hex_key = item.partition(":")
        raw = bytes.fromhex(hex_key)
        if not version.isdigit() or len(raw) != 32:
            raise ImproperlyConfigured("GONGKAI_FIELD_KEYS 格式应为 “版本号:64位十六进制”，以逗号分隔。")
        keys.append(FieldKey(int(version), raw[:16], raw[16:]))
    return keys


def _key_file_spec(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place: two processes starting together agree on one key.
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(f"1:{os.urandom(32).hex()}\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


_cipher: FieldCipher | None = None
_lock = threading.Lock()


def cipher() -> FieldCipher:
    global _cipher
    with _lock:
        if _cipher is None:
            spec = settings.GONGKAI_FIELD_KEYS or _key_file_spec(Path(settings.GONGKAI_FIELD_KEY_FILE))
            _cipher = FieldCipher(parse_keys(spec))
        return _cipher


def reset_cipher() -> None:
    """Forget the loaded keys (tests, key rotation)."""
    global _cipher
    with _lock:
        _cipher = None


class EncryptedTextField(models.TextField):
    """A text column holding SM4-GCM ciphertext; Python code sees the plain value.

    Only equality through a separate blind-index column can be queried; '' stays '' so an
    optional field costs nothing.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return cipher().open(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return cipher().seal(value)
