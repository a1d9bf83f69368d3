"""How figures and events read: one place for money, percentages, quantities and event sentences."""
