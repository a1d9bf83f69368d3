"""Margin Desk: a desktop cross-margin workstation on a simulated Backpack-style account."""

__version__ = "0.1.0"
APP_ID = "exchange.margindesk.MarginDesk"
APP_NAME = "Margin Desk"
