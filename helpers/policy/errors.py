"""The one error a malformed policy raises."""


class PolicyError(ValueError):
    """A policy document that IAM would refuse; the message names the problem and where it is."""
