"""The exercise checkers of notebooks 04 and 05: right answers pass, wrong ones say what is wrong."""
from helpers.workbook.checks import passes, problem


def test_botocore_prediction_exercise():
    right = {"a": "Bearer A", "b": "error", "c": "Bearer A", "d": "SigV4", "e": "SigV4", "f": "SigV4"}
    assert passes("04-predict-botocore", right)
    assert passes("04-predict-botocore", {k: v.lower() for k, v in right.items()})
    assert "case c" in problem("04-predict-botocore", {**right, "c": "Bearer B"})
    assert "no prediction yet for case(s) b" in problem("04-predict-botocore", {"a": "Bearer A", "b": ...})
    assert "answer with" in problem("04-predict-botocore", {**right, "d": "IAM"})
    assert not passes("04-predict-botocore", "Bearer A")
