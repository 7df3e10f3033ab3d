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

Every wait ends on JupyterLab's own state, read through `window.jupyterapp` (exposed by
`--LabApp.expose_app_in_browser`): the toolbar's execution indicator says "idle" before the notebook
has any kernel, and a Run All clicked then meets no kernel: JupyterLab starts a second one, asks
"Select Kernel" and runs no cell (the 20-second re-runs this file used to make waited that out).
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
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WIDTH = 1280
INSPECTOR_INPUT = ".jupyter-widgets input[type=password]"
INSPECTOR_TABLE = "table.key-inspector"
WIDGET_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"
EXPLORER_POLICY = ".jupyter-widgets textarea"
EXPLORER_DECISION = ".policy-decision"
EXPLORER_CONFIRMED = "pre.policy-confirmed"
POLL_MS = 100  # how often a wait in the page looks again (Playwright's default is every frame)


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
    """`jupyter lab` started, not yet serving (`wait_until_serving`): Chromium starts meanwhile."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    with open(os.environ.get("LAB_LOG", os.devnull), "w") as log:  # the server's own copy stays open
        lab = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}", "--LabApp.expose_app_in_browser=True",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
    return lab


def wait_until_serving(lab: subprocess.Popen, port: int, token: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and lab.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("jupyter lab did not start")


DIALOG = ".jp-Dialog"
SEEN_DIALOGS: list[str] = []  # the titles of the dialogs answered, for a failure's message


def answer_dialog(page) -> None:
    """Answer the dialog JupyterLab put up: accept it ("Kernel Restarting"), but never a warning such
    as "File Changed"'s "Overwrite", which would rewrite a committed notebook: that one is dismissed."""
    dialog = page.locator(DIALOG).first
    SEEN_DIALOGS.append(dialog.locator(".jp-Dialog-header").inner_text(timeout=5_000).strip())
    accept = dialog.locator("button.jp-mod-accept:not(.jp-mod-warn)")
    if accept.count():
        accept.first.click()
    else:
        page.keyboard.press("Escape")


def watch_dialogs(page) -> None:
    """Answer any dialog that appears, however late, before each click or fill: a dialog shown
    while the test waits would otherwise intercept every later click."""
    page.add_locator_handler(page.locator(DIALOG), lambda: answer_dialog(page))


class Lab:
    """One JupyterLab page in headless Chromium, opened once; notebooks are opened in it and closed
    again, as a learner does in one browser tab (a fresh page per notebook loaded the whole app again)."""

    def __init__(self, browser, url: str, token: str):
        self.url, self.token = url, token
        self.closing: dict[str, threading.Thread] = {}  # by session id
        self.page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
        watch_dialogs(self.page)
        self.page.goto(f"{url}/lab?reset&token={token}")  # the default workspace, emptied
        self.page.wait_for_function("() => window.jupyterapp", polling=POLL_MS, timeout=60_000)
        self.page.evaluate("() => window.jupyterapp.restored")
        assert self.page.evaluate(f"() => window.jupyterapp.isPluginActivated('{WIDGET_PLUGIN}')"), \
            "JupyterLab has no widget manager: every widget would show its text form"

    def open(self, notebook: Path, seconds: float = 120) -> bool:
        """Open `notebook` (any open one is closed first) and wait until its kernel is connected and
        idle and JupyterLab has written what it learnt from it (kernelspec, language_info) into the
        notebook; returns whether that marked the notebook modified."""
        self.close()
        return self.page.evaluate(OPEN, [notebook.resolve().relative_to(ROOT).as_posix(), seconds])

    def close(self) -> None:
        """Close every document unsaved (never a "Save?" dialog: the files are committed notebooks) and
        shut its kernel down in the background: the next notebook opens meanwhile (`shut_down` waits)."""
        self.page.evaluate(CLOSE)
        sessions = f"{self.url}/api/sessions"
        for session in json.load(urllib.request.urlopen(f"{sessions}?token={self.token}", timeout=10)):
            if session["id"] not in self.closing:
                delete = urllib.request.Request(f"{sessions}/{session['id']}?token={self.token}", method="DELETE")
                self.closing[session["id"]] = threading.Thread(target=urllib.request.urlopen, args=(delete, None, 30))
                self.closing[session["id"]].start()

    def shut_down(self) -> None:
        """Wait until the kernels being shut down are."""
        for thread in self.closing.values():
            thread.join()

    def run_all(self, seconds: float = 300) -> None:
        """Clear Outputs of All Cells, then Run All Cells (the Edit and Run menus' own commands), and
        wait until every code cell has run (or the run stopped at an error: the caller reads it) and
        the images have loaded. A dialog that comes up instead ends the wait and fails the run."""
        self.page.evaluate("""async () => { await window.jupyterapp.commands.execute('editmenu:clear-all');
                                            void window.jupyterapp.commands.execute('runmenu:run-all'); }""")
        self.page.wait_for_function(RAN, polling=POLL_MS, timeout=seconds * 1000)
        if self.page.locator(DIALOG).count():
            raise RuntimeError(f"JupyterLab asked during Run All: {self.page.locator(DIALOG).first.inner_text()!r}")
        self.page.wait_for_function(IMAGES_DONE, polling=POLL_MS, timeout=30_000)

    def run_cell(self, cell_text: str) -> None:
        """Run again the last code cell showing `cell_text` (Ctrl+Enter in it)."""
        cell = self.page.locator(".jp-CodeCell", has_text=cell_text).last
        cell.locator(".jp-InputArea-editor").click()
        self.page.keyboard.press("Control+Enter")


# The notebook panel, its kernel connected and idle, and JupyterLab's own updates from that kernel done:
# they follow `kernel.info` and `kernel.spec`, awaited before ours, so ours resume after them.
OPEN = """async ([path, seconds]) => {
  const app = window.jupyterapp;
  const ready = session => { const k = session.session && session.session.kernel;
                             return k && k.connectionStatus === 'connected' && k.status === 'idle' ? k : null; };
  const opened = async () => {
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    const session = panel.context.sessionContext;
    await panel.context.ready;
    await session.ready;
    while (!ready(session)) {
      const dialog = document.querySelector('.jp-Dialog');
      if (dialog) throw new Error(`JupyterLab asked: ${dialog.innerText}`);
      await new Promise(resolve => {  // the next change of the kernel's status or connection
        const next = () => { session.statusChanged.disconnect(next); session.connectionStatusChanged.disconnect(next);
                             clearTimeout(timer); resolve(); };
        const timer = setTimeout(next, 250);
        session.statusChanged.connect(next); session.connectionStatusChanged.connect(next);
      });
    }
    await ready(session).info;
    await ready(session).spec;
    await new Promise(resolve => setTimeout(resolve, 0));
    return panel.context.model.dirty;
  };
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error(`no idle kernel after ${seconds} s`)),
                                                   seconds * 1000));
  return Promise.race([opened(), late]);
}"""
CLOSE = """() => { for (const widget of [...window.jupyterapp.shell.widgets('main')])
                   if (widget.context) widget.dispose(); }"""
# Run All is over: every code cell of the open notebook numbered and its kernel idle, or it stopped
# at an error (no cell queued or running, an error shown), or JupyterLab put up a dialog.
RAN = """() => { if (document.querySelector('.jp-Dialog')) return true;
  const panel = [...window.jupyterapp.shell.widgets('main')].find(w => w.context);
  const session = panel.context.sessionContext.session;
  if (!session || !session.kernel || session.kernel.status !== 'idle') return false;
  const prompts = [...panel.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent);
  if (prompts.length && prompts.every(p => /\\[\\d+\\]/.test(p))) return true;
  return !prompts.some(p => p.includes('*')) &&
         panel.node.querySelector(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']") !== null; }"""
IMAGES_DONE = "() => [...document.querySelectorAll('.jp-RenderedMarkdown img')].every(i => i.complete)"


def use_inspector(lab: Lab) -> str:
    """Notebook 03: paste a key into the inspector; returns the decoded table's text."""
    page = lab.page
    field = page.wait_for_selector(INSPECTOR_INPUT, state="attached", timeout=30_000)
    field.scroll_into_view_if_needed()
    field.fill(dummy_key())
    # The inspector opens on the notebook's own key; wait for the pasted one's Region (the dummy key's).
    table = page.wait_for_selector(f"{INSPECTOR_TABLE} >> text=eu-west-1", timeout=30_000)
    text = page.locator(INSPECTOR_TABLE, has_text="eu-west-1").first.inner_text()
    table.scroll_into_view_if_needed()
    return text


def use_explorer(lab: Lab) -> str:
    """Notebook 07: leave us-east-2 out of the policy, route there, confirm; returns what the widget shows."""
    page = lab.page
    # Run All ends with the clean-up cell, which closes the explorer: its own cell runs again.
    lab.run_cell("explorer = policy_explorer(")
    field = page.wait_for_selector(EXPLORER_POLICY, state="attached", timeout=30_000)
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


# Per notebook: how to use its widget, and the page's height for its screenshot.
DRIVERS = {"03": (use_inspector, 900), "07": (use_explorer, 1500)}


@contextmanager
def lab_and_browser():
    """A JupyterLab at the repository's top (the README's command), on a free port with a random
    token, and a headless Chromium with JupyterLab open: yields a `Lab`; stops both and cleans up after."""
    from playwright.sync_api import sync_playwright

    port, token = free_port(), secrets.token_hex(16)
    home = tempfile.TemporaryDirectory(prefix="workbook-lab-")
    lab = start_lab(port, token, settings_dir(Path(home.name)))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            wait_until_serving(lab, port, token)
            opened = Lab(browser, f"http://127.0.0.1:{port}", token)
            yield opened
            opened.close()
            opened.shut_down()
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
        home.cleanup()


def screenshot(lab: Lab, notebook: Path, out: Path) -> str:
    """Run `notebook` whole in `lab`, use its widget, save `out`; returns the widget's text."""
    use, height = DRIVERS[notebook.name[:2]]
    lab.page.set_viewport_size({"width": WIDTH, "height": height})
    try:
        lab.open(notebook)
        lab.run_all()
        text = use(lab)
    except Exception as error:
        lab.page.screenshot(path=str(out.with_name(out.stem + "-failed.png")))  # what went wrong
        raise RuntimeError(f"{notebook.name}: dialogs answered on the way: {SEEN_DIALOGS}") from error
    out.parent.mkdir(parents=True, exist_ok=True)
    lab.page.screenshot(path=str(out))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "notebooks/03-short-term-keys.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "out/ui/key-inspector.png")
    args = parser.parse_args()
    with lab_and_browser() as lab:
        print(screenshot(lab, args.notebook, args.out))
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
