import base64

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from gongkai.core import crypto

KEY_1 = "1:" + "11" * 32
KEY_2 = "2:" + "22" * 32


@pytest.fixture
def keys(settings):
    def use(spec):
        settings.GONGKAI_FIELD_KEYS = spec
        crypto.reset_cipher()
        return crypto.cipher()

    yield use
    crypto.reset_cipher()


def test_sealed_values_open_and_differ_each_time(keys):
    cipher = keys(KEY_1)
    a, b = cipher.seal("110101199003071234"), cipher.seal("110101199003071234")
    assert a != b
    assert a.startswith("v1:")
    assert "110101" not in a
    assert cipher.open(a) == cipher.open(b) == "110101199003071234"


def test_one_changed_byte_is_detected(keys):
    cipher = keys(KEY_1)
    sealed = cipher.seal("张三")
    raw = bytearray(base64.b64decode(sealed[3:]))
    raw[14] ^= 1
    with pytest.raises(InvalidTag):
        cipher.open("v1:" + base64.b64encode(bytes(raw)).decode())


def test_after_rotation_old_values_still_open_and_new_ones_use_the_new_key(keys):
    old = keys(KEY_1).seal("13800000000")
    index = keys(KEY_1).blind_index("110101199003071234")
    cipher = keys(f"{KEY_2},{KEY_1}")
    # Blind indexes (and query codes) survive the rotation: the oldest key's HMAC half is kept.
    assert cipher.blind_index("110101199003071234") == index
    assert cipher.open(old) == "13800000000"
    assert cipher.seal("x").startswith("v2:")
    with pytest.raises(InvalidTag):
        keys(KEY_2).open(old)  # the old key retired: its rows must have been re-encrypted first


def test_blind_index_ignores_case_and_spaces(keys):
    cipher = keys(KEY_1)
    assert cipher.blind_index("11010119900307123x") == cipher.blind_index(" 11010119900307123X ")
    assert cipher.blind_index("a") != cipher.blind_index("b")


@pytest.mark.parametrize("spec", ["1:abcd", "x:" + "00" * 32, "1:" + "zz" * 32])
def test_malformed_keys_are_refused(keys, spec):
    with pytest.raises((ImproperlyConfigured, ValueError)):
        keys(spec)


def test_embedded_default_creates_a_private_key_file_once(settings, tmp_path):
    settings.GONGKAI_FIELD_KEYS = ""
    settings.GONGKAI_FIELD_KEY_FILE = tmp_path / "keys" / "field-keys"
    crypto.reset_cipher()
    try:
        sealed = crypto.cipher().seal("值")
        assert (settings.GONGKAI_FIELD_KEY_FILE.stat().st_mode & 0o777) == 0o600
        crypto.reset_cipher()
        assert crypto.cipher().open(sealed) == "值"
    finally:
        crypto.reset_cipher()


@pytest.mark.django_db
def test_encrypted_columns_hold_no_plaintext(two_orgs):
    from gongkai.info_requests import services
    from gongkai.info_requests.tests.factories import applicant

    data = applicant(applicant_name="哨兵王五", phone="13912345678")
    application, _ = services.submit_online(org=two_orgs.gov_a, data=data, token="t1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_name, id_number, phone FROM info_requests_inforequest WHERE id = %s",
            [application.pk],
        )
        row = cursor.fetchone()
    assert all(value.startswith("v") for value in row)
    for plain in ("哨兵王五", data["id_number"], "13912345678"):
        assert plain not in "".join(row)
    application.refresh_from_db()
    assert application.applicant_name == "哨兵王五"
