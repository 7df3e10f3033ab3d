"""Exercises of notebook 10: Onto your own account."""
from __future__ import annotations

from . import exercise, unanswered

ACCOUNT, REGION, PREFIX, NOTEBOOKS = "123456789012", "eu-central-1", "p07", {"02", "03"}
_PARAMETERS = ("target", "region", "model", "prefix")  # helpers.workbook.run.PARAMETERS
_SECRET_SHAPES = ("ABSK", "bedrock-api-key-", "AKIA", "ASIA")


def _read_command(argv: list[str]) -> tuple[set[str], dict[str, str], str | None]:
    """The runner's command line, read as `python -m helpers.workbook.run` reads it:
    (notebooks, parameters, account to confirm). Raises ValueError for what it would refuse."""
    notebooks, parameters, account = set(), {}, None
    words = iter(argv)
    for word in words:
        if word in ("-p", "--parameter"):
            name, value = next(words, None), next(words, None)
            if value is None:
                raise ValueError("-p takes two words: a parameter's name and its value.")
            parameters[name] = value
        elif word == "--target":
            parameters["target"] = next(words, "")
        elif word == "--confirm-account":
            account = next(words, None)
        elif word in ("--out", "--timeout"):
            next(words, None)
        elif word.startswith("-"):
            raise ValueError(f"the runner has no option {word!r}.")
        else:
            notebooks.add(word.split("/")[-1][:2])
    return notebooks, parameters, account


def _profiles_from(region: str) -> set[str]:
    from helpers.sandbox.bedrock import CATALOG

    return {p.id for p in CATALOG.profiles.values() if region in p.source_regions}


@exercise("10-runner-command", hint="python -m helpers.workbook.run takes the notebooks' numbers, "
          "--target aws, --confirm-account <id>, and -p NAME VALUE for region, model and prefix. The "
          "default model is a US profile: eu-central-1 serves the eu. and global. profiles.")
def _(answer):
    if not isinstance(answer, (list, tuple)) or not all(isinstance(w, str) for w in answer):
        return "give the command's words as a list of strings, e.g. ['02', '--target', 'aws', ...]."
    if any(w.startswith(_SECRET_SHAPES) for w in answer):
        return "a key or access key id is never on the command line: papermill writes parameters into its copy."
    try:
        notebooks, parameters, account = _read_command(list(answer))
    except ValueError as error:
        return str(error)
    unknown = sorted(set(parameters) - set(_PARAMETERS))
    if unknown:
        return f"{unknown} is not a notebook parameter: they are {', '.join(_PARAMETERS)}."
    if notebooks != NOTEBOOKS:
        return f"run notebooks {sorted(NOTEBOOKS)}, not {sorted(notebooks) or 'every notebook'}."
    if parameters.get("target") != "aws":
        return "the run goes to your account: target aws."
    if account != ACCOUNT:
        return "without --confirm-account (or WORKBOOK_CONFIRM_ACCOUNT) each notebook stops at setup."
    if parameters.get("region") != REGION or parameters.get("prefix") != PREFIX:
        return "region and prefix are parameters too: -p region ..., -p prefix ...."
    if parameters.get("model") not in _profiles_from(REGION):
        return (f"model {parameters.get('model', 'left at its default')!r} is not an inference profile "
                f"you can call from {REGION}.")
    return _refused_by_setup(parameters)


def _refused_by_setup(parameters: dict[str, str]) -> str | None:
    """What each notebook's setup would say of these parameters (a model past its end of life...)."""
    from ..course import COURSE_DATE
    from ..parameters import ParameterError, check

    for notebook in sorted(NOTEBOOKS):
        try:
            check(parameters["region"], parameters["model"], parameters["prefix"], notebook, today=COURSE_DATE)
        except ParameterError as error:
            return f"notebook {notebook}'s setup would stop: {error}"
    return None


DOCUMENTED_OR_OPEN = {
    "bearer-needs-call-with-bearer-token": "documented",
    "two-long-term-keys-per-user": "documented",
    "x-api-key-alone-on-converse": "open",
    "alias-suffix-form": "open",
}


@exercise("10-documented-or-open", hint="AWS's pages state the permission a key needs and the two-keys "
          "limit. The answer of the native paths to x-api-key alone, and the exact form of "
          "ServiceCredentialAlias, are marked [open]: workshop/known-gaps.md.")
def _(answer):
    missing = unanswered(answer, DOCUMENTED_OR_OPEN, "{'two-long-term-keys-per-user': 'documented', ...}")
    if missing:
        return missing
    extra = sorted(set(answer) - set(DOCUMENTED_OR_OPEN))
    if extra:
        return f"{extra} is not one of the points."
    odd = {k: v for k, v in answer.items() if v not in ("documented", "open")}
    if odd:
        return f"answer each with 'documented' or 'open', not {odd}."
    wrong = [k for k, right in DOCUMENTED_OR_OPEN.items() if answer[k] != right]
    return f"look again at {wrong}." if wrong else None
