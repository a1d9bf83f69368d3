"""desktop/engine/json_codec.py reads and writes as the json package does (it only starts faster)."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.engine.json_codec import read_json, write_json
from desktop.engine.vocabulary import EventType

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.sampled_from(list(EventType)),
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(plain)
def test_writes_what_json_dumps_writes(value):
    assert write_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(anything)
def test_reads_what_json_loads_reads(value):
    text = json.dumps(value, indent=None if isinstance(value, list) else 2)
    expected = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    assert repr(read_json(text, parse_float=Decimal, parse_int=Decimal)) == repr(expected)
    assert repr(read_json(f" \n\t{text}\r\n ")) == repr(json.loads(text))


def test_what_it_does_not_take_goes_to_json():
    assert write_json({"a": 1.5, 2: [Decimal(1).is_zero()]}) == json.dumps({"a": 1.5, 2: [False]}, indent=2)
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        write_json({"a": Decimal(1)})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        write_json(loop)


@pytest.mark.parametrize("text", ["", "  ", "{", '{"a": 1,}', "{} x", "\ufeff{}", "[1, 2", "nul", '"\x01"'])
def test_malformed_text_fails_with_jsons_own_message(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text, parse_float=Decimal, parse_int=Decimal)
    with pytest.raises(json.JSONDecodeError) as got:
        read_json(text, parse_float=Decimal, parse_int=Decimal)
    assert str(got.value) == str(expected.value)


def test_constants_and_bytes_as_json_reads_them():
    assert repr(read_json("[NaN, Infinity, -Infinity, 1.5, 2]")) == repr(
        json.loads("[NaN, Infinity, -Infinity, 1.5, 2]")
    )
    assert read_json(b'{"a": 1}') == {"a": 1}
