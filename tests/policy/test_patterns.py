"""IAM wildcards match as a plain glob does, and an adversarial glob cannot make matching backtrack."""
import fnmatch
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.policy.patterns import compile_any_glob, compile_arn, compile_glob

ALPHABET = "ab:/*?"


def reference(pattern: str, text: str) -> bool:
    """The glob's meaning, by the textbook translation (exponential, fine for short inputs)."""
    source = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(source, text, re.DOTALL) is not None


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=8), st.text("ab:/", max_size=10))
def test_a_glob_matches_exactly_what_the_textbook_glob_matches(pattern, text):
    assert (compile_glob(((pattern, True),)).fullmatch(text) is not None) == reference(pattern, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=6), min_size=1, max_size=3), st.text("ab:/", max_size=10))
def test_any_of_several_globs(patterns, text):
    expected = any(reference(p, text) for p in patterns)
    assert (compile_any_glob([((p, True),) for p in patterns]).fullmatch(text) is not None) == expected


def arn_reference(pattern: str, text: str) -> bool:
    parts, values = pattern.split(":", 5), text.split(":", 5)
    if len(parts) < 6 or len(values) < 6:
        return False
    return all(reference(p, v) and (i == 5 or ":" not in v) for i, (p, v) in enumerate(zip(parts, values)))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text("ab*?", max_size=4), min_size=6, max_size=6), st.lists(st.text("ab:", max_size=4), min_size=6, max_size=6))
def test_arn_patterns_match_segment_by_segment(segments, values):
    pattern, text = ":".join(segments), ":".join(values)
    expected = arn_reference(pattern, text)
    assert (compile_arn(((pattern, True),)).fullmatch(text) is not None) == expected, (pattern, text)


def test_literal_chunks_do_not_wildcard():
    assert compile_glob((("a", True), ("*", False))).fullmatch("a*")
    assert not compile_glob((("a", True), ("*", False))).fullmatch("ab")
    assert compile_glob((("a?", True),)).fullmatch("ab")


def test_a_backtracking_glob_is_answered_at_once():
    """`*a*a*...*b` against a long run of `a`: exponential for a naive regex (this test would not end)."""
    evil = "arn:" + "*a" * 30 + "*b"
    assert compile_glob(((evil, True),)).fullmatch("arn:" + "a" * 5000) is None
    assert compile_arn(((("arn:aws:iam::1:" + "*a" * 30 + "*b"), True),)).fullmatch("arn:aws:iam::1:" + "a" * 5000) is None
    segment = "*a" * 30 + "*b"
    assert compile_arn(((f"arn:{segment}:iam::1:x", True),)).fullmatch("arn:" + "a" * 5000 + ":iam::1:x") is None
    assert compile_glob(((evil, True),)).fullmatch("arn:" + "a" * 5000 + "b")
