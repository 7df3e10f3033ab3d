"""Notebook 00 for one row: setup says where it runs, and the profile cell lists where a call may run
with each model ARN: every destination of a geographic profile; for a global one its Region-less ARN
labelled "(any Region)", never a blank Region (FIDELITY: GetInferenceProfile for a global profile)."""


def check(run):
    region, fm = run.parameters["region"], run.choice.foundation_model
    assert f"region {region}" in run.text("setup")
    shown = run.text("profile")
    assert shown.splitlines()[0].endswith("- ACTIVE"), shown
    listed = [line.split() for line in shown.splitlines()[2:] if line.strip()]
    assert all(len(words) == 2 or words[:2] == ["(any", "Region)"] for words in listed), shown
    regional = sorted(words[0] for words in listed if not words[0].startswith("("))
    for destination in regional:
        assert f"arn:aws:bedrock:{destination}::foundation-model/{fm}" in shown
    assert ("(any Region)" in shown) == run.choice.is_global
    if run.choice.is_global:
        assert f"(any Region)   arn:aws:bedrock:::foundation-model/{fm}" in shown
        assert set(regional) <= set(run.choice.destinations)
    else:
        assert regional == sorted(run.choice.destinations), (regional, run.choice.destinations)
