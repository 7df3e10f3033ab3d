"""The policy explorer: edit a key policy or pick a request, see IAM's decision at once, then confirm it.

    explorer = policy_explorer(course, policy, models=[...])
    explorer                      # in a notebook: the widget

Every change of the policy text or of a dropdown re-renders the evaluator's answer (`render`): the
decision, the statements that decided, and the plain-words explanation, with the AccessDenied
message AWS would send. "Confirm with a real call" (`Confirmer.confirm`) writes the policy as the
inline policy of the explorer's own IAM user (named with the course prefix, so clean-up removes it),
uses a key of the chosen type (made once: a long-term key; an access key from which short-term keys
are made per Region), pins the routing to the chosen destination (sandbox only), calls
bedrock-runtime with `requests`, and shows the answer beside the prediction. Once its user has
been removed (the notebook's clean-up) or the explorer closed (`explorer.close()`), it makes
nothing again: a click after clean-up must not leave a user behind on AWS. The logic is plain
functions, tested without a browser (`tests/workbook/test_policy_explorer.py`).
"""
from __future__ import annotations

import contextlib
import html
import io
import json
from dataclasses import dataclass
from urllib.parse import quote

from helpers.policy import PolicyError
from helpers.sandbox.bedrock.runtime import OPERATIONS

from .decide import KEY_TYPES, key_call_verdict
from .outcome import allowed, outcome

CHOICES = ("Converse", "ConverseStream")  # the operations the explorer offers; their paths: runtime's OPERATIONS
DEFAULT_ROUTE = "default"
BADGES = {"allowed": "✓ allowed", "implicitDeny": "✗ implicitDeny", "explicitDeny": "✗ explicitDeny",
          "not a policy question": "! not a policy question"}
HELLO = [{"role": "user", "content": [{"text": "Hello from the policy explorer"}]}]


@dataclass(frozen=True)
class Request:
    """The call the explorer asks about."""

    operation: str
    model: str
    region: str
    key_type: str
    destination: str | None = None  # a profile call's destination Region; None: the default


def parse(policy_text: str):
    """The policy as a dict, or raise PolicyError/ValueError with what is wrong."""
    document = json.loads(policy_text)
    if not isinstance(document, dict):
        raise ValueError("a policy is a JSON object")
    return document


def verdict_for(policy_text: str, request: Request, account: str, user: str):
    return key_call_verdict(parse(policy_text), request.operation, request.model, request.region, request.key_type,
                  account, destination=request.destination, user=user)


def render(policy_text: str, request: Request, account: str, user: str) -> str:
    """The evaluator's answer as HTML: decision, deciding statements, explanation, AWS's message."""
    try:
        verdict = verdict_for(policy_text, request, account, user)
    except (ValueError, PolicyError) as error:  # json's errors are ValueErrors
        return f"<div class='policy-decision'><b>! The policy does not parse:</b> {html.escape(str(error))}</div>"
    statements = "".join(f"<li>{html.escape(s)}</li>" for s in verdict.statements()) or "<li>none: no statement allows this request</li>"
    message = verdict.message()
    return ("<div class='policy-decision'>"
            f"<p><b>Decision: {BADGES[verdict.decision]}</b></p>"
            f"<p>Deciding statements:</p><ul>{statements}</ul>"
            f"<p>Why:</p><pre style='white-space:pre-wrap'>{html.escape(verdict.explain())}</pre>"
            + (f"<p>The refusal IAM's message format gives for it:</p><pre style='white-space:pre-wrap'>403 AccessDeniedException: "
               f"{html.escape(message)}</pre>"
               if message else "")
            + "</div>")


class Confirmer:
    """Makes the real call for a request under a policy, as the explorer's own IAM user."""

    def __init__(self, course, user: str):
        import boto3

        self.course, self.user = course, user
        self.iam = boto3.client("iam", region_name=course.region)
        self._long_term: str | None = None
        self._access_key: dict | None = None
        self.created = False  # made its user once: if that user is gone, clean-up ran
        self.closed = False

    def _ensure_user(self) -> None:
        if self.closed:
            raise Finished("the explorer was closed: run its cell again to start a new one.")
        try:
            self.iam.get_user(UserName=self.user)
        except self.iam.exceptions.NoSuchEntityException:
            if self.created:
                self.closed = True
                raise Finished(f"{self.user} was removed (clean-up ran), so nothing is made again: "
                               "run the explorer's cell again to start a new one.") from None
            self.iam.create_user(UserName=self.user)
            self.created = True

    def key(self, key_type: str, region: str) -> str:
        """A key of `key_type` for the explorer's user (a short-term one made for `region`)."""
        if key_type == "LONG_TERM":
            if self._long_term is None:
                self._make_room("long-term")
                self._long_term = self.iam.create_service_specific_credential(
                    UserName=self.user, ServiceName="bedrock.amazonaws.com", CredentialAgeDays=1,
                )["ServiceSpecificCredential"]["ServiceCredentialSecret"]
            return self._long_term
        from aws_bedrock_token_generator import provide_token
        from botocore.credentials import EnvProvider

        if self._access_key is None:
            self._make_room("access")
            self._access_key = self.iam.create_access_key(UserName=self.user)["AccessKey"]
        credentials = EnvProvider(environ={"AWS_ACCESS_KEY_ID": self._access_key["AccessKeyId"],
                                           "AWS_SECRET_ACCESS_KEY": self._access_key["SecretAccessKey"]})
        return provide_token(region=region, aws_credentials_provider=credentials)

    def _make_room(self, kind: str) -> None:
        """IAM allows a user two keys of each kind; an explorer made again (its cell re-run) needs a third:
        the user's oldest goes, as a learner rotating keys would do."""
        if kind == "access":
            keys = self.iam.list_access_keys(UserName=self.user)["AccessKeyMetadata"]
            if len(keys) >= 2:
                oldest = min(keys, key=lambda k: k["CreateDate"])
                self.iam.delete_access_key(UserName=self.user, AccessKeyId=oldest["AccessKeyId"])
        else:
            keys = self.iam.list_service_specific_credentials(
                UserName=self.user, ServiceName="bedrock.amazonaws.com")["ServiceSpecificCredentials"]
            if len(keys) >= 2:
                oldest = min(keys, key=lambda k: k["CreateDate"])
                self.iam.delete_service_specific_credential(
                    UserName=self.user, ServiceSpecificCredentialId=oldest["ServiceSpecificCredentialId"])

    def confirm(self, policy_text: str, request: Request) -> str:
        """Apply the policy, call, and say what came back, and who answered, beside what the evaluator predicted."""
        import requests

        predicted = verdict_for(policy_text, request, self.course.account, self.user)
        self._ensure_user()
        self.iam.put_user_policy(UserName=self.user, PolicyName="explorer",
                                 PolicyDocument=json.dumps(parse(policy_text)))
        key = self.key(request.key_type, request.region)
        said = io.StringIO()
        if request.destination:
            with contextlib.redirect_stdout(said):  # what the course says about pinning, shown below
                self.course.pin_routing(request.destination)
        url = (f"https://bedrock-runtime.{request.region}.amazonaws.com/model/{quote(request.model, safe='')}"
               f"/{OPERATIONS[request.operation]}")
        try:
            answer = outcome(lambda: requests.post(url, json={"messages": HELLO},
                                                   headers={"Authorization": f"Bearer {key}"}))
        finally:
            if request.destination:
                with contextlib.redirect_stdout(io.StringIO()):
                    self.course.pin_routing(None)
        agree = allowed(answer) == predicted.allowed
        return (f"{said.getvalue()}The call: {answer}\nAnswered by {answer.answered_by}.\n"
                f"The evaluator predicted: {predicted.decision} "
                f"-> {'they agree ✓' if agree else 'they DIFFER: read the answer (not every refusal is IAM’s)'}")


class Finished(Exception):
    """The explorer makes nothing more: its user was cleaned up, or it was closed."""


def policy_explorer(course, policy: dict, models, regions=None, destinations=(), user: str | None = None):
    """The widget: the policy as editable JSON, the request as dropdowns, the decision, a confirm button.

    destinations: the Regions offered in "Routed to" (the profile's, from GetInferenceProfile)."""
    import ipywidgets as widgets

    class Explorer(widgets.VBox):
        def __repr__(self):  # what a notebook saves as text/plain: a sentence, not VBox(children=...)
            return "Policy explorer: run this cell in Jupyter to see and use the widget."

        def close(self):
            """Stop the explorer: no more real calls, no more users made; the widget leaves the page."""
            confirmer.closed = True
            for child in (box_policy, operation, model, region, key_type, destination, answer, button, confirmed):
                child.close()
            super().close()

    user = user or course.name("explorer-user")
    regions = list(regions or [course.region])
    wide = widgets.Layout(width="95%")
    box_policy = widgets.Textarea(json.dumps(policy, indent=2), description="Policy:", layout=widgets.Layout(
        width="95%", height="22em"))
    operation = widgets.Dropdown(options=list(CHOICES), description="Operation:")
    model = widgets.Dropdown(options=list(models), description="Model:", layout=wide)
    region = widgets.Dropdown(options=regions, value=course.region, description="Region:")
    key_type = widgets.Dropdown(options=list(KEY_TYPES), description="Key type:")
    destination = widgets.Dropdown(options=[DEFAULT_ROUTE, *sorted(set(destinations) - {""})],
                                   description="Routed to:")
    answer = widgets.HTML()
    button = widgets.Button(description="Confirm with a real call", button_style="primary",
                            layout=widgets.Layout(width="auto"))
    confirmed = widgets.HTML()
    confirmer = Confirmer(course, user)

    def request() -> Request:
        pinned = None if destination.value == DEFAULT_ROUTE else destination.value
        return Request(operation.value, model.value, region.value, key_type.value, pinned)

    def update(_=None):
        answer.value = render(box_policy.value, request(), course.account, user)
        confirmed.value = ""

    def confirm(_=None):
        try:
            text = confirmer.confirm(box_policy.value, request())
        except Finished as finished:
            text = f"Nothing done: {finished}"
        except Exception as error:  # a policy IAM refuses to store, say: show it, keep the widget alive
            text = f"Could not confirm: {type(error).__name__}: {error}"
        confirmed.value = f"<pre class='policy-confirmed' style='white-space:pre-wrap'>{html.escape(text)}</pre>"

    for control in (box_policy, operation, model, region, key_type, destination):
        control.observe(update, names="value")
    button.on_click(confirm)
    update()
    view = Explorer([box_policy, widgets.HBox([operation, region, key_type, destination]), model,
                     answer, button, confirmed])
    view.policy, view.operation, view.model, view.region = box_policy, operation, model, region
    view.key_type, view.destination, view.answer, view.button, view.confirmed = (
        key_type, destination, answer, button, confirmed)
    return view

