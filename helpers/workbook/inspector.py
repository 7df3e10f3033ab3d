"""The key inspector: pick or paste a key, see its type, Region, expiry and principal. Nothing is sent anywhere.

The widget is a thin view over `keys.inspect_key`; `render()` (the HTML it shows) is tested without
a browser. The input is a password field, so a pasted key is not shown on a projector. Keys handed
to it (the notebook's own, the examples) stay in Python: the widget's synced state holds only their
labels and the masked answer, so a saved notebook carries no key.

The examples are synthetic and hold no secret: AWS's documented example access key ids
(`AKIAIOSFODNN7EXAMPLE`), the example account 111122223333, a signature of zeros. They are put
together here rather than written out, so no file holds key-shaped text.
"""
from __future__ import annotations

import base64
import html

from .keys import LONG_PREFIX, SHORT_PREFIX, inspect_key

PLACEHOLDER = "<i>Pick a key above, or paste one. It is decoded here, in this kernel; nothing is sent anywhere.</i>"
PASTE = "the key pasted below"
SAVED_TEXT = "Key inspector: run this cell in Jupyter to see the widget."


def _short_term(region: str, key_id: str, expires: int, session_token: str | None = None, signed: bool = True) -> str:
    query = ["Action=CallWithBearerToken", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
             f"X-Amz-Credential={key_id}%2F20261201%2F{region}%2Fbedrock%2Faws4_request",
             "X-Amz-Date=20261201T120000Z", f"X-Amz-Expires={expires}"]
    if session_token:
        query.append(f"X-Amz-Security-Token={session_token}")
    query.append("X-Amz-SignedHeaders=host")
    if signed:
        query.append("X-Amz-Signature=" + "0" * 64)
    url = "bedrock.amazonaws.com/?" + "&".join(query) + "&Version=1"
    return SHORT_PREFIX + base64.b64encode(url.encode()).decode()


def examples() -> dict[str, str]:
    """Synthetic keys of each kind, labelled: what each looks like to the inspector."""
    secret = "EXAMPLE" * 9 + "X"
    return {
        "example: short-term, from a role session (us-east-1, 1 h)":
            _short_term("us-east-1", "ASIA" + "IOSFODNN7EXAMPLE", 3600, session_token="EXAMPLE-SESSION-TOKEN"),
        "example: short-term, from an IAM user (eu-central-1, 12 h)":
            _short_term("eu-central-1", "AKIA" + "IOSFODNN7EXAMPLE", 43200),
        "example: long-term": LONG_PREFIX + base64.b64encode(f"example-user-at-111122223333:{secret}".encode()).decode(),
        "example: broken (no signature)": _short_term("us-west-2", "AKIA" + "IOSFODNN7EXAMPLE", 3600, signed=False),
        "example: broken (not a key)": "sk-not-a-bedrock-key",
    }


def render(text: str) -> str:
    """The inspector's answer for `text`, as an HTML table."""
    if not text.strip():
        return PLACEHOLDER
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(what)}</th>"
                   f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
                   for what, value in inspect_key(text).rows())
    return f"<table class='key-inspector'>{rows}</table>"


def key_inspector(key: str | None = None):
    """A widget: a menu of keys (`key`, if given, as "the key made above", then the examples), a
    password field to paste another, and the decoded facts below them."""
    import ipywidgets as widgets

    class Inspector(widgets.VBox):
        def __repr__(self):  # the text a saved notebook shows before the cell runs in Jupyter
            return SAVED_TEXT

    keys = {**({"the key made above": key} if key else {}), **examples(), PASTE: ""}
    pick = widgets.Dropdown(options=list(keys), description="Inspect:", layout=widgets.Layout(width="95%"))
    field = widgets.Password(placeholder="bedrock-api-key-… or ABSK…", description="Key:",
                             layout=widgets.Layout(width="95%"))
    answer = widgets.HTML(render(keys[pick.value]) if keys[pick.value] else PLACEHOLDER)

    def show_pick(change):
        answer.value = render(field.value if change["new"] == PASTE else keys[change["new"]])

    def show_pasted(change):
        if pick.value != PASTE:
            pick.value = PASTE  # shows the pasted key through show_pick
        else:
            answer.value = render(change["new"])

    pick.observe(show_pick, names="value")
    field.observe(show_pasted, names="value")
    box = Inspector([pick, field, answer])
    box.pick, box.field, box.answer = pick, field, answer  # for tests and the browser check
    return box
