"""See a notebook's widget working in real JupyterLab, driven by headless Chromium; save a screenshot.

    python tests/ui/jupyterlab_screenshot.py [notebooks/03-short-term-keys.ipynb] [--out out/ui.png]
    python tests/ui/jupyterlab_screenshot.py notebooks/07-denied-calls.ipynb --out out/ui/explorer.png

Starts `jupyter lab --no-browser` on a free port with a random token, opens the notebook in
Debian's Chromium through Playwright's Python API (never `playwright install`: it downloads a
browser), runs all cells, uses the notebook's widget and saves a PNG. Look at the PNG.
- 03, the key inspector: pastes a key into its password field and waits for the decoded table.
  The key pasted is made offline from dummy credentials.
- 07, the policy explorer: removes us-east-2 from the policy's model statement, routes the call
  there, waits for the decision, clicks "Confirm with a real call" and waits for AWS's answer.
Needs `/usr/bin/chromium` (apt-get install chromium) and `pip install playwright`;
`test_jupyterlab.py` runs this only where both exist.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
INSPECTOR_INPUT = ".jupyter-widgets input[type=password]"
INSPECTOR_TABLE = "table.key-inspector"
WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"
LAST_OUTPUT = "Removed: role"  # what notebook 03's clean-up cell prints
EXPLORER_POLICY = ".jupyter-widgets textarea"
EXPLORER_DECISION = ".policy-decision"
EXPLORER_CONFIRMED = "pre.policy-confirmed"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dummy_key() -> str:
    """A short-term key from made-up credentials (signing is offline; it authenticates nowhere)."""
    from aws_bedrock_token_generator import BedrockTokenGenerator
    from botocore.credentials import Credentials

    return BedrockTokenGenerator().get_token(Credentials("ASIA" + "EXAMPLE" * 2 + "XY", "x", "IQoJexample"),
                                             "eu-west-1")


# JupyterLab settings for the run, in a temporary directory: render every cell (by default cells
# out of view are not in the page, so the widget could not be found), ask nothing about news, and
# never autosave (the server's root is the repository: a run must not rewrite committed notebooks).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def settings_dir(root: Path) -> Path:
    for name, values in SETTINGS.items():
        path = root / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    (root / "workspaces").mkdir(exist_ok=True)
    return root


def start_lab(port: int, token: str, home: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("LAB_LOG", os.devnull), "w"))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
            return lab
        except OSError:
            time.sleep(0.5)
    lab.terminate()
    raise RuntimeError("jupyter lab did not start")


DIALOG = ".jp-Dialog"
SEEN_DIALOGS: list[str] = []  # the titles of the dialogs answered, for a failure's message


def answer_dialog(page) -> None:
    """Answer the dialog JupyterLab put up: accept it ("Select Kernel" after a slow kernel start on a
    loaded machine, "Kernel Restarting"), but never a warning such as "File Changed"'s "Overwrite",
    which would rewrite a committed notebook: that one is dismissed."""
    dialog = page.locator(DIALOG).first
    SEEN_DIALOGS.append(dialog.locator(".jp-Dialog-header").inner_text(timeout=5_000).strip())
    accept = dialog.locator("button.jp-mod-accept:not(.jp-mod-warn)")
    if accept.count():
        accept.first.click()
    else:
        page.keyboard.press("Escape")


def watch_dialogs(page) -> None:
    """Answer any dialog that appears, however late, before each click or fill: a dialog shown
    while the test waits would otherwise intercept every later click (seen in CI under load)."""
    page.add_locator_handler(page.locator(DIALOG), lambda: answer_dialog(page))


def accept_dialogs(page) -> None:
    """Answer a dialog that is up now, and wait for the kernel to be idle again."""
    if page.locator(DIALOG).count():
        answer_dialog(page)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def clear_outputs(page) -> None:
    """Edit > Clear Outputs of All Cells, after accepting any dialog (before running all again)."""
    accept_dialogs(page)
    page.get_by_role("menuitem", name="Edit", exact=True).click()
    page.locator("li[data-command='editmenu:clear-all']").click()


def run_all(page, tries: int = 3, last_output: str = LAST_OUTPUT) -> None:
    """Run > Run All Cells, until the last cell (the clean-up) has printed its line."""
    for _ in range(tries):
        accept_dialogs(page)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        if appears(page, f"text={last_output}"):
            return
        page.keyboard.press("Escape")
    raise RuntimeError("Run All Cells did not reach the notebook's last cell")


def appears(page, selector: str, seconds: float = 60) -> bool:
    """Whether `selector` is in the page within `seconds`. A dialog that comes up meanwhile (a wait is
    no action, so `watch_dialogs` does not answer it) is answered at once and the kernel awaited; if
    the run it interrupted did not finish, the caller runs again at once instead of waiting out the
    time (a "Select Kernel" dialog under load cost a minute a run)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            page.wait_for_selector(selector, state="attached", timeout=2_000)
            return True
        except Exception:
            if page.locator(DIALOG).count():
                accept_dialogs(page)
                return page.locator(selector).count() > 0
    return False


def wait_for_inspector(page, tries: int = 3, selector: str = INSPECTOR_INPUT, cell_text: str = "key_inspector("):
    """The inspector's password field (or `selector` in the cell showing `cell_text`), re-running
    its cell if it rendered as text.

    On a loaded machine the widget manager can attach to the kernel after Run All has already
    displayed the widget, which then shows its text form; running the cell again renders it.
    """
    for _ in range(tries):
        try:
            return page.wait_for_selector(selector, state="attached", timeout=20_000)
        except Exception:
            accept_dialogs(page)
            run_cell(page, cell_text)
    return None


def run_cell(page, cell_text: str) -> None:
    """Run again the last code cell showing `cell_text` (Ctrl+Enter in it)."""
    cell = page.locator(".jp-CodeCell", has_text=cell_text).last
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")


def use_inspector(page, out: Path) -> str:
    """Notebook 03: paste a key into the inspector; returns the decoded table's text."""
    field = wait_for_inspector(page)
    if field is None:
        page.screenshot(path=str(out.with_name(out.stem + "-failed.png")))  # what went wrong
        raise RuntimeError("the key inspector did not render as a widget")
    field.scroll_into_view_if_needed()
    field.fill(dummy_key())
    # The inspector opens on the notebook's own key; wait for the pasted one's Region (the dummy key's).
    table = page.wait_for_selector(f"{INSPECTOR_TABLE} >> text=eu-west-1", timeout=30_000)
    text = page.locator(INSPECTOR_TABLE, has_text="eu-west-1").first.inner_text()
    table.scroll_into_view_if_needed()
    return text


def use_explorer(page, out: Path) -> str:
    """Notebook 07: leave us-east-2 out of the policy, route there, confirm; returns what the widget shows."""
    # Run All ends with the clean-up cell, which closes the explorer: its own cell (not the demo's) runs
    # again, at once (waiting first for the closed one cost 20 s a run).
    accept_dialogs(page)
    run_cell(page, "explorer = policy_explorer(")
    field = wait_for_inspector(page, selector=EXPLORER_POLICY, cell_text="explorer = policy_explorer(")
    if field is None:
        page.screenshot(path=str(out.with_name(out.stem + "-failed.png")))
        raise RuntimeError("the policy explorer did not render as a widget")
    explorer = page.locator(".jupyter-widgets.widget-vbox", has=page.locator(EXPLORER_POLICY)).first
    policy = json.loads(field.input_value())
    for statement in policy["Statement"]:
        if isinstance(statement["Resource"], list):
            statement["Resource"] = [r for r in statement["Resource"] if ":us-east-2:" not in r]
    field.fill(json.dumps(policy, indent=2))
    explorer.locator(".widget-dropdown", has_text="Model:").locator("select").select_option(index=0)
    explorer.locator(".widget-dropdown", has_text="Routed to:").locator("select").select_option("us-east-2")
    explorer.locator(EXPLORER_DECISION, has_text="implicitDeny").wait_for(timeout=30_000)
    explorer.locator("button", has_text="Confirm with a real call").click()
    explorer.locator(EXPLORER_CONFIRMED, has_text="Answered by").wait_for(timeout=60_000)  # this widget's, not
    field.evaluate("element => { element.scrollTop = 0; }")                               # the HTML cell's
    explorer.evaluate("element => element.scrollIntoView({block: 'start'})")
    return explorer.inner_text()


# Per notebook: what its clean-up cell prints (Run All is done then), and how to use its widget.
DRIVERS = {"03": (LAST_OUTPUT, use_inspector), "07": ("Removed: user", use_explorer)}


@contextmanager
def lab_and_browser():
    """A JupyterLab at the repository's top (the README's command), on a free port with a random
    token, and a headless Chromium: yields (browser, url, token); stops both and cleans up after."""
    from playwright.sync_api import sync_playwright

    port, token = free_port(), secrets.token_hex(16)
    home = tempfile.TemporaryDirectory(prefix="workbook-lab-")
    lab = start_lab(port, token, settings_dir(Path(home.name)))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser, f"http://127.0.0.1:{port}", token
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
        home.cleanup()


def screenshot(notebook: Path, out: Path) -> str:
    """Run `notebook` in JupyterLab, use its widget, save `out`; returns the widget's text."""
    last_output, use = DRIVERS[notebook.name[:2]]
    with lab_and_browser() as (browser, url, token):
        page = browser.new_page(viewport={"width": 1280, "height": 900 if use is use_inspector else 1500})
        watch_dialogs(page)
        relative = notebook.resolve().relative_to(ROOT).as_posix()
        page.goto(f"{url}/lab/tree/{relative}?token={token}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        # Run only once the widget manager has loaded: outputs made before it renders widgets
        # fall back to their text form ("VBox(children=...)").
        page.wait_for_function(f"window._JUPYTERLAB && window._JUPYTERLAB['{WIDGET_MANAGER}']",
                               timeout=60_000)
        for attempt in range(2):  # a second time when the kernel was replaced mid-run (seen under load)
            try:
                run_all(page, last_output=last_output)
                text = use(page, out)
                break
            except Exception as error:
                page.screenshot(path=str(out.with_name(out.stem + "-failed.png")))  # what went wrong
                if attempt:
                    raise RuntimeError(f"dialogs answered on the way: {SEEN_DIALOGS}") from error
                clear_outputs(page)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "notebooks/03-short-term-keys.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "out/ui/key-inspector.png")
    args = parser.parse_args()
    print(screenshot(args.notebook, args.out))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
