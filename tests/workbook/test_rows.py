"""rows.py: the notebooks' two reshapes (group, pivot) give what pandas gave, in the same order."""
from helpers.workbook.rows import grouped, pivot

APIS = [{"name": "Haiku", "endpoint": "runtime", "model": "h-v1:0", "shape": "invoke"},
        {"name": "Haiku", "endpoint": "runtime", "model": "h-v1:0", "shape": "converse"},
        {"name": "Haiku", "endpoint": "mantle", "model": "h", "shape": "messages"},
        {"name": "Nova", "endpoint": "runtime", "model": "n-v1:0", "shape": "invoke"},
        {"name": "Haiku", "endpoint": "mantle", "model": "h", "shape": "count-tokens"}]


def test_grouped_keeps_first_appearance_and_joins_in_order():
    assert grouped(APIS, by=["name", "endpoint", "model"], joined="shape") == [
        {"name": "Haiku", "endpoint": "runtime", "model": "h-v1:0", "shape": "invoke, converse"},
        {"name": "Haiku", "endpoint": "mantle", "model": "h", "shape": "messages, count-tokens"},
        {"name": "Nova", "endpoint": "runtime", "model": "n-v1:0", "shape": "invoke"}]


def test_pivot_sorts_rows_keeps_columns_in_order_and_fills_gaps():
    paths = [{"shape": s, "endpoint": e, "path": p} for s, e, p in [
        ("responses", "mantle", "/v1/responses"), ("invoke", "runtime", "/model/{id}/invoke"),
        ("responses", "mantle", "/openai/v1/responses"), ("invoke", "runtime", "/model/{id}/invoke")]]
    assert pivot(paths, index="shape", columns="endpoint", values="path") == [
        {"shape": "invoke", "mantle": "", "runtime": "/model/{id}/invoke"},
        {"shape": "responses", "mantle": "/openai/v1/responses, /v1/responses", "runtime": ""}]
    assert [list(r) for r in pivot(paths, "shape", "endpoint", "path")] == [["shape", "mantle", "runtime"]] * 2


def test_pivot_on_several_columns_names_each_by_its_values():
    grid = [{"model": m, "region": r, "key": k, "operation": o, "evaluator": f"{m}{r}{k}{o}"}
            for m in ("b", "a") for r in ("west", "east") for k in ("SHORT", "LONG") for o in ("C", "CS")]
    turned = pivot(grid, index=["model", "region"], columns=["key", "operation"], values="evaluator")
    assert [(r["model"], r["region"]) for r in turned] == [("a", "east"), ("a", "west"), ("b", "east"), ("b", "west")]
    assert list(turned[0]) == ["model", "region", "SHORT C", "SHORT CS", "LONG C", "LONG CS"]
    assert turned[0]["LONG CS"] == "aeastLONGCS"
