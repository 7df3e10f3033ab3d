"""No key-shaped text in the repository, notebook outputs included: keys are shown masked, even sandbox ones."""
import re
import subprocess
from pathlib import Path

from aws_bedrock_token_generator import BedrockTokenGenerator
from botocore.credentials import Credentials

ROOT = Path(__file__).resolve().parents[1]
# The shapes secret scanners look for (reference sheet §2, §3), and AWS access key ids.
KEY_SHAPES = re.compile(r"ABSK[A-Za-z0-9+/]{60,}|bedrock-api-key-[A-Za-z0-9+/=]{60,}|(?:AKIA|ASIA)[A-Z0-9]{16}")
DOCUMENTED_EXAMPLES = {"AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE"}


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def key_shapes_in(text: str) -> list[str]:
    return [m for m in KEY_SHAPES.findall(text) if m not in DOCUMENTED_EXAMPLES]


def test_the_scanner_finds_real_keys():
    access_key_id = "AKIA" + "Q" * 16
    short = BedrockTokenGenerator().get_token(Credentials(access_key_id, "secret"), "us-west-2")
    assert key_shapes_in(f"key: {short}") == [short]
    assert key_shapes_in(f"id: {access_key_id}") == [access_key_id]
    long_term = "ABSK" + "QmVkcm9ja0FQSUtleS1nMjhyLWF0LTExMTEyMjIyMzMzMzo" * 3
    assert key_shapes_in(f'"ServiceCredentialSecret": "{long_term}"') == [long_term]
    assert key_shapes_in(f"masked: {short[:20]}...{short[-4:]}") == []


def test_no_tracked_file_holds_a_key():
    found = {}
    for path in tracked_files():
        if path.exists() and path.suffix not in {".png", ".jpg"}:
            hits = key_shapes_in(path.read_text(errors="ignore"))
            if hits:
                found[str(path.relative_to(ROOT))] = [h[:12] + "..." for h in hits]
    assert not found, found
