"""Every notebook as a learner meets it: JupyterLab started as the README says (at the repository's
top, so `../images/*.svg` resolves), opened in headless Chromium at 1280 px, run whole.

Checks, per notebook: not marked modified on open (its stored kernelspec is JupyterLab's), every
markdown image loaded, no error output, no widget left as its text form (`VBox(children=...`), no
output or table wider than the page. Skipped unless Debian's `chromium` and the `playwright` Python
package are installed (README, "Browser tests"); playwright never downloads a browser here.
"""
import importlib.util
import json
import urllib.request
from pathlib import Path

import pytest

from tests.ui.jupyterlab_screenshot import (CHROMIUM, ROOT, WIDGET_MANAGER, accept_dialogs, lab_and_browser,
                                            watch_dialogs)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or importlib.util.find_spec("playwright") is None,
                                reason="needs Debian's chromium and the playwright package (README: Browser tests)")
WIDTH = 1280
RUN_SECONDS = 300
DIRTY_AFTER_MS = 4000  # seen: the mark appears 1-2 s after the kernel is idle

ALL_RAN = """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }"""
IMAGES = """() => [...document.querySelectorAll('.jp-RenderedMarkdown img')]
  .map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0}))"""
TOO_WIDE = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output, .jp-OutputArea-output pre, .jp-OutputArea-output table, .jp-RenderedMarkdown')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.slice(0, 80))"""


@pytest.fixture(scope="module")
def lab():
    """One JupyterLab at the repository's top (the README's command) and one headless Chromium."""
    with lab_and_browser() as opened:
        yield opened


def shut_down_kernels(url: str, token: str) -> None:
    sessions = json.load(urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=10))
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name[:2] for p in NOTEBOOKS])
def test_the_notebook_opens_clean_runs_whole_and_fits_the_page(lab, path, tmp_path):
    browser, url, token = lab
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    watch_dialogs(page)
    try:
        # a workspace of its own, reset: only this notebook's tab is open
        page.goto(f"{url}/lab/workspaces/nb{path.name[:2]}/tree/{path.relative_to(ROOT).as_posix()}?reset&token={token}")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.wait_for_function(f"window._JUPYTERLAB && window._JUPYTERLAB['{WIDGET_MANAGER}']", timeout=60_000)
        accept_dialogs(page)
        # JupyterLab rewrites the kernelspec a second or two after the kernel is up, if it differs
        page.wait_for_timeout(DIRTY_AFTER_MS)
        assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, \
            "the notebook is marked modified on open (execute it with helpers.workbook.execute)"

        page.get_by_role("menuitem", name="Edit", exact=True).click()
        page.locator("li[data-command='editmenu:clear-all']").click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        page.wait_for_function(ALL_RAN, timeout=RUN_SECONDS * 1000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.wait_for_function("() => [...document.querySelectorAll('.jp-RenderedMarkdown img')]"
                               ".every(i => i.complete)", timeout=30_000)
        page.screenshot(path=str(tmp_path / f"{path.stem}.png"), full_page=True)

        broken = [i["src"] for i in page.evaluate(IMAGES) if not i["loaded"]]
        assert not broken, f"images that did not load: {broken}"
        stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        errors = [t[:300] for t in stderr if "Traceback" in t or "Error:" in t]
        assert not errors, f"error output: {errors}"
        texts = page.locator(".jp-OutputArea-output").all_inner_texts()
        as_text = [t[:80] for t in texts if "(children=" in t or t.startswith(("Password(", "Textarea("))]
        assert not as_text, f"widgets shown as text: {as_text}"
        wide = page.evaluate(TOO_WIDE)
        assert not wide, f"outputs wider than a {WIDTH}-px page: {wide}"
    finally:
        page.close()
        shut_down_kernels(url, token)
