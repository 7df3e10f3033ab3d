"""Exercises of notebook 05: One key, many APIs."""
from __future__ import annotations

from . import exercise, unanswered


# job -> (API shape it needs, endpoint it must use or None, model name as api_table() names it)
_JOBS = {
    "gpt-5.4": ("responses", None, "GPT-5.4"),
    "gpt-oss-chat": ("chat-completions", "bedrock-runtime", "gpt-oss-120b"),
    "haiku-count": ("count-tokens", None, "Claude Haiku 4.5"),
}


@exercise("05-pick-a-path", hint="Look the model up in api_table(): each row gives an endpoint, an API shape, "
          "the path and the model id that endpoint expects (mantle's ids have no version suffix).")
def _(answer):
    from helpers.sandbox.bedrock import api_table  # the catalog only: nothing starts, nothing is sent

    missing = unanswered(answer, _JOBS, '{"gpt-5.4": (endpoint, path, model id), ...}')
    if missing:
        return missing
    rows = api_table()
    for job, (shape, endpoint, name) in _JOBS.items():
        try:
            given_endpoint, path, model = (str(part).strip() for part in answer[job])
        except (TypeError, ValueError):
            return f"{job}: give a tuple (endpoint, path, model id)."
        given_endpoint = "bedrock-mantle" if "mantle" in given_endpoint else (
            "bedrock-runtime" if "runtime" in given_endpoint else given_endpoint)
        if endpoint and given_endpoint != endpoint:
            return f"{job}: the job says {endpoint}, not {given_endpoint}."
        fits = [r for r in rows if r["name"] == name and r["shape"] == shape]
        on_endpoint = [r for r in fits if r["endpoint"] == given_endpoint]
        if not on_endpoint:
            return f"{job}: {given_endpoint} does not serve {name} in the {shape} shape."
        if model not in {r["model"] for r in on_endpoint}:
            return f"{job}: {given_endpoint} does not know {name} as {model!r}."
        if path not in {r["path"] for r in on_endpoint}:
            other = {r["shape"] for r in rows if r["endpoint"] == given_endpoint and r["path"] == path}
            if other:
                return f"{job}: {path} is the {', '.join(sorted(other))} path; the job needs {shape}."
            return f"{job}: {name}'s {shape} path on {given_endpoint} is not {path!r}."
    return None


_KEY_USE = {"bedrock:callwithbearertoken", "bedrock-mantle:callwithbearertoken"}


@exercise("05-deny-every-key", hint="Key use is its own action on each endpoint's IAM prefix: "
          "bedrock:CallWithBearerToken and bedrock-mantle:CallWithBearerToken. Deny exactly those, nothing wider.")
def _(answer):
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return 'give a set of action names, e.g. {"bedrock:...", ...}.'
    given = {str(action).strip().lower() for action in answer}
    wide = sorted(a for a in given if "*" in a)
    if wide:
        return f"{', '.join(wide)} denies far more than key use (every call with IAM credentials too)."
    missing = _KEY_USE - given
    if "bedrock-mantle:callwithbearertoken" in missing:
        return "a key still reaches bedrock-mantle: its key use is authorized under the bedrock-mantle prefix."
    if missing:
        return "a key still reaches bedrock-runtime and the control plane: deny bedrock:CallWithBearerToken."
    extra = sorted(given - _KEY_USE)
    if extra:
        return f"{', '.join(extra)} is not key use: the task is to stop keys, not other calls."
    return None
