"""Table-driven tests for the IAM policy evaluator in ``helpers.policy``.

The expectations in the ``cases_*`` modules are derived from the AWS IAM User Guide (and the
project's reference sheet), not from the evaluator's code. Each case names the page it comes from.
"""
