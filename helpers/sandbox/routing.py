"""Deterministic, controllable inference-profile routing.

At AWS a cross-Region inference profile sends each request to one of its destination Regions, chosen
by the service for capacity. The sandbox makes that choice predictable so a lesson can show what
happens when a request lands in a Region the caller's policy does not allow:

- by default the request stays in the source Region when that Region is a destination, else it goes
  to the first destination listed for the source Region;
- `route_to(region, source_region=..., profile=...)` pins every later request to `region`. A pin that
  `profile` (or, with none named, every profile offered in `source_region`) cannot honour raises
  `UnreachablePin` at once; a call through a profile that cannot reach the pinned Region is refused
  (400, naming the profile's destinations) rather than silently sent elsewhere. `route_to(None)` or
  `reset()` removes the pin;
- `route_at_random(seed)` sends each later request to one of its profile's destinations drawn by a
  generator seeded with `seed` (uniformly: AWS's choice by capacity is not modelled), so a lesson can
  show a policy that fails on some calls and not others, and the same seed draws the same sequence.
  `route_to(...)` or `reset()` ends it.
"""
import random
import threading
from typing import Sequence

from .bedrock.catalog import CATALOG
from .errors import validation


class UnreachablePin(ValueError):
    """A Region to pin that the named profile, or every profile offered in the source Region, cannot reach."""


def pinned_elsewhere(pin: str, profile_id: str, source_region: str, destinations: Sequence[str]) -> str:
    return (f"The sandbox's routing is pinned to {pin}, which is not a destination of {profile_id} called from "
            f"{source_region} (its destinations: {', '.join(destinations)}). Pin one of those, or pin None "
            f"(`course.pin_routing(None)`) for the default routing.")


def _check_reachable(region: str, source_region: str, profile: str | None) -> None:
    if not region:
        raise UnreachablePin("Cannot pin routing to a blank Region: the Region-less model ARN a global profile "
                             "lists (arn:aws:bedrock:::foundation-model/...) stands for any commercial Region, not "
                             "one to pin. Pin a Region, e.g. the source Region.")
    named = CATALOG.profile(profile) if profile else None
    if named is not None:
        reachable = named.destinations(source_region)
        why = f"{named.id} called from {source_region} routes only to {', '.join(reachable) or 'no Region'}"
    else:
        reachable = sorted({d for p in CATALOG.profiles_in(source_region) for d in p.destinations(source_region)})
        why = f"no inference profile offered in {source_region} routes there"
    if region not in reachable:
        raise UnreachablePin(f"Cannot pin routing to {region}: {why}.")


class Router:
    """Chooses the destination Region of an inference-profile call. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pin: str | None = None
        self._random: random.Random | None = None

    def route_to(self, region: str | None, source_region: str | None = None, profile: str | None = None) -> None:
        """Pin later profile calls to `region`. With `source_region`, refuse at once (UnreachablePin) a
        Region that `profile` (an id or ARN), or when None any profile offered there, cannot reach."""
        if region is not None and source_region is not None:
            _check_reachable(region, source_region, profile)
        with self._lock:
            self._pin = region
            self._random = None

    def route_at_random(self, seed: int) -> None:
        with self._lock:
            self._pin = None
            self._random = random.Random(seed)

    def reset(self) -> None:
        self.route_to(None)

    @property
    def pinned(self) -> str | None:
        with self._lock:
            return self._pin

    def destination(self, profile_id: str, source_region: str, destinations: Sequence[str]) -> str:
        if not destinations:
            raise ValueError(f"inference profile {profile_id} has no destination Regions")
        with self._lock:
            if self._random is not None:
                return self._random.choice(list(destinations))
        pin = self.pinned
        if pin is not None:
            if pin not in destinations:
                raise validation(pinned_elsewhere(pin, profile_id, source_region, destinations))
            return pin
        if source_region in destinations:
            return source_region
        return destinations[0]
