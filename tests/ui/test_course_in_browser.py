"""Every notebook as a learner meets it: JupyterLab started as the README says (at the repository's
top, so `../images/*.svg` resolves), opened in headless Chromium at 1280 px, run whole.

Checks, per notebook: not marked modified on open (its stored kernelspec is JupyterLab's), every
markdown image loaded, no error output, no widget left as its text form (`VBox(children=...`), no
output or table wider than the page. Skipped unless Debian's `chromium` and the `playwright` Python
package are installed (README, "Browser tests"); playwright never downloads a browser here.
"""
import importlib.util
from pathlib import Path

import pytest

from tests.ui.jupyterlab_screenshot import CHROMIUM, ROOT, WIDTH

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or importlib.util.find_spec("playwright") is None,
                                reason="needs Debian's chromium and the playwright package (README: Browser tests)")
RUN_SECONDS = 300

IMAGES = """() => [...document.querySelectorAll('.jp-RenderedMarkdown img')]
  .map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0}))"""
TOO_WIDE = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output, .jp-OutputArea-output pre, .jp-OutputArea-output table, .jp-RenderedMarkdown')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.slice(0, 80))"""
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name[:2] for p in NOTEBOOKS])
def test_the_notebook_opens_clean_runs_whole_and_fits_the_page(lab, path, tmp_path):
    page = lab.page
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    # JupyterLab rewrites the kernelspec and language_info from the kernel once it is up, if they differ
    modified = lab.open(path)
    page.evaluate(NEXT_FRAMES)  # the tab bar drawn after that
    assert not modified and page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, \
        "the notebook is marked modified on open (execute it with helpers.workbook.execute)"

    lab.run_all(RUN_SECONDS)
    try:
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
    except AssertionError:
        page.screenshot(path=str(tmp_path / f"{path.stem}.png"), full_page=True)  # what the test saw
        raise
