"""The withdrawal address check: the asset's chain decides the format, and "abc" is never an address."""

import pytest

from desktop.text.addresses import Chain, address_problem, chain_of

GOOD = [
    ("SOL", "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"),
    ("USDC", "11111111111111111111111111111111"),  # the system program: 32 zero bytes
    ("BONK", "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263"),
    ("ETH", "0x52908400098527886E0F7030069857D2E4169EE7"),
    ("BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),  # bech32 (BIP-173)
    ("BTC", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),  # bech32m (BIP-350)
    ("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),  # base58check, P2PKH
    ("BTC", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),  # base58check, P2SH
]

BAD = [
    ("SOL", "abc"),
    ("SOL", "0x52908400098527886E0F7030069857D2E4169EE7"),  # an EVM address for a Solana asset
    ("SOL", "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWW0"),  # 0 is not base58
    ("USDC", "9WzDXwBbmkg8ZTbNMqUxvQRAyr"),  # too short
    ("ETH", "0x5290840009852788"),
    ("ETH", "52908400098527886E0F7030069857D2E4169EE7"),  # no 0x
    ("ETH", "0x52908400098527886E0F7030069857D2E4169EEZ"),
    ("BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx"),  # checksum broken
    ("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),  # checksum broken
    ("BTC", "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"),  # a Solana address for BTC
]


@pytest.mark.parametrize(("symbol", "address"), GOOD)
def test_an_address_of_the_assets_chain_passes(symbol, address):
    assert address_problem(symbol, address) == ""
    assert address_problem(symbol, f"  {address} ") == ""  # pasted with spaces around


@pytest.mark.parametrize(("symbol", "address"), BAD)
def test_a_malformed_address_is_refused_naming_the_chain(symbol, address):
    problem = address_problem(symbol, address)
    assert problem.startswith(f"Not {'an' if chain_of(symbol) is Chain.ETHEREUM else 'a'} {chain_of(symbol)} address: ")


def test_an_empty_address_asks_for_one():
    assert address_problem("ETH", " ") == "Enter the Ethereum address to withdraw ETH to."


def test_chains_of_the_bundled_assets():
    assert chain_of("BTC") is Chain.BITCOIN and chain_of("ETH") is Chain.ETHEREUM
    assert {chain_of(s) for s in ("SOL", "USDC", "USDT", "JTO", "BONK")} == {Chain.SOLANA}
