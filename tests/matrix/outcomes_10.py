"""Notebook 10 for one row: the Region on AWS's list for keys, notebook 01's needs filled in for the
row, nothing missing for the sandbox's administrator, the live run of 01 through its preflight and
clean-up under `<prefix>-live`, and nothing left for the clean-up command."""


def check(run):
    region, prefix, model = run.parameters["region"], run.parameters["prefix"], run.parameters["model"]
    live = f"{prefix}-live"
    assert f"{region} is on AWS's list of Regions for API keys: True" in run.text("key-regions")
    needs = run.text("needs")
    assert f"IAM user {live}-no-bearer" in needs
    assert f"arn:aws:iam::111122223333:user/{live}-no-bearer" in needs
    assert f"with aws:RequestedRegion={region}" in needs
    if run.choice.is_profile:
        assert f"arn:aws:bedrock:{region}:111122223333:inference-profile/{model}" in needs
    assert "missing: 0 of" in run.text("simulated")
    ran = run.text("live-run")
    assert ran.startswith("Target: AWS.") and f"region {region}" in ran
    assert "confirmed by WORKBOOK_CONFIRM_ACCOUNT" in ran
    assert f"This run creates: IAM user {live}-no-bearer" in ran
    assert f"clean-up: Removed: user {live}-no-bearer" in ran
    assert "runner exit status: 0" in ran
    assert f"nothing is named {live}-" in run.text("cleanup-command")
