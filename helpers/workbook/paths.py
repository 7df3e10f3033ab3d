"""Which model id each endpoint expects, read from the sandbox's catalog of AWS model cards
(`helpers.sandbox.bedrock.api_table()`), so a notebook derives ids from its `model` parameter and
its Region instead of naming them. Nothing starts and nothing is sent: the catalog is a file.
"""
from __future__ import annotations


def _rows() -> list[dict]:
    from helpers.sandbox.bedrock import api_table

    return api_table()


def foundation_of(model: str) -> str:
    """The foundation model behind `model`: a profile id loses its geography prefix (`us.`, `eu.`,
    `global.`...), a foundation-model ARN its Region and account part."""
    model = model.rsplit("foundation-model/", 1)[-1]
    known = {row["model"] for row in _rows() if row["endpoint"] == "bedrock-runtime"}
    if model in known:
        return model
    tail = model.split(".", 1)[-1]
    if tail in known:
        return tail
    raise ValueError(f"{model!r} is not a model or system inference profile the course's catalog knows")


def mantle_id(model: str, shape: str = "messages") -> str | None:
    """bedrock-mantle's id for `model` (a model or profile id) in API `shape`, or None where mantle
    does not serve it so."""
    name = next(row["name"] for row in _rows() if row["model"] == foundation_of(model))
    return next((row["model"] for row in _rows()
                 if row["endpoint"] == "bedrock-mantle" and row["name"] == name and row["shape"] == shape), None)


def served_by(endpoint: str, shape: str) -> list[str]:
    """Model ids `endpoint` serves in API `shape`, as that endpoint spells them, catalog order."""
    return [row["model"] for row in _rows() if row["endpoint"] == endpoint and row["shape"] == shape]


def where_served(endpoint: str, shape: str, region: str, listed: set[str], provider: str = "") -> tuple[str, str]:
    """A model `endpoint` serves in `shape` from `provider` (an id prefix such as "openai."), as that
    endpoint spells it, and the Region to call it in: `region` when `listed` (what ListFoundationModels
    returned there) has one (and, on bedrock-mantle, mantle answers there), otherwise the first Region
    the catalog lists for the last such model (the larger one, by catalog order) that can be called
    with a key: a Region AWS lists for API keys (api-keys-supported), and one of mantle's on mantle."""
    from helpers.sandbox.bedrock import CATALOG

    mantle = endpoint == "bedrock-mantle"

    def model_of(served_id: str):
        return CATALOG.mantle_model(served_id) if mantle else CATALOG.models[served_id]

    def callable_in(where: str) -> bool:
        return where in CATALOG.key_regions and (not mantle or where in CATALOG.mantle_regions)

    candidates = [m for m in served_by(endpoint, shape) if m.startswith(provider)]
    here = [m for m in candidates if model_of(m).id in listed and (not mantle or region in CATALOG.mantle_regions)]
    if here:
        return here[-1], region
    for model in reversed(candidates):
        where = next((r for r in model_of(model).on_demand_regions if callable_in(r)), None)
        if where:
            return model, where
    raise ValueError(f"the course's catalog has no {provider or 'model'} serving {shape} on {endpoint} in a Region "
                     f"that takes keys")
