"""The pinned environment (requirements.txt) is the one generated from requirements.in, and Binder
builds it on the Python version it was generated for. A trainer installs exactly what was tested."""
import re
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

TOP = Path(__file__).resolve().parents[1]
COMMAND = re.compile(r"^#\s+uv pip compile requirements\.in .*--python-version (\d+\.\d+)", re.M)


def _lines(path: Path) -> list[str]:
    """Requirement lines: comments and continuation comments dropped, `-e .` kept."""
    return [line.split(" #")[0].strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _pins() -> dict[str, list[Requirement]]:
    pins: dict[str, list[Requirement]] = {}
    for line in _lines(TOP / "requirements.txt"):
        if line != "-e .":
            requirement = Requirement(line)
            pins.setdefault(requirement.name.lower().replace("_", "-"), []).append(requirement)
    return pins


def test_every_line_of_the_lock_is_an_exact_pin():
    loose = [line for line in _lines(TOP / "requirements.txt")
             if line != "-e ." and not re.match(r"^[A-Za-z0-9_.\-\[\],]+==[^=;\s]+( ;.*)?$", line)]
    assert not loose, f"requirements.txt must pin exact versions; these do not: {loose}"
    assert "-e ." in _lines(TOP / "requirements.txt"), "the lock must still install the workbook itself"


def test_the_lock_satisfies_every_bound_of_its_input():
    pins = _pins()
    for line in _lines(TOP / "requirements.in"):
        if line == "-e .":
            continue
        wanted = Requirement(line)
        name = wanted.name.lower().replace("_", "-")
        assert name in pins, f"{wanted.name} is in requirements.in but not in the lock: regenerate it"
        for pin in pins[name]:
            version = str(pin.specifier).removeprefix("==")
            assert wanted.specifier.contains(version, prereleases=True), (
                f"the lock pins {wanted.name}=={version}, outside requirements.in's {wanted.specifier}: regenerate it")


def test_binder_builds_the_python_the_lock_was_made_for():
    made_for = COMMAND.search((TOP / "requirements.txt").read_text())
    assert made_for, "requirements.txt's header must keep the uv command that generated it"
    runtime = (TOP / "runtime.txt").read_text().strip()
    assert runtime == f"python-{made_for.group(1)}", (
        f"runtime.txt says {runtime}; the lock was generated for Python {made_for.group(1)}")
    weekly = (TOP / ".github/workflows/weekly-latest.yml").read_text()
    assert f'python-version: "{made_for.group(1)}"' in weekly, "the weekly job must test the lock's Python too"


def test_the_lock_pins_one_version_per_package_and_platform():
    for name, requirements in _pins().items():
        markers = [str(r.marker) if r.marker else "" for r in requirements]
        assert len(markers) == len(set(markers)), f"{name} is pinned twice under the same marker"
        if len(requirements) > 1:
            assert all(r.marker for r in requirements), f"{name}: one pin has no marker beside others that do"
            assert all(isinstance(r.marker, Marker) for r in requirements)
