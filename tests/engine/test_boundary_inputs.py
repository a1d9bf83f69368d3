"""The boundary's readers (issue 19, items 14, 17, 19): strict JSON, strict numbers, bounded ids and
times, printable messages — each tried on many generated inputs, not only the reported example."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from decimal import Context
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.engine.boundary import fields
from desktop.engine.boundary.bounds import EARLIEST_TIME, LATEST_TIME, MAX_NESTING
from desktop.engine.boundary.json_text import DocumentError, loads, nesting_depth
from desktop.engine.boundary.text import printable
from desktop.engine.boundary.times import epoch_time, iso_time
from desktop.engine.errors import InputError
from desktop.engine.numbers import parse_decimal
from tests.hostile import assert_one_printable_line, tried

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every decimal digit of every script except ASCII's (Arabic-Indic, Devanagari, fullwidth, …).
OTHER_DIGITS = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Nd" and code > 0x7F]
# Characters that str.isdigit() accepts but int() refuses: superscripts, circled digits, …
DIGIT_LOOKALIKES = [chr(code) for code in range(0x110000) if chr(code).isdigit() and not chr(code).isdecimal()]


# -- JSON -----------------------------------------------------------------------------------------
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.text(max_size=12), st.decimals(allow_nan=False)
)
json_documents = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def _json_text(value) -> str:
    return json.dumps(value, default=str)


@FAST
@given(json_documents)
def test_every_valid_document_reads_back_with_exact_numbers(document):
    tried("json")
    text = _json_text(document)
    assert loads(text) == json.loads(text, parse_float=D, parse_int=D)


@FAST
@given(st.dictionaries(st.text(max_size=5), json_scalars, min_size=1, max_size=5), st.data())
def test_a_key_written_twice_is_refused_at_any_depth(obj, data):
    tried("json")
    key = data.draw(st.sampled_from(sorted(obj)))
    body = _json_text(obj)[1:-1]
    duplicated = "{" + body + ", " + json.dumps(key) + ": 1}"
    depth = data.draw(st.integers(0, 5))
    text = "[" * depth + duplicated + "]" * depth
    with pytest.raises(DocumentError, match="appears twice"):
        loads(text)


@FAST
@given(st.integers(MAX_NESTING + 1, 20_000), st.sampled_from(["[", '{"a":']))
def test_nesting_beyond_the_bound_is_refused_without_recursion(depth, opener):
    tried("json")
    closer = "]" if opener == "[" else "}"
    with pytest.raises(DocumentError, match="nested"):
        loads(opener * depth + "1" + closer * depth)


def test_nesting_up_to_the_bound_reads_and_brackets_in_strings_do_not_count():
    assert loads("[" * MAX_NESTING + "]" * MAX_NESTING) is not None
    assert nesting_depth(loads('["[[[[[[", "{{{{"]')) == 1
    assert nesting_depth(loads('{"a": [{"b": []}], "c": 1}')) == 4 and nesting_depth(loads("7")) == 0


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", '{"a": NaN}', "[1, Infinity]"])
def test_nan_and_infinity_are_not_json(constant):
    tried("json")
    with pytest.raises(DocumentError, match="not a JSON number"):
        loads(constant)


@FAST
@given(st.binary(min_size=1, max_size=64))
def test_bytes_are_utf8_or_refused_naming_the_line(data):
    tried("json")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        with pytest.raises(DocumentError, match=r"line \d+: not UTF-8"):
            loads(data)
        return
    try:
        loads(data)
    except DocumentError as error:
        assert_one_printable_line(str(error))


def test_a_document_above_the_size_bound_is_refused_before_parsing():
    with pytest.raises(DocumentError, match="larger than"):
        loads(b" " * 1025, limit=1024)


@FAST
@given(st.text(max_size=40))
def test_garbage_text_is_refused_in_one_printable_line(text):
    tried("json")
    try:
        loads(text)
    except DocumentError as error:
        assert_one_printable_line(str(error))


# -- numbers --------------------------------------------------------------------------------------
LOOSE_NUMBERS = [
    "1_000",
    "1__0",
    " 100",
    "100 ",
    "\t1",
    "1\n",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-inf",
    "0x10",
    "1e",
    "e5",
    ".",
    "+-1",
    "1.2.3",
    "１２",
    "1e9999999999",
    "",
    "9" * 65,
]


@pytest.mark.parametrize("text", LOOSE_NUMBERS + OTHER_DIGITS[::7])
def test_loose_numbers_and_other_scripts_digits_are_refused(text):
    tried("numbers")
    with pytest.raises(InputError) as refused:
        parse_decimal(text, "balances.SOL.available")
    assert refused.value.field == "balances.SOL.available"
    assert_one_printable_line(str(refused.value))


@FAST
@given(st.text(alphabet=st.sampled_from("0123456789+-.eE_ \u0660\u0967\uff11x"), max_size=12))
def test_a_number_text_is_accepted_exactly_when_it_is_plain_ascii(text):
    tried("numbers")
    plain_ascii = all(c in "0123456789+-.eE" for c in text)
    try:
        number = parse_decimal(text, "price")
    except InputError as error:
        assert error.field == "price"
        return
    assert plain_ascii and number == D(text)


@FAST
@given(st.integers(25, 10**12), st.sampled_from(["", "-"]))
@example(999999, "")
def test_a_huge_exponent_names_its_field(exponent, sign):
    tried("numbers")
    with pytest.raises(InputError) as refused:
        parse_decimal(f"1e{sign}{exponent}", "markPrices.SOL")
    assert refused.value.field == "markPrices.SOL"


def off_the_grid(number: D) -> bool:
    """More than the 12 decimal places every balance keeps."""
    return number.quantize(D("1e-12"), context=Context(prec=100)) != number


@FAST
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_amounts_are_within_0_and_the_bound_or_refused(number):
    tried("numbers")
    try:
        value = fields.amount(str(number), "quantity")
    except InputError as error:
        assert error.field == "quantity"
        assert number < 0 or number > D("1e20") or abs(number.adjusted()) > 24 or off_the_grid(number)
        return
    assert 0 <= value <= D("1e20")
    assert not off_the_grid(value)


# -- ids --------------------------------------------------------------------------------------------
HOSTILE_IDS = ["²", "¹²", "①", "٣", "１", "9" * 65, "9" * 5000, "", " 1", "1 ", "A\n1", "\x1b[2J", "a" * 65, "1/2"]


@pytest.mark.parametrize("value", HOSTILE_IDS + DIGIT_LOOKALIKES[::5] + [1, None, [], {}, True, D(7)])
def test_hostile_ids_are_refused_and_never_reach_int(value):
    tried("ids")
    assert not fields.is_order_id(value)
    assert fields.order_number(value) is None
    with pytest.raises(InputError):
        fields.order_id(value, "openOrders[0].id")


@FAST
@given(st.text(max_size=80))
def test_order_number_never_raises_and_only_counts_ascii_digits(text):
    tried("ids")
    number = fields.order_number(text)
    if number is not None:
        assert text.isascii() and text.isdigit() and len(text) <= 18 and number == int(text)
    if fields.is_order_id(text):
        assert text.isascii() and 1 <= len(text) <= 64
    if text.isascii() and text.isdigit() and len(text) > 18:
        assert number is None  # a name, not a counter value


@pytest.mark.parametrize("value", ["A1", "1", "order-7", "abc:def.1", "9" * 18, "9" * 20, "Z" * 64])
def test_ordinary_ids_are_accepted(value):
    assert fields.order_id(value, "id") == value


# -- times ------------------------------------------------------------------------------------------
@FAST
@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    st.sampled_from(["Z", "+00:00", "+01:00", "-01:00", "+14:00", "-12:00", ""]),
)
@example(datetime(1, 1, 1), "+01:00")
@example(datetime(9999, 12, 31, 23, 59), "-01:00")
def test_times_anywhere_in_datetime_are_read_or_refused_never_overflow(moment, zone):
    tried("times")
    text = moment.isoformat() + zone
    try:
        parsed = iso_time(text, "time")
    except InputError as error:
        assert error.field == "time"
        assert_one_printable_line(str(error))
        return
    assert EARLIEST_TIME <= parsed < LATEST_TIME and parsed.tzinfo is UTC


@FAST
@given(st.text(max_size=30) | st.integers() | st.none() | st.lists(st.integers(), max_size=2))
def test_anything_else_where_a_time_belongs_is_refused_naming_the_field(value):
    tried("times")
    try:
        iso_time(value, "snapshotTime")
    except InputError as error:
        assert error.field == "snapshotTime"


@FAST
@given(st.text(alphabet=st.sampled_from("0123456789²٣"), min_size=1, max_size=20))
def test_epoch_seconds_are_ascii_digits_within_the_span(text):
    tried("times")
    try:
        moment = epoch_time(text, "time")
    except InputError:
        return
    assert text.isascii() and EARLIEST_TIME <= moment < LATEST_TIME


# -- messages ----------------------------------------------------------------------------------------
@FAST
@given(st.text(max_size=300))
@example("\x1b[31mred\x1b[0m\nforged line\r\u202eevil\u2028x")
def test_printable_keeps_one_line_without_control_characters(text):
    tried("messages")
    shown = printable(text)
    assert_one_printable_line(shown or "x")
    if all(unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in text):
        assert shown == text or shown.endswith("…")


@FAST
@given(st.text(min_size=1, max_size=200), st.text(max_size=200))
def test_input_errors_are_printable_whatever_the_key(field, problem):
    tried("messages")
    error = InputError(f"balances.{field}", problem)
    assert_one_printable_line(str(error))
