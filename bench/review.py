"""Benchmark of the review index at scale: keeping it current during a run, its weight, its render time.

Synthetic records (seeded: headlines, 20 segments, flags drawn from the flag registry) stand in
for a run; no model is needed.

- During the run: `RunIndex.add` per article with the default throttle (2 s) against the
  baseline of rewriting the index after every article (`min_interval=0`), both on `--baseline-articles`
  articles, then the throttled index alone on `--articles`.
- In the browser: `index.html` of `--articles` articles in headless Debian chromium (Selenium),
  time from navigation start to the script's `review-ready` mark, then a sort and a filter; the
  baseline is the same page with every row written in the HTML (as the index was before paging).

    python bench/review.py [--articles 5000] [--baseline-articles 500] [--rounds 5]

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translator.document import Article, Block, Segment, Source  # noqa: E402
from translator.flags import flag, flag_codes  # noqa: E402
from translator.outputs import review_index  # noqa: E402
from translator.outputs.review_index import RunIndex  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def synthetic_articles(count: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    codes = [c for c in flag_codes() if flag_codes()[c].stage in ("qa", "glossary")]
    articles = []
    for number in range(count):
        segments = []
        for index in range(20):
            flags = [flag(rng.choice(codes), "bench") for _ in range(rng.choice((0, 0, 0, 1, 2)))]
            segments.append(Segment(f"b{index:03d}.s00", f"Phrase {index} de l'article {number}.", "x", flags=flags))
        title = Segment("b000.s00", f"Titre numéro {number}", target=f"Headline number {number}")
        blocks = [Block("title", title.source, segments=[title])]
        blocks += [Block("paragraph", s.source, segments=[s]) for s in segments[1:]]
        articles.append(Article(Source(name=f"article-{number:05d}"), blocks))
    return articles


def time_index(articles: list[Article], folder: Path, min_interval: float) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    index = RunIndex(folder, "bench", min_interval=min_interval)
    start = time.perf_counter()
    for article in articles:
        index.add(article.source.name, article)
    index.close()
    return time.perf_counter() - start


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag_name in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag_name)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def load_ms(driver, page: Path, scripted: bool) -> float:
    driver.get("about:blank")
    driver.get(page.as_uri())
    if scripted:
        return driver.execute_script("return performance.getEntriesByName('review-ready')[0].startTime")
    return driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")


CHANGE = """const done = arguments[arguments.length - 1]; const t0 = performance.now();
window.addEventListener('hashchange', () => done(performance.now() - t0), {once: true});
location.hash = arguments[0];"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--baseline-articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    articles = synthetic_articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        few = articles[: args.baseline_articles]
        per_article = time_index(few, root / "every", 0.0)
        throttled_few = time_index(few, root / "throttled-few", 2.0)
        throttled = time_index(articles, root / "throttled", 2.0)
        run = root / "throttled"
        weight = {
            "index_html": (run / "index.html").stat().st_size,
            "index_data_js": (run / review_index.DATA_FILE).stat().st_size,
            "review_js": (run / review_index.STATIC_FOLDER / "review.js").stat().st_size,
        }
        all_rows = root / "all-rows"
        review_index.FIRST_ROWS = args.articles  # the baseline: every row in the HTML, no paging
        time_index(articles, all_rows, 1e9)
        (all_rows / review_index.DATA_FILE).write_text("")  # and no script work
        weight_all_rows = (all_rows / "index.html").stat().st_size
        driver = browser()
        try:
            paged_ms, full_ms, sort_ms, filter_ms = [], [], [], []
            for _ in range(args.rounds):
                paged_ms.append(load_ms(driver, run / "index.html", True))
                sort_ms.append(driver.execute_async_script(CHANGE, "sort=name"))
                filter_ms.append(driver.execute_async_script(CHANGE, "sort=name&flag=loop"))
                full_ms.append(load_ms(driver, all_rows / "index.html", False))
        finally:
            driver.quit()
    result = {
        "articles": args.articles,
        "index_update_ms_per_article": {
            "throttled": round(1000 * throttled_few / len(few), 3),
            "rewrite_every_article_baseline": round(1000 * per_article / len(few), 3),
            "ratio": round(per_article / throttled_few, 1),
            "measured_on_articles": len(few),
        },
        "index_update_total_s": round(throttled, 2),
        "page_bytes": {**weight, "all_rows_baseline_html": weight_all_rows},
        "chromium_ms": {
            "paged_ready_median": round(statistics.median(paged_ms), 1),
            "all_rows_load_median_baseline": round(statistics.median(full_ms), 1),
            "sort_by_name_median": round(statistics.median(sort_ms), 1),
            "filter_by_flag_median": round(statistics.median(filter_ms), 1),
            "rounds": args.rounds,
        },
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
