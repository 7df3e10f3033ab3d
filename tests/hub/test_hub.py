"""Forty learners at once, scaled to this machine: eight learners on a real JupyterHub, each running
notebooks 00 and 07 through the server's API and the kernel websocket, as a browser does.

Each learner's sandbox lives in their own kernel: after the runs, every learner marks their own
sandbox with an IAM user at the same time, and each then finds their own mark and no one else's. The
figures (per learner: server + kernels RSS, CPU seconds, time to spawn and to the first cell; for the
hub: wall time and its whole process tree's peak RSS) are printed and written to
`out/hub-measurements.json`; `workshop/README.md`'s sizing table comes from them.

Skipped where configurable-http-proxy (npm) is missing. A trainer rehearses their own hub the day
before with the same test: `WORKBOOK_HUB_URL=https://hub.example WORKBOOK_HUB_TOKEN=<admin-scoped
token> python -m pytest tests/hub -s` (learners `course-test-1`..`-8` are made and their servers stopped).
"""
import importlib.util
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hub.hub import LocalHub, external_hub, tree_usage

LEARNERS = int(os.environ.get("WORKBOOK_HUB_LEARNERS", "8"))
NOTEBOOKS = ("notebooks/00-start-here.ipynb", "notebooks/07-denied-calls.ipynb")
OUT = Path(__file__).resolve().parents[2] / "out"

pytestmark = pytest.mark.skipif(
    external_hub() is None and (shutil.which("configurable-http-proxy") is None
                                or importlib.util.find_spec("jupyterhub") is None),
    reason="no configurable-http-proxy (npm install -g configurable-http-proxy) or jupyterhub: the hub test "
           "needs both, or WORKBOOK_HUB_URL and WORKBOOK_HUB_TOKEN for an existing hub")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    external = external_hub()
    if external is not None:
        yield external
        return
    with LocalHub(tmp_path_factory.mktemp("hub")) as local:
        yield local


MARK = ("import boto3\n"
        "boto3.client('iam').create_user(UserName='mark-{name}')\n"
        "print('ok')")
LOOK = ("import boto3, json, resource\n"
        "print(json.dumps({'users': [u['UserName'] for u in boto3.client('iam').list_users()['Users']],"
        " 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")


def learner(hub, name: str) -> dict:
    """Spawn `name` and run both notebooks; the kernels stay up, as a learner's do."""
    started = time.monotonic()
    hub.spawn(name)
    spawned = time.monotonic() - started
    server = hub.server(name)
    runs = [server.run(path) for path in NOTEBOOKS]
    return {"name": name, "server": server, "kernels": [run.kernel for run in runs], "spawn s": round(spawned, 1),
            "first cell s": round(runs[0].first_cell_seconds, 1), "cells": [run.cells for run in runs],
            "errors": [e for run in runs for e in run.errors]}


def in_parallel(work, items):
    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(work, items))


def test_eight_learners_run_the_course_at_once_each_in_their_own_sandbox(hub):
    names = [f"course-test-{i}" for i in range(1, LEARNERS + 1)]
    memory = [0.0]  # the hub's whole process tree: hub, proxy, every server, kernel and sandbox (local hub)
    started = time.monotonic()
    with ThreadPoolExecutor(LEARNERS) as pool:
        futures = [pool.submit(learner, hub, name) for name in names]
        while not all(f.done() for f in futures):
            memory.append(tree_usage(hub.pid)[0] if hub.pid else 0.0)
            time.sleep(0.5)
        results = [f.result() for f in futures]
    wall = time.monotonic() - started
    try:
        for result in results:
            assert result["errors"] == [], f"{result['name']}: {result['errors']}"
            assert all(cells > 5 for cells in result["cells"]), result
        # Isolation: each learner marks their own sandbox (in 07's kernel); then every learner looks.
        in_parallel(lambda r: r["server"].execute(r["kernels"][1], MARK.format(name=r["name"])), results)
        looks = in_parallel(lambda r: json.loads(r["server"].execute(r["kernels"][1], LOOK)), results)
        for result, look in zip(results, looks):
            marks = {u for u in look["users"] if u.startswith("mark-")}
            assert marks == {f"mark-{result['name']}"}, f"{result['name']}'s sandbox holds {sorted(marks)}"
            pid = hub.server_pid(result["name"])
            rss, cpu = tree_usage(pid) if pid else (None, None)
            result.update({"kernel peak RSS MB": round(look["rss_mb"]),
                           "server+kernels RSS MB": None if rss is None else round(rss),
                           "CPU s": None if cpu is None else round(cpu, 1)})
    finally:
        for result in results:
            hub.stop(result["name"])
    measured = {"learners": LEARNERS, "cores": os.cpu_count(), "wall s": round(wall, 1),
                "hub tree peak RSS MB": round(max(memory)) if hub.pid else None,
                "per learner": [{k: v for k, v in r.items() if k not in ("server", "kernels")} for r in results]}
    OUT.mkdir(exist_ok=True)
    (OUT / "hub-measurements.json").write_text(json.dumps(measured, indent=1) + "\n")
    print(json.dumps(measured, indent=1))
