"""The time-window probes sign with botocore's signer at a shifted clock, and nothing else changes."""
from datetime import datetime, timedelta, timezone

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers.sandbox.conformance.signing import signed_headers

CREDENTIALS = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
URL, BODY, FORM = "https://sts.us-east-1.amazonaws.com/", b"Action=GetCallerIdentity&Version=2011-06-15", {
    "Content-Type": "application/x-www-form-urlencoded"}


def test_the_stamp_is_shifted_and_the_signature_is_botocores_at_that_stamp():
    shifted = signed_headers(CREDENTIALS, "sts", "us-east-1", "POST", URL, BODY, FORM, timedelta(minutes=-20))
    stamp = datetime.strptime(shifted["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert timedelta(minutes=19) < datetime.now(timezone.utc) - stamp < timedelta(minutes=21)
    assert f"/{stamp:%Y%m%d}/us-east-1/sts/aws4_request" in shifted["Authorization"]
    # botocore, signing at that instant, gives the same signature: only the time differs from a normal call.
    request = AWSRequest(method="POST", url=URL, data=BODY, headers=FORM)
    request.context["timestamp"] = shifted["X-Amz-Date"]
    auth = SigV4Auth(CREDENTIALS, "sts", "us-east-1")
    auth._modify_request_before_signing(request)
    expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    assert shifted["Authorization"].endswith(f"Signature={expected}")


def test_no_shift_signs_now():
    now = signed_headers(CREDENTIALS, "sts", "us-east-1", "POST", URL, BODY, FORM)
    stamp = datetime.strptime(now["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - stamp) < timedelta(minutes=1)
