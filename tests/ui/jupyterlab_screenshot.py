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
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
INSPECTOR_INPUT = ".widget-password input"
INSPECTOR_TABLE = "table.key-inspector"


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


def start_lab(port: int, token: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
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


def screenshot(notebook: Path, out: Path) -> str:
    """Run `notebook` in JupyterLab, use its inspector, save `out`; returns the inspector's text."""
    from playwright.sync_api import sync_playwright

    port, token = free_port(), secrets.token_hex(16)
    lab = start_lab(port, token)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            relative = notebook.resolve().relative_to(ROOT).as_posix()
            page.goto(f"http://127.0.0.1:{port}/lab/tree/{relative}?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            page.click("text=Run", timeout=10_000)
            page.click("text=Run All Cells", timeout=10_000)
            field = page.wait_for_selector(INSPECTOR_INPUT, timeout=60_000)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "notebooks/03-short-term-keys.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "out/ui/key-inspector.png")
    args = parser.parse_args()
    print(screenshot(args.notebook, args.out))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
