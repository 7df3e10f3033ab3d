"""Notebook 09's text, checked against one executed parameter row (see tests/matrix).

`check(run)` reads the text outputs of the cells 09 tags (`run.text(tag)`) and asserts what the
notebook's prose says of them, whatever Region and model the row passed.
"""
import re

ANSWER = re.compile(r"^(.*?): (allowed|refused|not sent)(.*)$")
SCP_REFUSAL = "with an explicit deny in a service control policy"


def answers(text: str) -> dict[str, str]:
    """Lines `label: allowed…` / `label: refused…` (wrapped continuation lines joined) as {label: answer}."""
    found, label = {}, None
    for line in text.splitlines():
        match = ANSWER.match(line)
        if match:
            label = match[1]
            found[label] = match[2] + match[3]
        elif line.startswith("    ") and label:
            found[label] += " " + line.strip()
    return found


def refused_by_an_scp(answer: str) -> bool:
    """Refused, in AWS's documented SCP wording, ending with the SCP's ARN (the sandbox carries it)."""
    flat = answer.replace(" ", "")
    return answer.startswith("refused") and SCP_REFUSAL.replace(" ", "") in flat \
        and ":arn:aws:organizations::" in flat and "/service_control_policy/p-" in flat


def check(run):
    keys = [f"{kind} key on {endpoint}" for kind in ("long-term", "short-term")
            for endpoint in ("bedrock-runtime", "bedrock-mantle")]

    before = answers(run.text("try-keys-before"))
    assert all(before[k] == "allowed: 200" for k in keys), before  # "Four times allowed"

    no_keys = answers(run.text("deny-all-keys"))
    assert refused_by_an_scp(no_keys["new long-term key"]), no_keys
    assert all(refused_by_an_scp(no_keys[k]) for k in keys), no_keys  # "Every key call is refused"
    assert no_keys["SigV4 Converse"] == "allowed: 200"  # "The SCP refuses keys, not Bedrock"

    long_term_off = answers(run.text("deny-long-term"))
    assert all(refused_by_an_scp(long_term_off[k]) for k in keys if k.startswith("long-term")), long_term_off
    assert all(long_term_off[k] == "allowed: 200" for k in keys if k.startswith("short-term")), long_term_off

    ages = ("{'CredentialAgeDays': 90}", "{'CredentialAgeDays': 30}", "{'CredentialAgeDays': 29}",
            "no CredentialAgeDays")
    cap = answers(run.text("cap-30"))
    assert [refused_by_an_scp(cap[a]) for a in ages] == [True, True, False, False], cap
    assert cap[ages[2]] == cap[ages[3]] == "allowed: 200"
    both = answers(run.text("cap-30-and-null"))
    assert [refused_by_an_scp(both[a]) for a in ages] == [True, True, False, True], both

    audit = [line.split() for line in run.text("audit").splitlines()[2:]]
    assert len(audit) == 3, audit  # the key user's expired key, the team user's two
    by_user = {}
    for row in audit:
        by_user.setdefault(row[0], []).append(row)
    assert [r[2] for r in by_user[run.parameters.get("prefix", "wb") + "-key-user"]] == ["Expired"]
    team = by_user[run.parameters.get("prefix", "wb") + "-team-user"]
    assert sorted(r[4] for r in team)[-1] == "never" and sum(r[6] == "True" for r in team) == 1  # one never expires
    flagged = [line.split()[0] for line in run.text("flagged").splitlines()[2:]]
    assert flagged == [run.parameters.get("prefix", "wb") + "-team-user"] * 2, flagged
