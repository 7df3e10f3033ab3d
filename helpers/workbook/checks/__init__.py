"""Offline exercise checkers: `check(exercise, answer)` prints ✅, or ❌ with what is wrong and a hint.

Each exercise is a function that returns what is wrong with an answer (None when it is right),
registered with its hint under the name the notebook passes to `check`. The answers are values
(a string, a set, a boto3 response, a key); checking them needs no network. An answer left as
`...` is reported as not answered yet.

Each notebook's exercises live in their own module (`nb04` for notebook 04), so a notebook and its
checkers change together. Add one to its notebook's module:

    @exercise("04-converse", hint="Converse takes modelId=, messages=[...] ...")
    def _(answer):
        if ...: return "what is wrong, in one sentence"
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Exercise:
    problem: Callable[[object], str | None]
    hint: str


EXERCISES: dict[str, Exercise] = {}


def exercise(name: str, hint: str):
    def register(problem):
        EXERCISES[name] = Exercise(problem, hint)
        return problem
    return register


def check(name: str, answer) -> None:
    """Print whether `answer` solves exercise `name`: ✅, or ❌ with what is wrong and a hint."""
    if answer is ...:
        print("… Not answered yet: replace the `...` with your answer and run the cell again.")
        return
    wrong = problem(name, answer)
    print("✅ Correct." if wrong is None else f"❌ Not yet: {wrong}\n   Hint: {EXERCISES[name].hint}")


def passes(name: str, answer) -> bool:
    """Whether `answer` solves exercise `name` (for scripts and tests; prints nothing)."""
    return answer is not ... and problem(name, answer) is None


def problem(name: str, answer) -> str | None:
    """What is wrong with `answer` to exercise `name`, or None."""
    try:
        return EXERCISES[name].problem(answer)
    except Exception as error:  # a malformed answer is a wrong answer, not a crash
        return f"the checker could not read your answer ({type(error).__name__}: {error})"


def unanswered(answer, parts, example: str) -> str | None:
    """What is missing from a dict answer with one entry per part (entries left as `...`), or None."""
    if not isinstance(answer, dict):
        return f"give a dict: {example}."
    missing = [part for part in parts if answer.get(part, ...) is ...]
    return f"no answer yet for {', '.join(missing)}." if missing else None


from . import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10  # noqa: E402,F401  registers every exercise
