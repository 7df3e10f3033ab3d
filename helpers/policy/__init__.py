"""An IAM policy evaluator for the workbook: identity policies, SCPs, boundaries, session policies.

    from helpers.policy import evaluate, Policy
    decision = evaluate(action="bedrock:InvokeModel", resource=arn, identity_policies=[Policy(doc)])
    decision.decision, decision.reason, decision.explain()

See `evaluate` for the whole contract.
"""

from .document import Policy
from .errors import PolicyError
from .evaluate import Decision, MatchedStatement, evaluate

__all__ = ["Decision", "MatchedStatement", "Policy", "PolicyError", "evaluate"]
