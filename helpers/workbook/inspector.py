"""The key inspector: paste a key, see its type, Region, expiry and principal. Nothing is sent anywhere.

The widget is a thin view over `keys.inspect_key`; `render()` (the HTML it shows) is tested without
a browser. The input is a password field, so a pasted key is not shown on a projector.
"""
from __future__ import annotations

import html

from .keys import inspect_key

PLACEHOLDER = "<i>Paste a key above. It is decoded here, in this kernel; nothing is sent anywhere.</i>"


def render(text: str) -> str:
    """The inspector's answer for `text`, as an HTML table."""
    if not text.strip():
        return PLACEHOLDER
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(what)}</th>"
                   f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
                   for what, value in inspect_key(text).rows())
    return f"<table class='key-inspector'>{rows}</table>"


def key_inspector():
    """A widget: a password field for the key, and the decoded facts below it."""
    import ipywidgets as widgets

    field = widgets.Password(placeholder="bedrock-api-key-… or ABSK…", description="Key:",
                             layout=widgets.Layout(width="95%"))
    answer = widgets.HTML(PLACEHOLDER)
    field.observe(lambda change: setattr(answer, "value", render(change["new"])), names="value")
    box = widgets.VBox([field, answer])
    box.field, box.answer = field, answer  # for tests and the browser check
    return box
