"""A numeric field keeps its last reading (a form that follows the ticks reads it each tick): it is
always what ``read_amount`` reads from the text and the precision now, never a stale one."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.views.partials.inputs import DecimalInput, read_amount


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["", "1", "1.5", "1.234", "12,345.6", "1e3", "-2", "0.00000001", "abc", "1,2"]),
            st.sampled_from([None, 0, 2, 8]),
            st.sampled_from(["", "SOL", "USDC"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_reading_follows_the_text_and_the_precision(qtbot, steps):
    field = DecimalInput("Amount")
    qtbot.addWidget(field)
    for text, places, unit in steps:
        field.set_precision(places, unit)
        assert field.reading() == read_amount(field.text(), places, unit, field.maximum, field.point, field.group)
        field.setText(text)
        expected = read_amount(text, places, unit, field.maximum, field.point, field.group)
        assert field.reading() == expected and field.reading() == expected  # read again: the same
        assert field.problem() == expected.problem
