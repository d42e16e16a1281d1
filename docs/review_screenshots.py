"""Make the README's review screenshots: the index sorted by severity, the workspace with a correction.

Translates the pages in `seeds/` with the word-for-word test model (so anyone can rerun it
offline; the English is deliberately crude), then drives headless Debian chromium with Selenium.

    python docs/review_screenshots.py        # writes docs/img/review-index.png, docs/img/review-workspace.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from translator.document import Article
    from translator.review.app import ReviewServer, open_workspace
    from translator.testing import build_model

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["TRANSLATOR_CACHE_DIR"] = str(root / "cache")
        model = build_model(root / "model" / "translate-fr_en-test")
        rundir = root / "run"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "translator",
                "run",
                str(ROOT / "seeds"),
                "-o",
                str(rundir),
                "--model",
                str(model),
                "-q",
            ],
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,860", "--hide-scrollbars"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))

        def ready(url: str) -> None:
            driver.get(url)
            WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))

        try:
            ready((rundir / "index.html").as_uri() + "#sort=severity")
            driver.save_screenshot(str(ROOT / "docs" / "img" / "review-index.png"))
            name = "teletravail-pme-enquete"
            article = Article.from_json((rundir / f"{name}.json").read_text(encoding="utf-8"))
            segment = article.segments()[2]
            with ReviewServer(open_workspace(rundir, [root / "house.tsv"])) as server:
                ready(server.url)
                ready(f"http://127.0.0.1:{server.workspace.port}/review/{name}.html")
                row = driver.find_element(By.ID, segment.id)
                row.find_element(By.CSS_SELECTOR, "button.correct").click()
                area = row.find_element(By.CSS_SELECTOR, "textarea.correction")
                area.clear()
                area.send_keys("Remote work is no longer only for large groups.")
                row.find_element(By.CSS_SELECTOR, "button.save").click()
                WebDriverWait(driver, 10).until(
                    lambda d: "correction saved" in d.find_element(By.ID, "workspace-bar").text
                )
                driver.set_window_size(1280, 1040)
                driver.save_screenshot(str(ROOT / "docs" / "img" / "review-workspace.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
