"""Backpack's signature (reference §4): the §4.5 test vectors byte for byte, and the canonical string's rules."""

import base64
import pickle
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.services.backpack.signing import (
    BadCredentials,
    RequestSigner,
    SigningKey,
    normalized_params,
    query_pairs,
    signing_string,
)
from tests.standins.backpack_account_bodies import EXAMPLE_API_KEY, EXAMPLE_SECRET

T = 1614550000000
BATCH = (
    "instruction=orderExecute&orderType=Limit&price=141&quantity=12&side=Bid&symbol=SOL_USDC_PERP"
    "&instruction=orderExecute&orderType=Limit&price=140&quantity=11&side=Bid&symbol=SOL_USDC_PERP"
    "&timestamp=1750793021519&window=5000"
)
VECTORS = [  # reference §4.5, verbatim
    (
        "instruction=orderCancel&orderId=28&symbol=BTC_USDT&timestamp=1614550000000&window=5000",
        "zEG6YnoeAYkxY4tNgJfWnjcPTBa501irFgBnArYXORzexlr9mrjflWI6Wm/YwimVZGe9PARP/mZxOHXsvhuZBw==",
    ),
    (
        "instruction=balanceQuery&timestamp=1614550000000&window=5000",
        "qz9CmzCkuYD4Y2s2ifeL3MBHc3NtCapiiHhZm1px08FqkZFuHSO5sohI+MKABd02yXwf7EviULr6IGRs/kRsDw==",
    ),
    (
        "instruction=collateralQuery&timestamp=1614550000000&window=5000",
        "qFh4Alyo625XfzG6A2O9aYzOJ9bcxiMpt06TH2tvByNlddxVVZcJLVJ6jzVQXcWO+tH1BXPRQY8YV0HEXNOEAg==",
    ),
    (
        "instruction=accountQuery&timestamp=1614550000000&window=5000",
        "Hf9Qj8whG53MSHqDd1DSyAFhrBouwAUzlRW2GjuiZGBimRX4gNQxkFbYYbLvnbUJ0lPbm675e0df1vxcTNBiAw==",
    ),
    (
        "instruction=maxBorrowQuantity&symbol=SOL&timestamp=1614550000000&window=5000",
        "vYo/wGeuufxz9Q18g0vYqerrdUO9ec6GK5Ej+3QSTQw6D2jBR+TZFrght7q6hti4OT9gZpxB8qf5YiE1B/3XAA==",
    ),
    (
        "instruction=subscribe&timestamp=1614550000000&window=5000",
        "JET04e2DKxa3MzJX+vHAvZ2t85IDCQV0Yvkne6ZioCLxZhaDPHACzfEFkaACTR+J2WlVJjGX2nICcJMwOK8zAw==",
    ),
    (BATCH, "e9UDA3qCQqjmuJVecsHH818nwcRBL2kY6MGmgQAGs4Wqcs9Dan7xgHOnTfDXCPmXiSDU4/vx4IYWoDMgk4AeBQ=="),
]


@pytest.fixture
def key():
    return SigningKey(EXAMPLE_API_KEY, EXAMPLE_SECRET)


@pytest.mark.parametrize(("message", "signature"), VECTORS)
def test_the_reference_vectors_byte_for_byte(key, message, signature):
    assert key.sign(message) == signature


def test_the_strings_are_built_as_the_vectors_sign_them(key):
    assert signing_string("orderCancel", {"symbol": "BTC_USDT", "orderId": 28}, T, 5000) == VECTORS[0][0]
    for instruction, (message, _) in zip(["balanceQuery", "collateralQuery", "accountQuery"], VECTORS[1:4]):
        assert signing_string(instruction, None, T, 5000) == message
        assert signing_string(instruction, {}, T, 5000) == message  # no '&&', no empty segment (§8.4)
    assert signing_string("maxBorrowQuantity", {"symbol": "SOL"}, T, 5000) == VECTORS[4][0]
    assert signing_string("subscribe", None, T, 5000) == VECTORS[5][0]


def test_the_headers_carry_key_signature_timestamp_and_window(key):
    signer = RequestSigner(key, clock_ms=lambda: T)
    assert signer("GET", "/api/v1/capital/collateral", {}) == {
        "X-API-Key": EXAMPLE_API_KEY,
        "X-Signature": VECTORS[2][1],
        "X-Timestamp": "1614550000000",
        "X-Window": "5000",
    }
    signer.offset_ms = 7000  # Backpack's clock is 7 s ahead of ours
    assert signer("GET", "/api/v1/account", {})["X-Timestamp"] == "1614550007000"


def test_rfc_8032_test_1_sanity():
    seed = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = base64.b64encode(bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
    key = SigningKey(public.decode(), base64.b64encode(seed).decode())
    expected = (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0"
        "595bbe24655141438e7a100b"
    )
    assert base64.b64decode(key.sign("")).hex() == expected == private.sign(b"").hex()


def test_booleans_lower_case_nulls_dropped_arrays_repeated_decimals_plain():
    params = {
        "symbol": "SOL_USDC",
        "autoBorrow": True,
        "reduceOnly": False,
        "price": None,
        "marketType": ["SPOT", "PERP"],
    }
    params |= {"quantity": Decimal("1E-7"), "limit": 1000}
    assert query_pairs(params) == [
        ("autoBorrow", "true"),
        ("limit", "1000"),
        ("marketType", "SPOT"),
        ("marketType", "PERP"),  # repeated key, in array order (stable sort)
        ("quantity", "0.0000001"),
        ("reduceOnly", "false"),
        ("symbol", "SOL_USDC"),
    ]
    assert signing_string("orderQueryAll", {"marketType": ["SPOT", "PERP"]}, T, 5000) == (
        "instruction=orderQueryAll&marketType=SPOT&marketType=PERP&timestamp=1614550000000&window=5000"
    )
    # the transport sends exactly what was signed
    assert normalized_params(params)["marketType"] == ["SPOT", "PERP"]
    assert normalized_params(params)["autoBorrow"] == "true" and "price" not in normalized_params(params)


def test_an_unknown_path_or_a_write_is_never_signed(key):
    signer = RequestSigner(key)
    with pytest.raises(ValueError, match="no read-only instruction for GET /api/v1/nowhere"):
        signer("GET", "/api/v1/nowhere", {})
    with pytest.raises(ValueError, match="no read-only instruction for POST /api/v1/order"):
        signer("POST", "/api/v1/order", {})
    with pytest.raises(ValueError, match="window"):
        RequestSigner(key, window=60001)


OTHER_SEED = bytes(range(32))


@pytest.mark.parametrize(
    ("api_key", "secret", "problem"),
    [
        (EXAMPLE_API_KEY, "not base64 at all!", "the secret is not valid base64"),
        (EXAMPLE_API_KEY, base64.b64encode(b"x" * 31).decode(), "the secret decodes to 31 bytes"),
        ("zDIJ", EXAMPLE_SECRET, "the API key is not a 32-byte ED25519 public key"),
        (EXAMPLE_API_KEY, base64.b64encode(OTHER_SEED).decode(), "the secret does not belong to the API key"),
    ],
)
def test_a_bad_pair_is_refused_without_showing_the_secret(api_key, secret, problem):
    with pytest.raises(BadCredentials, match=problem) as refused:
        SigningKey(api_key, secret)
    assert secret not in str(refused.value) and secret not in repr(refused.value)
    error = refused.value  # no chained error carries the secret's text either
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_a_64_byte_secret_is_taken_when_its_second_half_is_the_public_key():
    full = base64.b64decode(EXAMPLE_SECRET) + base64.b64decode(EXAMPLE_API_KEY)
    assert SigningKey(EXAMPLE_API_KEY, base64.b64encode(full).decode()).sign(VECTORS[1][0]) == VECTORS[1][1]
    broken = base64.b64decode(EXAMPLE_SECRET) * 2
    with pytest.raises(BadCredentials, match="second half"):
        SigningKey(EXAMPLE_API_KEY, base64.b64encode(broken).decode())


def test_the_key_never_shows_or_ships_its_secret(key):
    assert EXAMPLE_SECRET not in repr(key) and EXAMPLE_SECRET not in str(key)
    assert "secret=<hidden>" in repr(key)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
    assert not hasattr(key, "__dict__")  # nothing else lying around on the object
