"""What a call answered, in one line, as the caller received it, and who gave that answer.

    answer = outcome(lambda: runtime.converse(...))   # 'allowed: 200' or 'refused: 403 <code>: <message>'
    show_outcome(lambda: runtime.converse(...))       # prints it wrapped, with who answered, and returns it

`outcome` is the `try`/`except` a learner writes, folded into one call:

    try:
        runtime.converse(...)
        print("allowed")
    except ClientError as error:                        # boto3: status, code and message
        print("refused:", error.response["Error"]["Code"], error.response["Error"]["Message"])

boto3: a `ClientError` gives status, code and message. requests: the status and the body as it
arrived. The openai and anthropic SDKs: the status and the body their `APIStatusError` carries. It
never raises for an answer, refusal or success alike, so a notebook shows what happened.

Who answered matters in a course about security: the sandbox is not AWS. An `Answer` says
`answered_by`: "AWS" when the call went to AWS; else "the sandbox (as AWS documents: <source>)" when
an AWS page gives that answer's wording (`DOCUMENTED`, the page in `source`), or "the sandbox (its
best guess: open)" for a wording only third parties report, or none (FIDELITY.md marks these [open]).
Never print a sandbox answer as "AWS:".
"""
from __future__ import annotations

import os
import re
import textwrap

from botocore.exceptions import BotoCoreError, ClientError

WIDTH = 100  # characters per printed line: fits a 1280-px JupyterLab
IAM_MESSAGES = ("IAM access-denied messages",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html")
LIFECYCLE = ("Bedrock model lifecycle", "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html")
# Refusal wordings an AWS page documents, with the page: (pattern in the message, (name, url)).
DOCUMENTED = (
    (re.compile(r"is not authorized to perform: \S+ (on resource: \S+ )?because no [a-z-]+ policy allows"), IAM_MESSAGES),
    (re.compile(r"is not authorized to perform: \S+ (on resource: \S+ )?with an explicit deny in an? "
                r"(identity-based|service control|resource-based|session|permissions boundary) polic"), IAM_MESSAGES),
    (re.compile(r"This model version has reached the end of its life"), LIFECYCLE),
)
BEST_GUESS = "the sandbox (its best guess: open)"


class Answer(str):
    """The one-line answer (a str, so `answer.startswith("refused")` and tables work), plus who gave it."""

    status: int | str | None
    code: str
    message: str
    answered_by: str
    source: str | None  # the AWS page behind a sandbox answer's wording, when one documents it

    def __new__(cls, line: str, *, status=None, code: str = "", message: str = "", environ=os.environ):
        answer = super().__new__(cls, line)
        answer.status, answer.code, answer.message = status, code, message
        answer.answered_by, answer.source = _who(line, message, environ)
        return answer

    @property
    def allowed(self) -> bool:
        return self.startswith("allowed")

    @property
    def refused(self) -> bool:
        return self.startswith("refused")

    def explained(self, width: int = WIDTH) -> str:
        """The answer wrapped to `width`, and on its last line who answered (refusals only)."""
        if not self.refused:
            return str(self)
        head = f"refused: {self.status} {self.code}".rstrip()
        body = textwrap.wrap(self.message, width - 4, break_on_hyphens=False) or []
        said = f"answered by {self.answered_by}" + (f", {self.source}" if self.source else "")
        tail = textwrap.wrap(said, width - 4, break_on_hyphens=False)
        return "\n".join([head, *("    " + line for line in body + tail)])


def outcome(call) -> Answer:
    """Run `call()` and say what came back: 'allowed: <status>' or 'refused: <status> <code>: <message>'."""
    try:
        answer = call()
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
        details = error.response.get("Error", {})
        code, message = details.get("Code", ""), details.get("Message", "")
        return Answer(f"refused: {status} {code}: {message}", status=status, code=code, message=message)
    except BotoCoreError as error:  # refused on this side, before anything was sent
        return Answer(f"not sent: {type(error).__name__}: {error}", message=str(error))
    except Exception as error:  # the openai and anthropic SDKs: APIStatusError has the status and body
        if not hasattr(error, "status_code"):
            raise
        body = getattr(error, "body", "")
        return Answer(f"refused: {error.status_code} {body}", status=error.status_code, message=str(body))
    status = getattr(answer, "status_code", None)  # a requests.Response
    if status is not None:
        if answer.ok:
            return Answer(f"allowed: {status}", status=status)
        text = answer.text.strip()
        return Answer(f"refused: {status} {text}", status=status, message=text)
    if isinstance(answer, dict):  # a boto3 response
        status = answer.get("ResponseMetadata", {}).get("HTTPStatusCode", 200)
        return Answer(f"allowed: {status}", status=status)
    return Answer("allowed")


def show_outcome(call, width: int = WIDTH) -> Answer:
    """`outcome(call)`, printed wrapped with who answered; returns the answer."""
    answer = outcome(call)
    print(answer.explained(width))
    return answer


def allowed(answer: str) -> bool:
    return answer.startswith("allowed")


def sandbox_answers(environ=os.environ) -> bool:
    """Whether calls from this process reach the sandbox (its CA bundle and loopback proxy are set)."""
    from .live import sandbox_settings

    return sandbox_settings(environ)[1]


def _who(line: str, message: str, environ) -> tuple[str, str | None]:
    if not sandbox_answers(environ):
        return "AWS", None
    for pattern, (name, url) in DOCUMENTED:
        if pattern.search(message or line):
            return f"the sandbox (as AWS documents: {name})", url
    return BEST_GUESS, None
