"""How pytest-xdist shares the suite between workers (pyproject's addopts: `-n auto --dist loadfile
--no-loadscope-reorder`); nothing here changes what a test does, only where and when it runs.

`--dist loadfile` keeps each file on one worker (a notebook's nbval cells, a module's fixtures). Here
a few long files are split where their tests are independent (`scope`): each notebook's twice-run
test goes to whichever worker is free, the parameter matrix goes by row, the browser notebooks in two
halves (one JupyterLab each), and the rehearsal's two whole runs (the second follows the first) apart
from its short tests (each half starts its own outside sandbox). And the longest groups are queued
first (`LONG_FIRST`): xdist's own order (most tests first) left the rehearsal, the hub and the browser
tests, files of few but long tests, to start last (a 21-minute suite whose last five minutes ran the
rehearsal alone on one worker). `--dist loadgroup` would say the same with marks, but pytest 9's node
ids broke it (pytest-dev/pytest-xdist#1386): the marks are silently ignored.
"""
import compileall
import functools
import re
from pathlib import Path

import botocore.loaders
import botocore.session
import pytest

# Queued first, longest first (seconds each on the 2-core machine: `python -m pytest --durations=40`).
LONG_FIRST = ("rehearsal-runs", "matrix-", "browser-", "tests/ui/", "tests/hub/", "tests/test_notebooks.py",
              "tests/rehearsal/", "tests/conformance/", "notebooks/")
REHEARSAL_RUNS = ("test_rehearsal_every_notebook_passes_on_aws_and_leaves_the_account_as_it_was",
                  "test_rehearsal_a_second_run_passes_too_as_a_least_privilege_participant")
PARAMETERS = re.compile(r"\[(\d\d)(?:-(.+))?\]$")


def scope(nodeid: str) -> str:
    """The group a test runs in, on one worker, in order: its file, except in the files named here."""
    path, _, name = nodeid.partition("::")
    found = PARAMETERS.search(name)
    if path == "tests/test_notebooks.py":
        return nodeid  # each test alone: no module fixture, a kernel each
    if path == "tests/matrix/test_matrix.py" and found and found[2]:
        return f"matrix-{found[2]}"  # a row: its notebooks run together, two at a time
    if path == "tests/ui/test_course_in_browser.py" and found:
        return f"browser-{int(found[1]) % 2}"
    if path == "tests/rehearsal/test_rehearsal.py" and name in REHEARSAL_RUNS:
        return "rehearsal-runs"
    return path


def rank(nodeid: str) -> int:
    """Its place in LONG_FIRST (by scope or file), the rest after, in collection order."""
    names = (scope(nodeid), nodeid.partition("::")[0])
    return next((i for i, prefix in enumerate(LONG_FIRST) if any(n.startswith(prefix) for n in names)),
                len(LONG_FIRST))


class _Folders(list):
    """A loader's search folders: boto3.Session appends its own data folder each time it is made,
    which a loader shared by every session needs once."""

    def append(self, folder):
        if folder not in self:
            super().append(folder)


@functools.cache
def _shared_loader(search_path_string=None):
    made = botocore.loaders.create_loader(search_path_string)
    return botocore.loaders.Loader(extra_search_paths=_Folders(made.search_paths), include_default_search_paths=False)


def pytest_configure(config):
    """Every boto3 session a test makes reads botocore's data through one loader per process.

    The tests make a fresh session per principal (hundreds per worker), and each fresh session
    parsed botocore's JSON again (endpoints, partitions, each service's model and rules): 24 of the
    36 s of tests/sandbox/test_iam_authorizes_what_runs.py. The loader holds read-only data;
    credentials, tokens, events and configuration stay each session's own. Kernels are unaffected.
    """
    botocore.session.create_loader = _shared_loader


def pytest_sessionstart(session):
    """Compile the helpers' bytecode once, before any kernel starts. With PYTHONDONTWRITEBYTECODE set
    (as on the CI machine) Python never caches it, so each of the suite's ~120 kernels would compile
    helpers/ from source again (~0.13 s of CPU each); a cached .pyc is still read when present."""
    if not hasattr(session.config, "workerinput"):  # the controller, before the workers start
        compileall.compile_dir(Path(__file__).parent / "helpers", quiet=1)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: rank(item.nodeid))  # stable: each file keeps its own order


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` by `scope` instead of by file."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByScope(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope(nodeid)

    return ByScope(config, log)
