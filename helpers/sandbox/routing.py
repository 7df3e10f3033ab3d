"""Deterministic, controllable inference-profile routing.

At AWS a cross-Region inference profile sends each request to one of its destination Regions, chosen
by the service for capacity. The sandbox makes that choice predictable so a lesson can show what
happens when a request lands in a Region the caller's policy does not allow:

- by default the request stays in the source Region when that Region is a destination, else it goes
  to the first destination listed for the source Region;
- `route_to(region)` pins every later request to `region` (for profiles that can reach it; a pin a
  profile cannot honour is ignored for that profile); `route_to(None)` or `reset()` removes the pin;
- `route_at_random(seed)` sends each later request to one of its profile's destinations drawn by a
  generator seeded with `seed` (uniformly: AWS's choice by capacity is not modelled), so a lesson can
  show a policy that fails on some calls and not others, and the same seed draws the same sequence.
  `route_to(...)` or `reset()` ends it.
"""
import random
import threading
from typing import Sequence


class Router:
    """Chooses the destination Region of an inference-profile call. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pin: str | None = None
        self._random: random.Random | None = None

    def route_to(self, region: str | None) -> None:
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
        if pin is not None and pin in destinations:
            return pin
        if source_region in destinations:
            return source_region
        return destinations[0]
