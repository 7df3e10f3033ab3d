"""A notebook's parameters, checked before anything is made: `check(region, model, prefix, notebook)`.

Every notebook must be right for every value it accepts, so `setup` (and the runner, once, before any
kernel starts) refuses what the course cannot teach truthfully, with one sentence that says what to
pass instead:

- the Region: one AWS lists for Bedrock API keys (`CATALOG.key_regions`, from AWS's api-keys-supported
  page); GovCloud and the other partitions are refused by name, a Region botocore does not know as
  "not an AWS Region";
- the model: the kind the notebook needs (`NEEDS`: an inference profile or not, Anthropic or not),
  a text model, offered from this Region per the course's catalog, and not past its end of life;
- the prefix: IAM's character set (ASCII), short enough that the longest name the course makes fits
  IAM's 64 characters.

`Choice` is what cells derive values from (the model behind a profile, its destination Regions...):
the course object exposes it, so no notebook hard-codes a Region or a profile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .plans import GEOGRAPHIES, PLANS

KEYS_PAGE = "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-supported.html"
NAME_LIMIT = 64  # IAM user and role names (policy names may have 128)
IAM_NAME = re.compile(r"[A-Za-z0-9+=,.@_-]+")
PARTITIONS = {"aws-us-gov": "AWS GovCloud (US), another partition (arn:aws-us-gov)",
              "aws-cn": "the AWS China Regions, another partition (arn:aws-cn)"}


class ParameterError(ValueError):
    """A parameter the course cannot run with; the message says what to pass instead."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback through the helpers
        return [f"ParameterError: {self}"]


@dataclass(frozen=True)
class ModelNeed:
    """What kind of `model` a notebook needs."""
    profile: bool = False    # an inference profile (its calls are routed; the policy names its ARN)
    anthropic: bool = False  # an Anthropic model (the Anthropic Messages API, AnthropicBedrock)
    mantle: bool = False     # served on bedrock-mantle in the Region too (the notebook calls it there)

    def __str__(self) -> str:
        if self.mantle:
            return f"{ModelNeed(self.profile, self.anthropic)} that bedrock-mantle serves in the Region"
        if self.profile:
            return "an inference profile of an Anthropic model" if self.anthropic else "an inference profile"
        return "an Anthropic model or inference profile" if self.anthropic else "a text model or inference profile"


ANY = ModelNeed()
# Per notebook: the kind of `model` it needs. A notebook's owner adjusts its own row.
NEEDS: dict[str, ModelNeed] = {
    "00": ModelNeed(profile=True),
    "04": ModelNeed(profile=True, anthropic=True, mantle=True),
    "05": ModelNeed(anthropic=True, mantle=True),
    "06": ModelNeed(profile=True, anthropic=True),
    "07": ModelNeed(profile=True, anthropic=True),
    "09": ModelNeed(profile=True, anthropic=True, mantle=True),
}


def needs_sentence() -> str:
    """Which notebooks need which kind of model, in one sentence (from `NEEDS`)."""
    groups: dict[str, list[str]] = {}
    for notebook, need in sorted(NEEDS.items()):
        groups.setdefault(str(need), []).append(notebook)
    parts = [f"{'notebook' if len(numbers) == 1 else 'notebooks'} {_and(numbers)} "
             f"need{'s' if len(numbers) == 1 else ''} {kind}" for kind, numbers in groups.items()]
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]}; the others take {ANY} offered in the Region."


@dataclass(frozen=True)
class Choice:
    """The model parameter, resolved against the course's catalog for one Region."""
    model: str                      # as passed: a profile id or a model id
    region: str
    foundation_model: str           # the model behind it (a profile's model id; else the model itself)
    provider: str                   # "Anthropic", "Amazon", "Meta", "OpenAI", ...
    is_profile: bool
    is_global: bool                 # a global. profile (also authorized on the Region-less model ARN)
    destinations: tuple[str, ...]   # where a call from `region` may run: a profile's routes, else (region,)
    offered_in: tuple[str, ...]     # the Regions it can be called from (a profile's sources, a model's on-demand)


def check(region: str, model: str | None, prefix: str, notebook: str | None = None,
          today: datetime | None = None) -> Choice | None:
    """Refuse a parameter the course cannot run with (`ParameterError`); the resolved model otherwise."""
    check_region(region)
    check_prefix(prefix)
    return None if model is None else check_model(model, region, notebook, today)


def check_region(region: str) -> None:
    from helpers.sandbox.bedrock.catalog import CATALOG

    if region in CATALOG.key_regions:
        return
    offered = "Choose one where AWS offers Bedrock API keys: " + ", ".join(sorted(CATALOG.key_regions)) + "."
    partition, bedrock = _partition_of(region)
    if partition is None:
        raise ParameterError(f"Region {region!r} is not an AWS Region. {offered}")
    if partition != "aws":
        where = PARTITIONS.get(partition, f"the {partition} partition")
        raise ParameterError(f"Region {region!r} is in {where}, which this course does not model. {offered}")
    if not bedrock:
        raise ParameterError(f"Region {region!r} does not offer Amazon Bedrock. {offered}")
    raise ParameterError(f"Region {region!r} offers Bedrock, but AWS does not list it for Bedrock API keys "
                         f"({KEYS_PAGE}). {offered}")


def _partition_of(region: str) -> tuple[str | None, bool]:
    """The partition `region` belongs to (None: no AWS Region) and whether it offers Bedrock, per
    botocore's endpoint data (STS is in every Region)."""
    import boto3

    session = boto3.session.Session()
    for partition in session.get_available_partitions():
        if region in session.get_available_regions("sts", partition):
            return partition, region in session.get_available_regions("bedrock", partition)
    return None, False


def longest_name() -> str:
    """The longest name, after the prefix, of anything the course makes (from every notebook's plan)."""
    return max((name for plan in PLANS.values() for _, name, _ in plan.makes), key=len)


def check_prefix(prefix: str) -> None:
    if not isinstance(prefix, str) or not IAM_NAME.fullmatch(prefix):
        bad = "".join(sorted(set(re.sub(r"[A-Za-z0-9+=,.@_-]", "", str(prefix))))) or "none at all"
        raise ParameterError(f"Prefix {prefix!r} cannot start IAM names: IAM takes ASCII letters, digits and "
                             f"+ = , . @ _ - only (found: {bad!r}).")
    longest = f"{prefix}-{longest_name()}"
    if len(longest) > NAME_LIMIT:
        room = NAME_LIMIT - len(longest) + len(prefix)
        raise ParameterError(f"Prefix {prefix!r} is {len(prefix)} characters: the longest name the course makes, "
                             f"{longest!r}, would have {len(longest)}, over IAM's limit of {NAME_LIMIT}. "
                             f"Use a prefix of at most {room} characters.")


def check_model(model: str, region: str, notebook: str | None = None, today: datetime | None = None) -> Choice:
    from helpers.sandbox.bedrock.catalog import CATALOG

    need = NEEDS.get(notebook or "", ANY)
    instead = _instead(region, need, notebook)
    profile = CATALOG.profile(model)
    behind = CATALOG.model(profile.model_id if profile else model)
    if behind is None or (profile is None and model.split(".")[0] in GEOGRAPHIES):
        raise ParameterError(f"Model {model!r} is neither a model id nor an inference profile id in the course's "
                             f"catalog. {instead}")
    if "TEXT" not in behind.raw.get("outputModalities", ()):
        raise ParameterError(f"Model {model!r} does not write text (the notebooks send it messages). {instead}")
    if need.anthropic and behind.provider != "Anthropic" or need.profile and profile is None:
        what = f"{'a model id' if profile is None else 'an inference profile'} ({behind.provider})"
        raise ParameterError(f"Notebook {notebook} needs {need}; {model!r} is {what}. {instead} {needs_sentence()}")
    offered = profile.source_regions if profile else behind.on_demand_regions
    if region not in offered:
        kind = "Inference profile" if profile else "Model"
        how = "is offered from" if profile else "can be called by its own id (on demand) in"
        raise ParameterError(f"{kind} {model!r} is not offered in {region}: it {how} "
                             f"{', '.join(offered) or 'no Region'}. {instead}")
    if need.mantle and region not in CATALOG.mantle_regions:
        raise ParameterError(f"Notebook {notebook} calls bedrock-mantle, which does not serve {region}; choose one "
                             f"of the Regions it serves: {', '.join(sorted(CATALOG.mantle_regions))}.")
    if need.mantle and behind.mantle is None:
        raise ParameterError(f"Notebook {notebook} also calls {model!r} on bedrock-mantle, which does not serve that "
                             f"model. {instead}")
    end = behind.end_of_life
    if end is not None and today is not None and end <= today and not behind.served_after_end_of_life(region):
        raise ParameterError(f"Model {model!r} reached its end of life on {end:%Y-%m-%d} in {region}. {instead}")
    return Choice(model=model, region=region, foundation_model=behind.id, provider=behind.provider,
                  is_profile=profile is not None, is_global=bool(profile and profile.is_global),
                  destinations=profile.destinations(region) if profile else (region,), offered_in=tuple(offered))


# Preferred suggestions, best first: the course's default model family.
_SUGGESTED_MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0"


def suggestion(region: str, need: ModelNeed = ANY) -> str | None:
    """A model or profile that suits `need` from `region` (a geographic Haiku 4.5 profile first)."""
    from helpers.sandbox.bedrock.catalog import CATALOG

    def rank(profile):
        return (profile.model_id != _SUGGESTED_MODEL, profile.is_global, profile.id)

    profiles = sorted((p for p in CATALOG.profiles_in(region)
                       if not need.anthropic or CATALOG.model(p.model_id).provider == "Anthropic"), key=rank)
    if profiles:
        return profiles[0].id
    if not need.profile:
        models = [m for m in CATALOG.models.values() if region in m.on_demand_regions and m.end_of_life is None
                  and "TEXT" in m.raw.get("outputModalities", ()) and (not need.anthropic or m.provider == "Anthropic")]
        if models:
            return models[0].id
    return None


def _instead(region: str, need: ModelNeed, notebook: str | None) -> str:
    suggested = suggestion(region, need)
    if suggested:
        return f"In {region} use, for example, {suggested}."
    who = f"notebook {notebook}" if notebook else "the course"
    return f"The course's catalog has no model that suits {who} in {region} ({need}): choose another Region."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
