"""See the key inspector working in real JupyterLab, driven by headless Chromium; save a screenshot.

    python tests/ui/jupyterlab_screenshot.py [notebooks/03-short-term-keys.ipynb] [--out out/ui.png]

Starts `jupyter lab --no-browser` on a free port with a random token, opens the notebook in
Debian's Chromium through Playwright's Python API (never `playwright install`: it downloads a
browser), runs all cells, pastes a key into the inspector's password field, waits for the decoded
table and saves a PNG. Look at the PNG. The key pasted is made offline from dummy credentials.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
INSPECTOR_INPUT = ".jupyter-widgets input[type=password]"
INSPECTOR_TABLE = "table.key-inspector"
WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"
LAST_OUTPUT = "Removed: role"  # what notebook 03's clean-up cell prints


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
# out of view are not in the page, so the widget could not be found) and ask nothing about news.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
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
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
            return lab
        except OSError:
            time.sleep(0.5)
    lab.terminate()
    raise RuntimeError("jupyter lab did not start")


def run_all(page, tries: int = 3) -> None:
    """Run > Run All Cells, until the last cell (the clean-up) has printed its line."""
    for _ in range(tries):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_selector(f"text={LAST_OUTPUT}", state="attached", timeout=60_000)
            return
        except Exception:
            page.keyboard.press("Escape")
    raise RuntimeError("Run All Cells did not reach the notebook's last cell")


def wait_for_inspector(page, tries: int = 3):
    """The inspector's password field, re-running its cell if it rendered as text.

    On a loaded machine the widget manager can attach to the kernel after Run All has already
    displayed the widget, which then shows its text form; running the cell again renders it.
    """
    for _ in range(tries):
        try:
            return page.wait_for_selector(INSPECTOR_INPUT, state="attached", timeout=20_000)
        except Exception:
            cell = page.locator(".jp-CodeCell", has_text="key_inspector()").last
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Control+Enter")
    return None


def screenshot(notebook: Path, out: Path) -> str:
    """Run `notebook` in JupyterLab, use its inspector, save `out`; returns the inspector's text."""
    from playwright.sync_api import sync_playwright

    port, token = free_port(), secrets.token_hex(16)
    home = tempfile.TemporaryDirectory(prefix="workbook-lab-")
    lab = start_lab(port, token, settings_dir(Path(home.name)))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            relative = notebook.resolve().relative_to(ROOT).as_posix()
            page.goto(f"http://127.0.0.1:{port}/lab/tree/{relative}?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            # Run only once the widget manager has loaded: outputs made before it renders widgets
            # fall back to their text form ("VBox(children=...)").
            page.wait_for_function(f"window._JUPYTERLAB && window._JUPYTERLAB['{WIDGET_MANAGER}']",
                                   timeout=60_000)
            run_all(page)
            field = wait_for_inspector(page)
            if field is None:
                page.screenshot(path=str(out.with_name(out.stem + "-failed.png")))  # what went wrong
                raise RuntimeError("the key inspector did not render as a widget")
            field.scroll_into_view_if_needed()
            field.fill(dummy_key())
            table = page.wait_for_selector(f"{INSPECTOR_TABLE} >> text=short-term", timeout=30_000)
            text = page.inner_text(INSPECTOR_TABLE)
            table.scroll_into_view_if_needed()
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
            return text
    finally:
        lab.terminate()
        lab.wait(timeout=30)
        home.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "notebooks/03-short-term-keys.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "out/ui/key-inspector.png")
    args = parser.parse_args()
    print(screenshot(args.notebook, args.out))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
