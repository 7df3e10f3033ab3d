"""How long an AssumeRole session may last: the role's MaxSessionDuration, and one hour for role chaining.

Role chaining is assuming a role with a role session's credentials. AWS limits the new session to
one hour and refuses a longer DurationSeconds (STS API Reference, AssumeRole "DurationSeconds": "if
you assume a role using role chaining and provide a DurationSeconds parameter value greater than one
hour, the operation fails"). The refusal's wording is the one AWS's Knowledge Center quotes
("iam-role-chaining-limit"). Which refusal comes first when both limits are passed is [open]: the
chaining one here, since it holds whatever the role's setting.
"""
CHAINED_LIMIT = 3600  # seconds
CHAINED = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
OVER_MAXIMUM = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."


def duration_refusal(caller_kind: str, duration: int | None, max_session_duration: int) -> str | None:
    """IAM's ValidationError message for a `duration` (None: the default hour) the session may not have,
    asked by a caller of `caller_kind` ("user" | "assumed-role"); else None."""
    if duration is None:
        return None
    if caller_kind == "assumed-role" and duration > CHAINED_LIMIT:
        return CHAINED
    if duration > max_session_duration:
        return OVER_MAXIMUM
    return None
