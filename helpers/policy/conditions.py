"""Condition operators: parsed and checked at Policy construction, evaluated per request.

Semantics, from the IAM User Guide (condition operators; multiple keys and values; single- vs
multivalued context keys; policy variables):

- operators in a block, and keys within an operator, are ANDed; the values for one key are ORed,
  and for a negated operator (StringNotEquals, ArnNotLike, NotIpAddress, ...) the result is NOR:
  the request value must match none of them;
- a key absent from the request: false for positive operators, true for negated ones, true with
  `...IfExists`, true for `ForAllValues:`, false for `ForAnyValue:`; `Null: true` tests absence;
- `ForAllValues:` / `ForAnyValue:` apply the operator to each request value (a single value is a
  set of one); a plain operator on a multivalued request value does not match, negated or not
  (not in the User Guide; cloud-copilot/iam-simulate reports it confirmed by AWS at re:Inforce);
- policy variables are substituted only in String and Arn operator values.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .context import MISSING, as_text, as_utc
from .errors import PolicyError
from .patterns import compile_arn, compile_glob
from .variables import parse_template

ValueTest = Callable[[object, dict], bool]  # does one request value match any policy value?

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


# --- families: each turns the policy's values into a ValueTest -------------------------------


def _policy_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise PolicyError(f"condition value {value!r} must be a string, number or boolean")


def _string_equals(fold: bool) -> Callable[[list, bool], ValueTest]:
    normalize = str.casefold if fold else (lambda text: text)

    def build(values: list, substitute: bool) -> ValueTest:
        templates = [parse_template(_policy_text(v), substitute) for v in values]
        static = frozenset(normalize("".join(t for t, _ in tpl.static)) for tpl in templates if tpl.static is not None)
        dynamic = tuple(tpl for tpl in templates if tpl.static is None)

        def test(value: object, context: dict) -> bool:
            text = as_text(value)
            if text is None:
                return False
            text = normalize(text)
            if text in static:
                return True
            for template in dynamic:
                chunks = template.resolve(context)
                if chunks is not None and normalize("".join(t for t, _ in chunks)) == text:
                    return True
            return False

        return test

    return build


def _pattern_family(compile_chunks: Callable[[tuple], re.Pattern | None]) -> Callable[[list, bool], ValueTest]:
    def build(values: list, substitute: bool) -> ValueTest:
        templates = [parse_template(_policy_text(v), substitute) for v in values]
        static = tuple(p for tpl in templates if tpl.static is not None and (p := compile_chunks(tpl.static)))
        dynamic = tuple(tpl for tpl in templates if tpl.static is None)

        def test(value: object, context: dict) -> bool:
            text = as_text(value)
            if text is None:
                return False
            if any(pattern.fullmatch(text) for pattern in static):
                return True
            for template in dynamic:
                chunks = template.resolve(context)
                pattern = compile_chunks(chunks) if chunks is not None else None
                if pattern is not None and pattern.fullmatch(text):
                    return True
            return False

        return test

    return build


def _parse_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    return None


def _parse_date(value: object) -> float | None:
    """Epoch seconds from an ISO 8601 date/time, epoch seconds, or a datetime; None if neither."""
    if isinstance(value, datetime):
        return as_utc(value).timestamp()
    number = _parse_number(value)
    if number is not None:
        return number
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return as_utc(moment).timestamp()


def _ordered(parse: Callable[[object], float | None], kind: str, compare: Callable) -> Callable[[list, bool], ValueTest]:
    def build(values: list, substitute: bool) -> ValueTest:
        bounds = []
        for value in values:
            bound = parse(value)
            if bound is None:
                raise PolicyError(f"{value!r} is not a valid {kind} value")
            bounds.append(bound)

        def test(value: object, context: dict) -> bool:
            number = parse(value)
            return number is not None and any(compare(number, bound) for bound in bounds)

        return test

    return build


def _truth(value: object, what: str) -> bool:
    text = _policy_text(value).lower()
    if text not in ("true", "false"):
        raise PolicyError(f"{what} takes 'true' or 'false', not {value!r}")
    return text == "true"


def _bool(values: list, substitute: bool) -> ValueTest:
    wanted = frozenset(_truth(v, "Bool") for v in values)

    def test(value: object, context: dict) -> bool:
        if isinstance(value, bool):
            return value in wanted
        return isinstance(value, str) and value.lower() in ("true", "false") and (value.lower() == "true") in wanted

    return test


def _binary(values: list, substitute: bool) -> ValueTest:
    wanted = set()
    for value in values:
        try:
            wanted.add(base64.b64decode(_policy_text(value), validate=True))
        except binascii.Error:
            raise PolicyError(f"BinaryEquals value {value!r} is not base64") from None

    def test(value: object, context: dict) -> bool:
        if isinstance(value, (bytes, bytearray)):
            return bytes(value) in wanted
        if isinstance(value, str):
            try:
                return base64.b64decode(value, validate=True) in wanted
            except binascii.Error:
                return False
        return False

    return test


def _ip(values: list, substitute: bool) -> ValueTest:
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(_policy_text(value), strict=False))
        except ValueError:
            raise PolicyError(f"{value!r} is not an IP address or CIDR block") from None

    def test(value: object, context: dict) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value.strip())
        except ValueError:
            return False
        return any(address in network for network in networks)

    return test


_COMPARISONS = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "LessThanEquals": operator.le,
    "GreaterThan": operator.gt,
    "GreaterThanEquals": operator.ge,
}

# base operator -> (family builder, negated, takes policy variables)
_OPERATORS: dict[str, tuple[Callable[[list, bool], ValueTest], bool, bool]] = {
    "StringEquals": (_string_equals(fold=False), False, True),
    "StringNotEquals": (_string_equals(fold=False), True, True),
    "StringEqualsIgnoreCase": (_string_equals(fold=True), False, True),
    "StringNotEqualsIgnoreCase": (_string_equals(fold=True), True, True),
    "StringLike": (_pattern_family(compile_glob), False, True),
    "StringNotLike": (_pattern_family(compile_glob), True, True),
    "ArnEquals": (_pattern_family(compile_arn), False, True),
    "ArnLike": (_pattern_family(compile_arn), False, True),
    "ArnNotEquals": (_pattern_family(compile_arn), True, True),
    "ArnNotLike": (_pattern_family(compile_arn), True, True),
    "Bool": (_bool, False, False),
    "BinaryEquals": (_binary, False, False),
    "IpAddress": (_ip, False, False),
    "NotIpAddress": (_ip, True, False),
}
for _family, _parse in (("Numeric", _parse_number), ("Date", _parse_date)):
    for _name, _compare in _COMPARISONS.items():
        _OPERATORS[_family + _name] = (_ordered(_parse, _family.lower(), _compare), False, False)
    _OPERATORS[_family + "NotEquals"] = (_ordered(_parse, _family.lower(), operator.eq), True, False)

_SET_PREFIXES = ("ForAllValues:", "ForAnyValue:")


# --- one condition: operator + key + values ----------------------------------------------------


@dataclass(frozen=True)
class Condition:
    operator: str  # as written in the policy
    key: str  # lower-cased
    test: ValueTest | None  # None for Null
    negated: bool
    if_exists: bool
    set_operator: str | None  # "ForAllValues" | "ForAnyValue" | None
    null_wanted: frozenset[bool] = frozenset()  # for Null: which "key is absent" answers match

    def holds(self, context: dict) -> bool:
        value = context.get(self.key, MISSING)
        if self.test is None:
            return (value is MISSING) in self.null_wanted
        if value is MISSING:
            if self.if_exists or self.set_operator == "ForAllValues":
                return True
            return self.negated and self.set_operator is None
        if self.set_operator is None:
            return not isinstance(value, tuple) and self.test(value, context) != self.negated
        values = value if isinstance(value, tuple) else (value,)
        results = (self.test(v, context) != self.negated for v in values)
        return all(results) if self.set_operator == "ForAllValues" else any(results)


def parse_condition_block(block: object, substitute: bool) -> tuple[Condition, ...]:
    """The statement's Condition element, every operator and value checked now rather than per request."""
    if not isinstance(block, dict):
        raise PolicyError("Condition must be an object mapping operators to {key: values}")
    conditions = []
    for name, keys in block.items():
        if not isinstance(keys, dict) or not keys:
            raise PolicyError(f"condition operator {name!r} must map to a non-empty object of keys and values")
        for key, values in keys.items():
            conditions.append(_parse_condition(name, key, values, substitute))
    return tuple(conditions)


def _parse_condition(name: str, key: object, values: object, substitute: bool) -> Condition:
    if not isinstance(key, str) or not key:
        raise PolicyError(f"condition key {key!r} under {name!r} must be a non-empty string")
    values = values if isinstance(values, list) else [values]
    if not values:
        raise PolicyError(f"condition key {key!r} under {name!r} has no values")
    set_operator, base = None, name
    for prefix in _SET_PREFIXES:
        if name.startswith(prefix):
            set_operator, base = prefix[:-1], name[len(prefix) :]
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    if base == "Null":
        if if_exists or set_operator:
            raise PolicyError(f"{name!r}: Null takes neither IfExists nor ForAllValues/ForAnyValue")
        wanted = frozenset(_truth(v, "Null") for v in values)
        return Condition(name, key.lower(), None, False, False, None, wanted)
    if base not in _OPERATORS:
        raise PolicyError(f"unknown condition operator {name!r}")
    build, negated, takes_variables = _OPERATORS[base]
    try:
        test = build(values, substitute and takes_variables)
    except PolicyError as error:
        raise PolicyError(f"{name} {key!r}: {error}") from None
    return Condition(name, key.lower(), test, negated, if_exists, set_operator)

