"""Tooltips that wrap: Qt shows a plain-text tooltip on one line (1,450 px for the Maintenance Margin
definition); rich text wraps at about 80 characters. ``tip`` makes long text rich, escaped."""

from __future__ import annotations

from html import escape

WRAP_FROM = 60  # characters: shorter tips stay plain and fit on a line anyway


def tip(text: str) -> str:
    if not text or len(text) < WRAP_FROM or text.lstrip().startswith("<"):
        return text
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"
