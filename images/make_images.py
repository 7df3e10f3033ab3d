"""Draw the course's figures as SVG: run `python images/make_images.py` after editing this file.

Plain SVG written by hand-sized primitives, so CI needs no drawing tool and the figures diff well.
Each figure is a function returning SVG text; `main()` writes them beside this script.
"""
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONT = "font-family='Helvetica, Arial, sans-serif'"
MONO = "font-family='Menlo, Consolas, monospace'"
INK, MUTED, LINE = "#1f2933", "#52606d", "#9aa5b1"
BLUE, GREEN, ORANGE, RED, GREY = "#dbeafe", "#dcfce7", "#ffedd5", "#fee2e2", "#f1f5f9"
ARROW_DEFS = (
    "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
    f"orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='{INK}'/></marker></defs>")


def svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}'>"
            f"<title>{escape(title)}</title>{ARROW_DEFS}"
            f"<rect width='{width}' height='{height}' fill='white'/>" + "".join(body) + "</svg>\n")


def box(x, y, w, h, fill, lines, bold_first=True, size=14, mono=False):
    out = [f"<rect x='{x}' y='{y}' width='{w}' height='{h}' rx='8' fill='{fill}' stroke='{LINE}'/>"]
    top = y + h / 2 - (len(lines) - 1) * (size + 4) / 2 + size / 3
    for i, line in enumerate(lines):
        weight = "bold" if bold_first and i == 0 else "normal"
        out.append(text(x + w / 2, top + i * (size + 4), line, size=size, weight=weight,
                        anchor="middle", mono=mono and i > 0))
    return "".join(out)


def text(x, y, s, size=14, weight="normal", anchor="start", color=INK, mono=False):
    return (f"<text x='{x}' y='{y:.0f}' {MONO if mono else FONT} font-size='{size}' font-weight='{weight}' "
            f"text-anchor='{anchor}' fill='{color}'>{escape(s)}</text>")


def arrow(x1, y1, x2, y2, label="", color=INK, dashed=False, label_dy=-6):
    dash = " stroke-dasharray='6 4'" if dashed else ""
    out = (f"<line x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='{color}' stroke-width='2'{dash} "
           "marker-end='url(#arrow)'/>")
    if label:
        out += text((x1 + x2) / 2, (y1 + y2) / 2 + label_dy, label, size=12, anchor="middle", color=MUTED)
    return out


def cross(x, y, r=9):
    return (f"<line x1='{x-r}' y1='{y-r}' x2='{x+r}' y2='{y+r}' stroke='#b91c1c' stroke-width='3'/>"
            f"<line x1='{x-r}' y1='{y+r}' x2='{x+r}' y2='{y-r}' stroke='#b91c1c' stroke-width='3'/>")


def high_level() -> str:
    """Who calls what with which credential (notebook 01)."""
    b = heading("Two ways to authenticate to Amazon Bedrock",
                "Either way IAM policy decides; only SigV4 credentials reach other services.")
    b.append(box(20, 80, 200, 60, GREY, ["IAM user", "long-term identity"]))
    b.append(box(20, 205, 200, 60, GREY, ["IAM role session", "temporary (STS AssumeRole)"]))
    b.append(box(300, 70, 240, 50, BLUE, ["Access key + SigV4", "any AWS API"]))
    b.append(box(300, 140, 240, 50, ORANGE, ["Long-term API key (ABSK…)", "IAM service-specific credential"]))
    b.append(box(300, 210, 240, 50, BLUE, ["Temporary credentials + SigV4", "any AWS API"]))
    b.append(box(300, 310, 240, 50, GREEN, ["Short-term API key", "bedrock-api-key-…, ≤ 12 h, 1 Region"]))
    b += [arrow(220, 100, 298, 95), arrow(220, 120, 298, 160),
          text(232, 165, "IAM", size=12, color=MUTED), text(232, 179, "creates it", size=12, color=MUTED),
          arrow(220, 235, 298, 235), arrow(420, 262, 420, 308),
          text(410, 280, "signed on your machine from", size=12, color=MUTED, anchor="end"),
          text(410, 294, "SigV4 credentials (token generator)", size=12, color=MUTED, anchor="end"),
          # an IAM user's access key signs a short-term key too, not only a role session
          f"<polyline points='20,125 10,125 10,345 298,345' fill='none' stroke='{INK}' stroke-width='2' "
          "stroke-dasharray='2 4' marker-end='url(#arrow)'/>",
          text(20, 338, "or from an IAM user's access key", size=12, color=MUTED)]
    b.append(box(660, 62, 220, 168, GREEN,
                 ["Amazon Bedrock", "bedrock (control plane)", "bedrock-runtime",
                  "bedrock-mantle (own IAM", "prefix: bedrock-mantle:)", "Authorization: Bearer <key>"], size=13))
    b.append(box(660, 250, 220, 80, GREY, ["IAM, STS, S3, DynamoDB, …", "SigV4 only:", "an API key is refused"]))
    b += [arrow(540, 95, 658, 110), arrow(540, 165, 658, 150), arrow(540, 235, 658, 185),
          arrow(540, 335, 658, 215), arrow(540, 100, 658, 265, dashed=True), arrow(540, 240, 658, 285, dashed=True),
          text(575, 92, "SigV4", size=12, color=MUTED), text(612, 146, "Bearer", size=12, color=MUTED),
          text(575, 224, "SigV4", size=12, color=MUTED), text(548, 318, "Bearer", size=12, color=MUTED),
          text(660, 350, "Not with a key: Agents, Agents Runtime,", size=12, color=MUTED),
          text(660, 366, "Data Automation, bidirectional streaming", size=12, color=MUTED)]
    b.append(box(20, 385, 860, 50, "#fefce8",
                 ["Every call, with either credential, is authorized by IAM policy",
                  "a key needs CallWithBearerToken (bedrock: or bedrock-mantle:) and the action "
                  "(e.g. bedrock:InvokeModel) on the resource"],
                 size=13))
    return svg(900, 450, b, "Who calls Bedrock with which credential")


def key_strip(y, parts, caption_y_offset=44) -> list[str]:
    """A key drawn as coloured segments: parts = [(label, width, fill, caption)]."""
    out, x = [], 20
    for label, width, fill, caption in parts:
        out.append(f"<rect x='{x}' y='{y}' width='{width}' height='34' fill='{fill}' stroke='{LINE}'/>")
        out.append(text(x + width / 2, y + 22, label, size=13, anchor="middle", mono=True))
        for i, line in enumerate(caption.split("\n")):
            out.append(text(x + width / 2, y + caption_y_offset + i * 16, line, size=12,
                            anchor="middle", color=MUTED))
        x += width
    return out


def heading(title: str, subtitle: str) -> list[str]:
    return [text(20, 30, title, size=18, weight="bold"), text(20, 52, subtitle, size=13, color=MUTED)]


def encoded_key(title: str, subtitle: str, prefix: str, prefix_width: int, fill: str, caption: str) -> list[str]:
    """A key's figure top: heading, the key as prefix + base64( … ), an arrow down to what it decodes to."""
    return (heading(title, subtitle)
            + key_strip(72, [(prefix, prefix_width, GREY, "fixed prefix"),
                             ("base64( … )", 860 - prefix_width, fill, caption)])
            + [arrow(450, 126, 450, 150)])


def short_term_anatomy() -> str:
    b = encoded_key("A short-term key is a presigned SigV4 URL, base64-encoded",
                    "Made on your machine by aws-bedrock-token-generator: no call to AWS, no CloudTrail event.",
                    "bedrock-api-key-", 170, GREEN, "decode it: the URL below")
    rows = [
        ("bedrock.amazonaws.com/?Action=CallWithBearerToken", "the one action it stands for", GREY),
        ("X-Amz-Algorithm=AWS4-HMAC-SHA256", "SigV4", GREY),
        ("X-Amz-Credential=ASIA…/20261201/us-west-2/bedrock/aws4_request", "key id / date / REGION / service", ORANGE),
        ("X-Amz-Date=20261201T120000Z", "when it was made (the maker's clock)", BLUE),
        ("X-Amz-Expires=43200", "lifetime in seconds: at most 12 h", BLUE),
        ("X-Amz-SignedHeaders=host", "only the host is signed", GREY),
        ("X-Amz-Security-Token=IQoJ…", "session token: only for temporary credentials", ORANGE),
        ("X-Amz-Signature=…", "HMAC with the maker's secret key: the proof", RED),
        ("Version=1", "appended after signing", GREY),
    ]
    y = 156
    for value, meaning, fill in rows:
        b.append(f"<rect x='20' y='{y}' width='520' height='26' fill='{fill}' stroke='{LINE}'/>")
        b.append(text(30, y + 18, value, size=12, mono=True))
        b.append(text(556, y + 18, meaning, size=13, color=MUTED))
        y += 30
    b.append(text(20, y + 20, "Bound to one Region; valid for the shorter of its X-Amz-Expires and the maker's session; "
                  "carries the maker's permissions.", size=13))
    return svg(900, y + 36, b, "Anatomy of a short-term Bedrock API key")


def long_term_anatomy() -> str:
    b = encoded_key("A long-term key is an IAM service-specific credential",
                    "IAM creates it for one IAM user (CreateServiceSpecificCredential); it is shown once.",
                    "ABSK", 80, ORANGE, "decode it (a third-party reading): alias, colon, secret")
    b += key_strip(156, [("wb-key-user-at-111122223333", 330, BLUE,
                          "ServiceCredentialAlias: <user>-at-<account>\n(AWS documents a suffix too: open)"),
                         (":", 30, GREY, ""),
                         ("<secret>", 500, RED, "the secret IAM checks; the whole ABSK… key\nis ServiceCredentialSecret, returned once")])
    b.append(text(20, 256, "Not in the key: its expiry and status. IAM keeps them (CredentialAgeDays at creation, "
                  "Active/Inactive), so IAM can", size=13))
    b.append(text(20, 276, "deactivate, reset or delete the key at once. At most two per user, "
                  "so you can rotate without a gap.", size=13))
    return svg(900, 296, b, "Anatomy of a long-term Bedrock API key")


def profile_call_authorization() -> str:
    """One call to a cross-Region inference profile, authorized twice (notebook 06)."""
    b = heading("One profile call, authorized twice",
                "Calling an inference profile is checked on the profile where you call it, "
                "and on the model where the call lands.")
    b.append(box(20, 80, 190, 90, GREY, ["Caller", "a key or SigV4", "Converse / InvokeModel",
                                         "modelId = the profile"], size=13))
    b.append(box(260, 70, 620, 110, BLUE,
                 ["Check 1, in the source Region (the endpoint you call, e.g. us-west-2)",
                  "bedrock:InvokeModel on the inference profile:",
                  "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.<model-id>",
                  "(and bedrock:CallWithBearerToken when a key is used)"], size=13))
    b += [arrow(210, 125, 258, 125)]
    b += [text(20, 236, "The profile routes the call", size=13, color=MUTED),
          text(20, 254, "to ONE of its destinations:", size=13, color=MUTED)]
    regions = ["us-east-1", "us-east-2", "us-west-2", "…"]
    for i, region in enumerate(regions):
        x = 270 + i * 152
        b.append(box(x, 222, 136, 36, GREEN if region != "…" else GREY, [region], size=13))
        b.append(arrow(570, 182, x + 68, 220))
    b.append(box(260, 282, 620, 110, ORANGE,
                 ["Check 2, in the Region it lands in (e.g. us-east-2)",
                  "bedrock:InvokeModel on that Region's foundation model (no account in the ARN):",
                  "arn:aws:bedrock:us-east-2::foundation-model/<model-id>",
                  "bedrock:InferenceProfileArn = the profile's ARN; SCPs see aws:RequestedRegion = us-east-2"],
                 size=13))
    b += [arrow(490, 258, 490, 280)]
    b.append(box(20, 282, 190, 110, GREY, ["Global profiles", "global.<model-id>",
                                           "also need the ARN with", "no Region:",
                                           "arn:aws:bedrock:::", "foundation-model/<id>"], size=12))
    b.append(box(20, 412, 860, 66, "#fefce8",
                 ["Both checks must allow: allow the profile, and the model in EVERY destination Region",
                  "AWS: if an SCP blocks one destination, requests fail although the others stay allowed "
                  "(inference-profiles-support).",
                  "Open: an identity policy that omits one destination: every call, or only calls routed there?"],
                 size=13))
    b.append(text(20, 498, "Regions and ids are examples: a profile's destinations come from "
                  "GetInferenceProfile (its models' ARNs).", size=12, color=MUTED))
    return svg(900, 512, b, "One inference-profile call, authorized on the profile and on the model")


def bar(x1, x2, y, fill, label, height=26):
    """A stretch of time on a lane, labelled inside."""
    return (f"<rect x='{x1}' y='{y}' width='{x2 - x1}' height='{height}' rx='4' fill='{fill}' stroke='{LINE}'/>"
            + text((x1 + x2) / 2, y + height / 2 + 5, label, size=12, anchor="middle"))


def step(x, y, n):
    """A numbered circle marking one action on a lane."""
    return (f"<circle cx='{x}' cy='{y}' r='10' fill='{INK}'/>"
            + text(x, y + 4, str(n), size=12, weight="bold", anchor="middle", color="white"))


def key_lifecycle_timeline() -> str:
    """Rotation, reset, deactivation, expiry and revocation on one time axis (notebook 08)."""
    b = heading("A key's life: rotate, reset, deactivate, expire, revoke",
                "Time runs left to right; lengths are not to scale (a short-term key lives at most 12 h, "
                "a long-term key days to years).")
    lanes = [("Rotation: key A", 88), ("Rotation: key B", 124), ("Reset", 180),
             ("Expiry", 236), ("Short-term keys", 292)]
    for label, y in lanes:
        b.append(text(20, y + 18, label, size=13, weight="bold"))
        b.append(f"<line x1='210' y1='{y + 13}' x2='880' y2='{y + 13}' stroke='{GREY}' stroke-width='1'/>")
    # rotation with two keys: at most two per user, so B can exist beside A
    b += [bar(210, 560, 88, GREEN, "Active (clients use A)"), bar(560, 690, 88, GREY, "Inactive"),
          cross(700, 101), bar(420, 880, 124, GREEN, "Active (clients move to B)"),
          step(420, 150, 1), step(490, 150, 2), step(560, 76, 3), step(700, 76, 4)]
    # reset: one key, new secret, the old one stops at once
    b += [bar(210, 600, 180, GREEN, "old secret"),
          bar(600, 880, 180, BLUE, "new secret: every client must update"), step(600, 168, 5)]
    # expiry set at creation
    b += [bar(210, 740, 236, GREEN, "Active until ExpirationDate (CredentialAgeDays)"),
          bar(740, 880, 236, RED, "Expired"), step(740, 224, 6)]
    # short-term keys from one role; at T, revoke the sessions issued before it
    revoke_at = 520
    for x1, x2, y in ((220, 400, 290), (330, 580, 310), (450, 650, 290), (600, 800, 310), (700, 880, 290)):
        if x1 < revoke_at < x2:
            b += [bar(x1, revoke_at, y, GREEN, "≤ 12 h", height=16), bar(revoke_at, x2, y, RED, "refused", height=16)]
        else:
            b.append(bar(x1, x2, y, GREEN, "≤ 12 h", height=16))
    b += [f"<line x1='{revoke_at}' y1='280' x2='{revoke_at}' y2='336' stroke='#b91c1c' stroke-width='2' "
          "stroke-dasharray='5 3'/>", text(revoke_at + 6, 348, "T", size=13, weight="bold", color="#b91c1c"),
          step(revoke_at - 12, 352, 7)]
    notes = [
        "1  Create key B beside A (IAM allows two keys per user).   2  Move every client to B.",
        "3  Deactivate A: refused from then on, and reversible (set it Active again if something broke).   4  Delete A.",
        "5  Reset: a new secret for the same key; the old secret stops at once, so it is not a gap-free rotation.",
        "6  Expiry: IAM sets the key Expired at the ExpirationDate chosen at creation; no AWS call needed.",
        "7  Revoke short-term keys at T: deny the role's sessions issued before T (aws:TokenIssueTime); keys made",
        "    from them are refused from T on (red), keys from sessions after T work. Or deny CallWithBearerToken to the role.",
    ]
    for i, line in enumerate(notes):
        b.append(text(20, 392 + i * 20, line, size=13))
    b.append(text(20, 392 + len(notes) * 20 + 8, "Sources: api-keys-modify, api-keys-revoke (Bedrock User Guide); "
                  "IAM's service-specific credential APIs.", size=12, color=MUTED))
    return svg(900, 392 + len(notes) * 20 + 24, b, "Rotation, reset, expiry and revocation of Bedrock API keys")


FIGURES = {"api-keys-high-level.svg": high_level, "short-term-key-anatomy.svg": short_term_anatomy,
           "long-term-key-anatomy.svg": long_term_anatomy,
           "profile-call-authorization.svg": profile_call_authorization,
           "key-lifecycle-timeline.svg": key_lifecycle_timeline}


def main() -> None:
    for name, draw in FIGURES.items():
        (HERE / name).write_text(draw())
        print(f"wrote images/{name}")


if __name__ == "__main__":
    main()
