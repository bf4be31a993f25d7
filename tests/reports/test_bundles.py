"""Results bundles: device id, round trip, signatures and trust, and every refusal."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.reports.conftest import TwoDevices
from tests.reports.report_support import reseal
from trainer.core.packs.keys import PublicKey
from trainer.core.progress import ProgressStore
from trainer.core.reporting.bundle import (
    BUNDLE_FORMAT,
    DEVICE_ID_FILE,
    BundleRejectedError,
    bundle_bytes,
    bundle_document,
    device_id,
    parse_bundle,
    read_bundle,
    write_bundle,
)


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def _save(path: Path, document: dict[str, Any]) -> Path:
    path.write_bytes(bundle_bytes(document))
    return path


# ------------------------------------------------------------------ device id


def test_the_device_id_is_made_once_and_kept(tmp_path: Path) -> None:
    first = device_id(tmp_path)
    assert len(first) == 32 and int(first, 16) >= 0
    assert (tmp_path / DEVICE_ID_FILE).read_text("ascii") == first + "\n"
    assert device_id(tmp_path) == first
    other = tmp_path / "elsewhere"
    assert device_id(other) != first


def test_a_damaged_device_id_is_replaced(tmp_path: Path) -> None:
    (tmp_path / DEVICE_ID_FILE).write_text("not an id")
    replaced = device_id(tmp_path)
    assert len(replaced) == 32
    assert (tmp_path / DEVICE_ID_FILE).read_text("ascii").strip() == replaced
    assert device_id(tmp_path) == replaced


# ------------------------------------------------------------------ round trip


def test_a_bundle_holds_the_learners_history(two_devices: TwoDevices) -> None:
    bundle = read_bundle(two_devices.bundle_b)
    assert bundle.path == two_devices.bundle_b
    assert bundle.signer is None and not bundle.trusted
    assert bundle.content_id == "fixture-library" and bundle.content_version == "1.0.0"
    assert bundle.device_id == device_id(two_devices.dir_b)
    assert bundle.device_id != device_id(two_devices.dir_a)
    by_id = {h.profile_id: h for h in bundle.learners}
    assert set(by_id) == {two_devices.ana, two_devices.chidi}
    for pid, history in by_id.items():
        assert history.profile.display_name == two_devices.names[pid]
        assert list(history.attempts) == two_devices.attempts[pid]
        assert list(history.sessions) == two_devices.sessions[pid]
    assert bundle.answer_count == sum(len(two_devices.attempts[p]) for p in by_id)
    document = _load(two_devices.bundle_b)
    assert document["format"] == BUNDLE_FORMAT and document["format_version"] == 1
    assert document["trainer_version"]


def test_a_signed_bundle_names_its_key_and_is_trusted_when_the_key_is(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "signed.json"
    with ProgressStore.open(two_devices.dir_a) as store:
        written = write_bundle(store, [two_devices.bo], path, key=key)
    public = PublicKey.of(key)
    assert written.signed_by == public.fingerprint
    assert written.answers == len(two_devices.attempts[two_devices.bo])
    bundle = read_bundle(path)
    assert bundle.signer == public and not bundle.trusted
    assert read_bundle(path, trusted_keys=[public]).trusted
    assert read_bundle(path, require_signature=True).signer == public


def test_bundles_of_the_same_data_differ_only_in_their_id(two_devices: TwoDevices) -> None:
    with ProgressStore.open(two_devices.dir_a) as store:
        first = bundle_document(store, [two_devices.bo])
        second = bundle_document(store, [two_devices.bo], now=None)
    assert first["bundle_id"] != second["bundle_id"]
    assert first["device_id"] == second["device_id"]
    assert first["learners"][0]["attempts"] == second["learners"][0]["attempts"]


# ------------------------------------------------------------------ refusals


def _refused(path: Path, match: str, **options: Any) -> str:
    with pytest.raises(BundleRejectedError, match=match) as caught:
        read_bundle(path, **options)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_a_changed_answer_is_refused(tmp_path: Path, two_devices: TwoDevices) -> None:
    document = _load(two_devices.bundle_a)
    attempt = document["learners"][0]["attempts"][0]
    attempt["correct"] = not attempt["correct"]
    path = _save(tmp_path / "changed.json", document)
    _refused(path, "changed or damaged after it was exported")


def test_a_changed_name_is_refused(tmp_path: Path, two_devices: TwoDevices) -> None:
    text = two_devices.bundle_a.read_text("utf-8").replace("Bo Chen", "Bo Chan")
    path = tmp_path / "renamed.json"
    path.write_text(text, "utf-8")
    _refused(path, "checksum does not match")


def test_a_learner_record_changed_under_a_new_outer_checksum_is_refused(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    document = _load(two_devices.bundle_a)
    attempt = document["learners"][1]["attempts"][0]
    attempt["correct"] = not attempt["correct"]
    attempt["score"] = 1.0 if attempt["correct"] else 0.0
    reseal(document)
    path = _save(tmp_path / "resealed.json", document)
    message = _refused(path, "learner record 2 is invalid")
    assert "checksum" in message


def test_a_signed_bundle_changed_and_resealed_is_refused(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "signed.json"
    with ProgressStore.open(two_devices.dir_a) as store:
        write_bundle(store, [two_devices.bo], path, key=key)
    document = _load(path)
    document["exported_at"] = "2020-01-01T00:00:00+00:00"
    reseal(document)
    _refused(_save(tmp_path / "forged.json", document), "does not match: the bundle was changed")


def test_a_signature_by_another_key_is_refused_when_keys_are_trusted(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    trusted, stranger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    path = tmp_path / "stranger.json"
    with ProgressStore.open(two_devices.dir_a) as store:
        write_bundle(store, [two_devices.bo], path, key=stranger)
    message = _refused(path, "not a trusted key", trusted_keys=[PublicKey.of(trusted)])
    assert PublicKey.of(stranger).fingerprint in message
    _refused(two_devices.bundle_a, "not signed", trusted_keys=[PublicKey.of(trusted)])
    _refused(two_devices.bundle_a, "not signed", require_signature=True)


def test_a_swapped_signature_key_is_refused(tmp_path: Path, two_devices: TwoDevices) -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    path = tmp_path / "signed.json"
    with ProgressStore.open(two_devices.dir_a) as store:
        write_bundle(store, [two_devices.bo], path, key=key)
    document = _load(path)
    swapped = PublicKey.of(other)
    document["signature"]["public_key"] = base64.b64encode(swapped.raw).decode("ascii")
    document["signature"]["key_fingerprint"] = swapped.fingerprint
    _refused(_save(tmp_path / "swapped.json", document), "does not match")
    document["signature"]["key_fingerprint"] = "0000-0000-0000-0000-0000"
    _refused(_save(tmp_path / "misnamed.json", document), "fingerprint that is not its key")
    document["signature"]["value"] = "not base64!"
    _refused(_save(tmp_path / "garbled.json", document), "signature is damaged")


def _edited(two_devices: TwoDevices, change: Any) -> dict[str, Any]:
    document = _load(two_devices.bundle_a)
    change(document)
    reseal(document)
    return document


MALFORMED: dict[str, tuple[Any, str]] = {
    "another format": (lambda d: d.update(format="officer-trainer-progress-export"), "not a"),
    "a newer version": (lambda d: d.update(format_version=2), "newer version"),
    "no learners": (lambda d: d.update(learners=[]), "'learners' is missing or empty"),
    "a bad device id": (lambda d: d.update(device_id="laptop-7"), "device id"),
    "no export time": (lambda d: d.pop("exported_at"), "exported_at"),
    "a learner twice": (
        lambda d: d.update(learners=[d["learners"][0], d["learners"][0]]),
        "repeats a learner",
    ),
    "a learner that is not an object": (
        lambda d: d.update(learners=[7]),
        "learner record 1 is invalid",
    ),
    "a bad content block": (lambda d: d.update(content={"id": 3}), "'id' is missing"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_bundles_are_refused(tmp_path: Path, two_devices: TwoDevices, case: str) -> None:
    change, match = MALFORMED[case]
    path = _save(tmp_path / "malformed.json", _edited(two_devices, change))
    _refused(path, match)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "not a complete JSON file"),
        (b'{"format": "officer-trainer-results-bundle", "form', "not a complete JSON file"),
        (b"\xff\xfe not text", "not a complete JSON file"),
        (b"[1, 2, 3]", "not a results bundle"),
        (b'{"format": "officer-trainer-results-bundle", "format_version": 1}', "no valid checksum"),
        (b"[" * 100_000 + b"]" * 100_000, "not a complete JSON file|not a results bundle"),
    ],
)
def test_files_that_are_not_bundles_are_refused(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    _refused(path, match)


def test_a_truncated_bundle_is_refused(tmp_path: Path, two_devices: TwoDevices) -> None:
    data = two_devices.bundle_a.read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "cut short")


def test_missing_files_and_folders_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(BundleRejectedError, match="could not be read") as caught:
        read_bundle(tmp_path / "absent.json")
    assert "absent.json" in str(caught.value)
    with pytest.raises(BundleRejectedError, match="is a folder"):
        read_bundle(tmp_path)


def test_parse_bundle_names_the_source_it_is_given() -> None:
    with pytest.raises(BundleRejectedError, match=r"^From the USB stick was refused"):
        parse_bundle(b"{}", source="From the USB stick")
