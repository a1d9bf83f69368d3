"""Loopback stand-ins for the outside services the app talks to (no test touches the internet)."""
