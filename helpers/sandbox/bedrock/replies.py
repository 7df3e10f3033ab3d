"""What the sandbox 'model' says: short, deterministic, plainly from the sandbox.

Same input, same output: ids come from a hash of the request, token counts from the text
(about 4 characters per token), latency is fixed.
"""
import hashlib
import json
import math

LATENCY_MS = 250
FIRST_BYTE_MS = 120
CREATED = 1795737600  # 2026-11-27T00:00:00Z, the OpenAI `created` of every sandbox completion


def tokens(text: str) -> int:
    return math.ceil(len(text) / 4) if text else 0


def digest(*parts: object) -> str:
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def request_id(*parts: object) -> str:
    h = digest("request-id", *parts)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def answer(model_name: str, prompt: str, max_tokens: int | None) -> tuple[str, str]:
    """(text, stop reason) where stop reason is "end_turn" or "max_tokens"."""
    asked = " ".join(prompt.split())
    asked = asked[:60] + ("…" if len(asked) > 60 else "")
    text = f"[sandbox] {model_name} would answer here. You asked: {asked}"
    if max_tokens is not None and tokens(text) > max_tokens:
        return text[: max(1, max_tokens * 4)], "max_tokens"
    return text, "end_turn"


def pieces(text: str, n: int = 4) -> list[str]:
    """Split `text` into about `n` stream deltas that join back to it."""
    words = text.split(" ")
    size = max(1, math.ceil(len(words) / n))
    out = []
    for i in range(0, len(words), size):
        chunk = " ".join(words[i:i + size])
        out.append(chunk if i == 0 else " " + chunk)
    return out or [""]


def embedding(text: str, dimensions: int) -> list[float]:
    """A deterministic unit-length vector for `text`."""
    values: list[float] = []
    counter = 0
    while len(values) < dimensions:
        block = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((b - 127.5) / 127.5 for b in block)
        counter += 1
    values = values[:dimensions]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 6) for v in values]
