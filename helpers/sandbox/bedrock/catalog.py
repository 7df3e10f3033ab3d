"""The sandbox's list of Bedrock models and system-defined inference profiles (catalog.json).

Loaded once at import. Answers: which models a Region lists, what a model or profile id (or ARN)
names, where a profile routes from a given source Region, the ARNs IAM sees, and which API shapes
each endpoint serves a model in (`api_table()`: the rows a notebook shows, each with its sources).
"""
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote


# AWS split its model lifecycle policy: models launched on or after this day follow "Model lifecycle"
# (an EOL-no-sooner-than date on each card; Legacy for 6 months or 45 days), older ones "Model
# lifecycle (Legacy)" (at least 12 months on Bedrock, Legacy at least 6 months). Reference §11.
LIFECYCLE_SPLIT = datetime(2026, 9, 7, tzinfo=timezone.utc)
LIFECYCLE_PAGES = {
    "model-lifecycle": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html",
    "model-lifecycle-legacy": "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html",
}


def fm_arn(region: str, model_id: str) -> str:
    """Foundation-model ARN: no account. `region` is "" for the Region-less ARN of global profiles."""
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def profile_arn(region: str, account: str, profile_id: str) -> str:
    return f"arn:aws:bedrock:{region}:{account}:inference-profile/{profile_id}"


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def _resource_id(identifier: str, kind: str) -> str:
    """The id in a percent-encoded id or ARN; "" for an ARN of another resource type."""
    identifier = unquote(identifier)
    if not identifier.startswith("arn:"):
        return identifier
    resource = identifier.split(":", 5)[5:]
    return resource[0][len(kind):] if resource and resource[0].startswith(kind) else ""


@dataclass(frozen=True)
class Model:
    raw: dict = field(repr=False)

    @property
    def id(self) -> str:
        return self.raw["modelId"]

    @property
    def name(self) -> str:
        return self.raw["modelName"]

    @property
    def provider(self) -> str:
        return self.raw["providerName"]

    @property
    def family(self) -> str:
        return self.raw["family"]

    @property
    def streaming(self) -> bool:
        return self.raw["responseStreamingSupported"]

    @property
    def max_output_tokens(self) -> int:
        return self.raw.get("maxOutputTokens", 4096)

    @property
    def on_demand_regions(self) -> tuple[str, ...]:
        return tuple(self.raw["onDemandRegions"])

    @property
    def start_of_life(self) -> datetime:
        return _time(self.raw["modelLifecycle"]["startOfLifeTime"])

    @property
    def end_of_life(self) -> datetime | None:
        """The announced end of life (`modelLifecycle.endOfLifeTime`), None while none is announced."""
        return _time(self.raw["modelLifecycle"].get("endOfLifeTime"))

    @property
    def end_of_life_no_sooner_than(self) -> datetime | None:
        """The model card's "EOL no sooner than" date, where the card gives one (not an announcement)."""
        return _time(self.raw.get("endOfLifeNoSoonerThan"))

    @property
    def lifecycle_policy(self) -> str:
        """Which of AWS's two lifecycle policies governs the model (a key of LIFECYCLE_PAGES)."""
        return "model-lifecycle" if self.start_of_life >= LIFECYCLE_SPLIT else "model-lifecycle-legacy"

    def served_after_end_of_life(self, region: str) -> bool:
        return region in self.raw.get("stillServedAfterEndOfLife", ())

    @property
    def count_tokens(self) -> bool:
        return self.raw.get("countTokens", False)

    def serves(self, endpoint: str, shape: str) -> bool:
        """Whether `endpoint` ("bedrock-runtime" | "bedrock-mantle") serves this model in API `shape`."""
        apis = self.raw["apis"].get(endpoint)
        shapes = apis["shapes"] if isinstance(apis, dict) else apis or ()
        return shape in shapes

    @property
    def mantle(self) -> dict | None:
        """{"id", "prefix", "shapes"} on bedrock-mantle, or None where mantle does not serve it."""
        return self.raw["apis"].get("bedrock-mantle")


@dataclass(frozen=True)
class Profile:
    raw: dict = field(repr=False)

    @property
    def id(self) -> str:
        return self.raw["inferenceProfileId"]

    @property
    def model_id(self) -> str:
        return self.raw["modelId"]

    @property
    def is_global(self) -> bool:
        return self.raw.get("scope") == "global"

    @property
    def source_regions(self) -> tuple[str, ...]:
        return tuple(self.raw["routes"])

    def destinations(self, source_region: str) -> tuple[str, ...]:
        """Destination Regions from `source_region`; empty when the profile is not offered there."""
        return tuple(self.raw["routes"].get(source_region, ()))


class Catalog:
    def __init__(self, document: dict):
        self.models: dict[str, Model] = {m["modelId"]: Model(m) for m in document["models"]}
        self.profiles: dict[str, Profile] = {p["inferenceProfileId"]: Profile(p) for p in document["profiles"]}
        self._by_mantle_id = {m.mantle["id"]: m for m in self.models.values() if m.mantle}
        self._mantle_regions = tuple(document["mantleRegions"])
        self._key_regions = tuple(document["keyRegions"])
        self._profiles_by_model: dict[str, list[Profile]] = {}
        for p in self.profiles.values():
            self._profiles_by_model.setdefault(p.model_id, []).append(p)

    @classmethod
    def load(cls) -> "Catalog":
        return cls(json.loads(Path(__file__).with_name("catalog.json").read_text(encoding="utf-8")))

    # --- lookups ---------------------------------------------------------------------------
    def model(self, identifier: str) -> Model | None:
        """A model by id or foundation-model ARN (any Region); None when unknown."""
        return self.models.get(_resource_id(identifier, "foundation-model/"))

    def profile(self, identifier: str) -> Profile | None:
        """A system-defined profile by id or inference-profile ARN; None when unknown."""
        return self.profiles.get(_resource_id(identifier, "inference-profile/"))

    def profiles_for(self, model_id: str) -> list[Profile]:
        return list(self._profiles_by_model.get(model_id, ()))

    # --- per-Region views ------------------------------------------------------------------
    def inference_types(self, model: Model, region: str) -> list[str]:
        """What ListFoundationModels says in `region`: ON_DEMAND where the bare id can be invoked,
        INFERENCE_PROFILE where the model is reached only through a profile (the value AWS returns
        for such models, outside botocore's documented enum)."""
        if region in model.on_demand_regions:
            return ["ON_DEMAND"]
        if self.reachable_by_profile(model, region):
            return ["INFERENCE_PROFILE"]
        return []

    def reachable_by_profile(self, model: Model, region: str) -> bool:
        for p in self.profiles_for(model.id):
            if region in p.source_regions or any(region in d for d in p.raw["routes"].values()):
                return True
        return False

    def listed_in(self, model: Model, region: str) -> bool:
        return bool(self.inference_types(model, region))

    def models_in(self, region: str) -> Iterator[Model]:
        return (m for m in self.models.values() if self.listed_in(m, region))

    def profiles_in(self, region: str) -> Iterator[Profile]:
        return (p for p in self.profiles.values() if region in p.source_regions)


    # --- API shapes per endpoint ---------------------------------------------------------------
    def mantle_model(self, mantle_id: str) -> Model | None:
        """The model bedrock-mantle calls `mantle_id` (its ids carry no profile prefix or -v1:0)."""
        return self._by_mantle_id.get(mantle_id)

    @property
    def mantle_regions(self) -> tuple[str, ...]:
        return self._mantle_regions

    @property
    def key_regions(self) -> tuple[str, ...]:
        """The commercial Regions AWS lists for API keys (api-keys-supported); us-east-2 is not one."""
        return self._key_regions


RUNTIME_PATHS = {
    "invoke": "/model/{id}/invoke", "converse": "/model/{id}/converse",
    "chat-completions": "/openai/v1/chat/completions", "responses": "/openai/v1/responses",
    "messages": "/anthropic/v1/messages",
}
MANTLE_PATHS = {"chat-completions": "/chat/completions", "responses": "/responses", "messages": "/messages",
                "count-tokens": "/messages/count_tokens"}


def api_table() -> list[dict]:
    """One row per model x endpoint x API shape: what answers where, with the sources behind it.

    Keys: model, name, endpoint, shape, path (model id as that endpoint spells it), sources.
    """
    rows = []
    for model in CATALOG.models.values():
        for shape in model.raw["apis"]["bedrock-runtime"]:
            rows.append({"model": model.id, "name": model.name, "endpoint": "bedrock-runtime", "shape": shape,
                         "path": RUNTIME_PATHS[shape].format(id=model.id), "sources": model.raw["apisSource"]})
        mantle = model.mantle
        for shape in (mantle or {}).get("shapes", ()):
            rows.append({"model": mantle["id"], "name": model.name, "endpoint": "bedrock-mantle", "shape": shape,
                         "path": mantle["prefix"] + MANTLE_PATHS[shape], "sources": model.raw["apisSource"]})
    return rows


CATALOG = Catalog.load()
