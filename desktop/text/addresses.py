"""A basic format check of a withdrawal address for the asset's chain, so a typo like "abc" is
refused before the confirmation step. It checks the shape (and the checksums Bitcoin addresses
carry), not that the address exists: nothing here reaches a network.

- Solana (SOL, USDC, USDT, JTO, BONK and other Solana tokens): base58, decoding to 32 bytes.
- Ethereum and other EVM chains (ETH): ``0x`` and 40 hex digits.
- Bitcoin (BTC): bech32/bech32m (``bc1…``) or base58check (``1…``, ``3…``), checksum included.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum


class Chain(StrEnum):
    SOLANA = "Solana"
    ETHEREUM = "Ethereum"
    BITCOIN = "Bitcoin"


# Where each asset is withdrawn to; an asset not listed is a Solana token, as on Backpack.
CHAINS = {"BTC": Chain.BITCOIN, "ETH": Chain.ETHEREUM}

FORMATS = {
    Chain.SOLANA: "32–44 characters of base58 (letters and digits without 0, O, I and l)",
    Chain.ETHEREUM: "0x followed by 40 hexadecimal digits",
    Chain.BITCOIN: "bc1… (bech32) or 1…/3… (base58), with a valid checksum",
}

SHORT_FORMATS = {
    Chain.SOLANA: "32–44 base58 characters, without 0, O, I or l",
    Chain.ETHEREUM: "0x and 40 hex digits",
    Chain.BITCOIN: "bc1…, 1… or 3…, with a valid checksum",
}

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_CONST, BECH32M_CONST = 1, 0x2BC830A3


def chain_of(symbol: str) -> Chain:
    return CHAINS.get(symbol, Chain.SOLANA)


def base58_decode(text: str) -> bytes | None:
    number = 0
    for character in text:
        digit = BASE58.find(character)
        if digit < 0:
            return None
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading = len(text) - len(text.lstrip("1"))
    return b"\0" * leading + body


def _solana(address: str) -> bool:
    if not 32 <= len(address) <= 44:
        return False
    decoded = base58_decode(address)
    return decoded is not None and len(decoded) == 32


def _ethereum(address: str) -> bool:
    return re.fullmatch(r"0x[0-9a-fA-F]{40}", address) is not None


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for bit in range(5):
            check ^= generator[bit] if (top >> bit) & 1 else 0
    return check


def _bitcoin_bech32(address: str) -> bool:
    if address.lower() != address and address.upper() != address:
        return False  # mixed case is invalid bech32
    lowered = address.lower()
    if not lowered.startswith("bc1") or not 14 <= len(lowered) <= 90:
        return False
    data = lowered[3:]
    if any(c not in BECH32 for c in data) or len(data) < 6 + 1:
        return False
    values = [BECH32.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"]
    constant = _bech32_polymod(expanded + values)
    version = values[0]
    return (version == 0 and constant == BECH32_CONST) or (1 <= version <= 16 and constant == BECH32M_CONST)


def _bitcoin_base58(address: str) -> bool:
    if address[:1] not in ("1", "3") or not 26 <= len(address) <= 35:
        return False
    decoded = base58_decode(address)
    if decoded is None or len(decoded) != 25 or decoded[0] not in (0x00, 0x05):
        return False
    payload, checksum = decoded[:-4], decoded[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum


CHECKS = {
    Chain.SOLANA: _solana,
    Chain.ETHEREUM: _ethereum,
    Chain.BITCOIN: lambda a: _bitcoin_bech32(a) or _bitcoin_base58(a),
}


def address_problem(symbol: str, address: str) -> str:
    """'' when ``address`` looks like an address of ``symbol``'s chain; else what is wrong, in words."""
    typed = address.strip()
    chain = chain_of(symbol)
    if not typed:
        return f"Enter the {chain} address to withdraw {symbol} to."
    if CHECKS[chain](typed):
        return ""
    article = "an" if chain is Chain.ETHEREUM else "a"
    return f"Not {article} {chain} address: {SHORT_FORMATS[chain]}."
