"""Find every long-term Bedrock API key in an account, and flag the ones that never expire or are old.

    from helpers.workbook.audit import long_term_keys
    rows = long_term_keys(boto3.client("iam"), now=course.now(), older_than_days=90)
    pd.DataFrame(rows)

A long-term key is an IAM service-specific credential for `bedrock.amazonaws.com`, so the audit is
IAM calls only, with IAM credentials (iam:ListUsers, iam:ListServiceSpecificCredentials): every user,
page by page, then each user's Bedrock credentials. The listing never holds a secret; key ids are
shortened all the same, since a table like this ends up in tickets and chat. `now` is the course's
clock (`course.now()`: the sandbox's on the sandbox, real time on AWS), so age and expiry are
measured as the account sees them. Short-term keys cannot be listed: AWS stores nothing when one
is made (reference §2).
"""
from __future__ import annotations

from datetime import datetime

BEDROCK = "bedrock.amazonaws.com"


def short_id(credential_id: str) -> str:
    """`ACCA…OBMZ`: enough to tell keys apart and find one in IAM, not the whole id."""
    return f"{credential_id[:4]}…{credential_id[-4:]}" if len(credential_id) > 8 else credential_id


def long_term_keys(iam, now: datetime, older_than_days: int = 90, service: str = BEDROCK) -> list[dict]:
    """One row per long-term key of every IAM user: who, which, state, dates, age and the two flags.

    `no expiry`: made without CredentialAgeDays, so it works until someone deletes it.
    `older than N days`: made more than `older_than_days` days before `now`, expiry or not.
    """
    rows = []
    for page in iam.get_paginator("list_users").paginate():
        for user in page["Users"]:
            listed = iam.list_service_specific_credentials(UserName=user["UserName"], ServiceName=service)
            for key in listed["ServiceSpecificCredentials"]:
                age = (now - key["CreateDate"]).days
                rows.append({
                    "user": user["UserName"],
                    "key": short_id(key["ServiceSpecificCredentialId"]),
                    "status": key["Status"],
                    "created": key["CreateDate"].strftime("%Y-%m-%d"),
                    "expires": key["ExpirationDate"].strftime("%Y-%m-%d") if key.get("ExpirationDate") else "never",
                    "age (days)": age,
                    "no expiry": "ExpirationDate" not in key,
                    f"older than {older_than_days} days": age > older_than_days,
                })
    return rows
