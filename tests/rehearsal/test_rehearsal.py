"""Live rehearsal: every notebook on target "aws", in kernels whose environment is a sandbox's exports.

AWS cannot be reached from CI, so the sandbox plays the AWS account: `python -m helpers.sandbox` runs
as its own process and the notebooks' kernels get only its printed `unset`/`export` lines (plus the
account confirmation), as a learner's shell would. Nothing in a kernel tells it apart from AWS: the
`aws` target's whole path runs (confirmation, preflight with the policy simulator, waits, clean-up).
The account is snapshotted (users, roles, customer-managed policies, access keys, long-term keys,
policies attached, by name) before and after each run, with a neighbour's things in it that must
survive. Runs go through the papermill runner, as CI runs them. The second run is a workshop
participant's: IAM user `rehearsal` with only `workshop/policies/participant-policy.json`, the same
prefix, so it shows both that a run can follow another and that the least-privilege policy is enough.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.workbook import cleanup
from tests.outside_sandbox import admin_client, outside_sandbox
from tests.workbook.test_cleanup import make_everything

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ACCOUNT = "111122223333"
NEIGHBOUR = "p99"  # another participant sharing the account
PARTICIPANT = "rehearsal"  # the prefix of every run here, and the participant's user name
POLICY = ROOT / "workshop" / "policies" / "participant-policy.json"
SETTLE = "0.01"
MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"


@pytest.fixture(scope="module")
def account():
    """A sandbox started outside the kernels, and the environment its exports give a shell."""
    with outside_sandbox() as env:
        env["WORKBOOK_CONFIRM_ACCOUNT"] = ACCOUNT
        env["WORKBOOK_IAM_SETTLE_SECONDS"] = SETTLE  # the settle path runs; the sandbox needs no real wait
        iam = iam_client(env)
        make_neighbour(iam)
        env["PARTICIPANT_ENV"] = json.dumps(participant(iam))
        yield env


def iam_client(env):
    return admin_client(env, "iam")


def make_neighbour(iam):
    """Another participant's user (keys, policies), role and customer managed policy."""
    make_everything(NEIGHBOUR, iam)


def participant(iam) -> dict:
    """IAM user `rehearsal` with only the participant policy; its credentials, for a kernel's environment."""
    arn = iam.create_policy(PolicyName="workshop-participant", PolicyDocument=POLICY.read_text())["Policy"]["Arn"]
    iam.create_user(UserName=PARTICIPANT)
    iam.attach_user_policy(UserName=PARTICIPANT, PolicyArn=arn)
    key = iam.create_access_key(UserName=PARTICIPANT)["AccessKey"]
    return {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}


def as_participant(env) -> dict:
    return {**env, **json.loads(env["PARTICIPANT_ENV"])}


def snapshot(env):
    """Everything in the account, by name: users with their keys and policies, roles, customer policies
    with their versions and holders (the clean-up's plan for every name)."""
    return cleanup.inventory(iam_client(env))


def run(env, *args, out: Path):
    """The runner, as CI calls it, in the environment of the exports."""
    return subprocess.run([sys.executable, "-m", "helpers.workbook.run", *args, "--out", str(out)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)


def removed_by_clean_up(out: Path) -> dict[str, int]:
    """Per notebook, how many users/roles/policies its clean-up cell removed (what the run created)."""
    counts = {}
    for path in sorted(out.glob("[0-9][0-9]-*.ipynb")):
        last = nbformat.read(path, as_version=4).cells[-1]
        text = "".join(o.get("text", "") for o in last.outputs)
        found = re.search(r"Removed: (.*)", text)
        counts[path.stem] = len(found.group(1).split(", ")) if found else 0
    return counts


def rehearse(env, out: Path, kernel_env=None):
    before = snapshot(env)
    result = run(kernel_env or env, "--target", "aws", "-p", "prefix", PARTICIPANT, out=out)
    summary = json.loads((out / "summary.json").read_text())
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert [n["notebook"] for n in summary["notebooks"]] == [p.stem for p in NOTEBOOKS]
    assert all(n["status"] == "passed" for n in summary["notebooks"])
    for path in out.glob("[0-9][0-9]-*.ipynb"):
        text = path.read_text()
        assert "Target: AWS. Account 111122223333" in text, f"{path.name} did not run on target aws"
        assert f"each IAM change made with boto3 here waits {SETTLE} s" in text, f"{path.name}: no settle wait"
    assert snapshot(env) == before, "a notebook left something in the account"
    print(f"\nrehearsal: {len(summary['notebooks'])} notebooks, {sum(n['seconds'] for n in summary['notebooks']):.1f} s;"
          f" removed by clean-up: {removed_by_clean_up(out)}")
    return summary


@pytest.fixture(scope="module")
def first_run(account, tmp_path_factory):
    return rehearse(account, tmp_path_factory.mktemp("first"))


def test_rehearsal_every_notebook_passes_on_aws_and_leaves_the_account_as_it_was(account, first_run):
    assert len(first_run["notebooks"]) == len(NOTEBOOKS)
    assert any(name.startswith(NEIGHBOUR) for _, _, name, _ in snapshot(account)), "the neighbour's things are kept"


def test_rehearsal_a_second_run_passes_too_as_a_least_privilege_participant(account, first_run, tmp_path):
    rehearse(account, tmp_path, kernel_env=as_participant(account))  # same prefix and account, after the first run
    text = (tmp_path / "02-long-term-keys.ipynb").read_text()
    assert f"allowed for arn:aws:iam::{ACCOUNT}:user/{PARTICIPANT} (IAM policy simulator)" in text


def interrupted_02(folder: Path) -> Path:
    """Notebook 02's first steps (its user, policy and a long-term key), then a failure: a run cut short."""
    from nbformat.v4 import new_code_cell, new_notebook

    cells = [new_code_cell(f'target = "aws"\nregion = "us-west-2"\nmodel = "{MODEL}"\nprefix = "rehearsal"'),
             new_code_cell('from helpers import workbook\ncourse = workbook.setup(target, region, prefix, notebook="02", '
                           'model=model)'),
             new_code_cell('import boto3\niam = boto3.client("iam")\nuser = course.name("key-user")\n'
                           'iam.create_user(UserName=user)\niam.attach_user_policy(UserName=user, '
                           'PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")\n'
                           'iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")'),
             new_code_cell('raise RuntimeError("the run stops here, before its clean-up cell")')]
    cells[0].metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
              "language_info": {"name": "python"}}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells, metadata=kernel), folder / "02-interrupted.ipynb")
    return folder / "02-interrupted.ipynb"


def test_rehearsal_an_interrupted_run_is_cleaned_by_the_command_and_a_rerun_starts_clean(account, tmp_path):
    before = snapshot(account)
    broken = run(account, str(interrupted_02(tmp_path / "nb")), "--target", "aws", out=tmp_path / "broken")
    assert broken.returncode == 1
    left = [(action, kind, of or name) for action, kind, name, of in snapshot(account) if (action, kind, name, of) not in before]
    assert left == [("delete", "long-term key", "rehearsal-key-user"), ("detach", "attached policy", "rehearsal-key-user"),
                    ("delete", "user", "rehearsal-key-user")]

    rerun = run(account, "02", "--target", "aws", "-p", "prefix", "rehearsal", out=tmp_path / "rerun")
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    rerun_copy = nbformat.read(tmp_path / "rerun" / "02-long-term-keys.ipynb", 4)
    setup = "".join(o.get("text", "") for c in rerun_copy.cells if "workbook.setup(" in c.source for o in c.outputs)
    assert "Left by an earlier run, removed so this run starts clean: user rehearsal-key-user" in setup
    assert snapshot(account) == before

    run(account, str(interrupted_02(tmp_path / "nb")), "--target", "aws", out=tmp_path / "b2")
    command = subprocess.run([sys.executable, "-m", "helpers.workbook.cleanup", "--prefix", "rehearsal", "--yes"],
                             env=account, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert command.returncode == 0, command.stderr
    assert "Will delete 1 item(s) named rehearsal-…, in 3 step(s):" in command.stdout
    assert "  - delete user rehearsal-key-user" in command.stdout
    assert snapshot(account) == before


def test_rehearsal_parameters_setup_would_refuse_stop_the_run_before_anything_is_made(account, tmp_path):
    before = snapshot(account)
    refused = run(account, "02", "--target", "aws", "-p", "prefix", "rehearsal", "-p", "model", "no-such-model",
                  out=tmp_path / "refused")
    assert refused.returncode == 2 and "Model 'no-such-model' is neither a model id nor an inference profile" \
        in refused.stderr
    assert snapshot(account) == before and not (tmp_path / "refused" / "02-long-term-keys.ipynb").exists()


def test_rehearsal_a_third_key_fails_with_the_workbook_hint_under_the_traceback(account, tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook

    before = snapshot(account)
    cells = [new_code_cell(f'target = "aws"\nregion = "us-west-2"\nmodel = "{MODEL}"\nprefix = "hint"'),
             new_code_cell('from helpers import workbook\ncourse = workbook.setup(target, region, prefix, notebook="02", model=model)'),
             new_code_cell('import boto3\niam = boto3.client("iam")\niam.create_user(UserName=course.name("key-user"))\n'
                           'for _ in range(3):\n    iam.create_service_specific_credential(UserName=course.name("key-user"), '
                           'ServiceName="bedrock.amazonaws.com")')]
    cells[0].metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
              "language_info": {"name": "python"}}
    nbformat.write(new_notebook(cells=cells, metadata=kernel), tmp_path / "third-key.ipynb")
    result = run(account, str(tmp_path / "third-key.ipynb"), out=tmp_path / "out")
    assert result.returncode == 1
    assert "LimitExceededException" in (tmp_path / "out" / "summary.md").read_text()
    errors = [o for c in nbformat.read(tmp_path / "out" / "third-key.ipynb", 4).cells for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert "Workbook hint: User hint-key-user already has two long-term keys" in errors[0].traceback[-1]
    subprocess.run([sys.executable, "-m", "helpers.workbook.cleanup", "--prefix", "hint", "--yes"],
                   env=account, cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert snapshot(account) == before
