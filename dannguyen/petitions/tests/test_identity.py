from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from dannguyen.petitions import identity, places, workflow
from dannguyen.petitions.identity import PersonInput

pytestmark = pytest.mark.django_db


def test_keyed_hash_depends_on_the_field_key(settings):
    before = identity.keyed_hash("037090001234")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    assert identity.keyed_hash("037090001234") != before
    assert len(before) == 64


def test_a_person_is_still_found_after_a_key_rotation(register, settings):
    first = register()
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]

    again = register(people=[PersonInput(full_name="Trần Thị Khiếu", id_number="036185004321")])

    assert again.signers.get().petitioner == first.signers.get().petitioner
    assert again.signers.get().petitioner.id_number_hash == identity.keyed_hash("036185004321")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("037.090.001.234", "037090001234"),
        (" 037 090 001 234 ", "037090001234"),
    ],
)
def test_identity_numbers_are_normalised(written, expected):
    assert identity.normalize_id_number(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
    ],
)
def test_phones_are_normalised(written, expected):
    assert identity.normalize_phone(written) == expected


def test_names_are_written_the_usual_way():
    assert identity.normalize_name("  nguyễn   VĂN  an ") == "Nguyễn Văn An"


def test_id_numbers_are_masked_on_lookups():
    assert identity.mask_id_number("037090001234") == "••••••••1234"


def test_name_and_address_key_ignores_spelling_of_the_street(world):
    one = places.map_address("Xóm 3, xã Gia Vân, tỉnh Ninh Bình")
    two = places.map_address("xom 3, Gia Van, tinh Ninh Binh")

    assert identity.name_address_material("Phạm Văn Tố", one.street, one.ward.code) == (
        identity.name_address_material("pham van to", two.street, two.ward.code)
    )


@pytest.mark.parametrize(
    ("written", "current", "was_old"),
    [
        (
            "Xóm 4, xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình",
            "Xóm 4, Phường Nam Hoa Lư, Tỉnh Ninh Bình",
            True,
        ),
        (
            "tổ 6, phường Quang Trung, thành phố Phủ Lý, tỉnh Hà Nam",
            "Tổ 6, Phường Hà Nam, Tỉnh Ninh Bình",
            True,
        ),
        (
            "Xóm 2, xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định",
            "Xóm 2, Xã Hải Anh, Tỉnh Ninh Bình",
            True,
        ),
        (
            "Số 5 Trần Hưng Đạo, phường Hoa Lư, Ninh Bình",
            "Số 5 Trần Hưng Đạo, Phường Hoa Lư, Tỉnh Ninh Bình",
            False,
        ),
    ],
)
def test_addresses_are_mapped_to_todays_units(world, written, current, was_old):
    mapped = places.map_address(written)

    assert (mapped.current, mapped.was_old) == (current, was_old)


@pytest.mark.parametrize("written", ["", "@@@ ###", "x" * 5000, "Hà Nội"])
def test_unrecognised_addresses_map_to_nothing(world, written):
    assert places.map_address(written) is None


def test_mapping_an_old_address_never_goes_online(world, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("an address was sent over the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    mapped = places.map_address(
        "Số 10 phố Trần Phú, phường Quang Trung, thành phố Phủ Lý, tỉnh Hà Nam"
    )

    assert mapped.current == "Số 10 Phố Trần Phú, Phường Hà Nam, Tỉnh Ninh Bình"


def test_register_without_people_is_an_anonymous_letter(world, reception_officer):
    from .conftest import values

    petition = workflow.register(values=values(is_anonymous=True), people=[], by=reception_officer)

    assert (petition.signers.count(), petition.is_anonymous) == (0, True)


def test_reindex_moves_hashes_to_a_new_key(register, settings, capsys):
    from django.core.management import call_command

    petition = register()
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        settings.FIELD_ENCRYPTION_KEYS[0],
    ]

    call_command("petitions_reindex")

    petitioner = petition.signers.get().petitioner
    petitioner.refresh_from_db()
    assert capsys.readouterr().out.strip() == "petitioners rehashed 1, petitions indexed 1"
    assert petitioner.id_number_hash == identity.keyed_hash("036185004321")
