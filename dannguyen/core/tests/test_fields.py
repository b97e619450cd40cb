from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken

from dannguyen.core import fields


def test_encrypt_round_trip_keeps_vietnamese():
    stored = fields.encrypt("Nguyễn Thị Tố Cáo, CCCD 037123456789")

    assert stored.startswith("fernet:")
    assert "Nguyễn" not in stored
    assert fields.decrypt(stored) == "Nguyễn Thị Tố Cáo, CCCD 037123456789"


def test_rotated_key_still_decrypts_old_values(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    stored = fields.encrypt("bí mật")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]

    assert fields.decrypt(stored) == "bí mật"


def test_wrong_key_cannot_decrypt(settings):
    stored = fields.encrypt("bí mật")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(InvalidToken):
        fields.decrypt(stored)


def test_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out():
    field = fields.EncryptedTextField()

    stored = field.get_prep_value("Trần Văn B")

    assert stored != "Trần Văn B"
    assert field.from_db_value(stored, None, None) == "Trần Văn B"
    assert field.get_prep_value("") == ""
    assert field.from_db_value(None, None, None) is None


def test_field_refuses_lookups_on_clear_text():
    field = fields.EncryptedTextField()

    assert field.get_lookup("exact") is None
    assert field.get_lookup("isnull") is not None
