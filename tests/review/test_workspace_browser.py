"""The review pages and the workspace in headless chromium: sort, filter, jump, correct, add a term, mark reviewed."""

from __future__ import annotations

import json

import pytest
from review_helpers import record, translate_run
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from translator.flags import flag
from translator.outputs.review_index import STATUS_RANK, RunIndex

ARTICLE = "teletravail-pme-enquete"


def ready(browser, url: str):
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")


def rows(browser) -> list[tuple[str, str]]:
    return [
        (tr.get_attribute("data-name"), tr.find_element(By.CSS_SELECTOR, ".status").text.lower())
        for tr in browser.find_elements(By.CSS_SELECTOR, "#rows tr")
    ]


def pick(browser, select_id: str, value: str) -> None:
    browser.execute_script(
        "const s = document.getElementById(arguments[0]); s.value = arguments[1];s.dispatchEvent(new Event('change'));",
        select_id,
        value,
    )


def test_index_sorts_and_filters_from_disk(browser, rundir):
    # one article gets a flag the others lack, and the index is rewritten as a run does it
    index = RunIndex(rundir, "run")
    for path in sorted(rundir.glob("*.json")):
        if path.name != "manifest.json":
            article = record(rundir, path.stem)
            if path.stem == ARTICLE:
                article.segments()[-1].flags.append(flag("loop", "a word group repeats"))
            index.add(path.stem, article)
    index.close()
    ready(browser, (rundir / "index.html").as_uri())
    by_severity = rows(browser)
    assert len(by_severity) == 3
    assert [STATUS_RANK[s] for _, s in by_severity] == sorted(STATUS_RANK[s] for _, s in by_severity)
    pick(browser, "sort", "name")
    assert [n for n, _ in rows(browser)] == sorted(n for n, _ in by_severity)
    data = json.loads((rundir / "review/index-data.js").read_text().split("=", 1)[1].rstrip().rstrip(";"))
    counts = {code: sum(1 for a in data["articles"] if a["flags"].get(code)) for code in data["severity"]}
    code = "loop"
    assert counts[code] == 1
    pick(browser, "flag", code)
    filtered = rows(browser)
    assert len(filtered) == counts[code]
    for chips in browser.find_elements(By.CSS_SELECTOR, "#rows td.flag-cell"):
        assert code in [c.get_attribute("data-code") for c in chips.find_elements(By.CSS_SELECTOR, "a.chip")]
    assert f"flag={code}" in browser.current_url  # the view is a link
    total = browser.find_element(By.CSS_SELECTOR, f'#totals a[data-code="{code}"]')
    assert "active" in total.get_attribute("class")


def test_flag_link_and_next_flagged_segment(browser, rundir):
    ready(browser, (rundir / "index.html").as_uri())
    pick(browser, "sort", "name")
    chip = browser.find_element(By.CSS_SELECTOR, f'#rows tr[data-name="{ARTICLE}"] a.chip')
    chip.click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    anchor = browser.current_url.split("#", 1)[1]
    flagged = [tr.get_attribute("id") for tr in browser.find_elements(By.CSS_SELECTOR, "tr.flagged")]
    assert anchor in flagged  # the flag's link lands on a segment that has it
    assert "current" in browser.find_element(By.ID, anchor).get_attribute("class")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("n")
    after = flagged[(flagged.index(anchor) + 1) % len(flagged)]
    WebDriverWait(browser, 5).until(lambda b: b.current_url.endswith("#" + after))
    assert "current" in browser.find_element(By.ID, after).get_attribute("class")
    body.send_keys("p")
    WebDriverWait(browser, 5).until(lambda b: b.current_url.endswith("#" + anchor))
    browser.find_element(By.ID, "next-flagged").click()
    WebDriverWait(browser, 5).until(lambda b: b.current_url.endswith("#" + after))
    # previous/next follow the index's order (by name here)
    names = sorted(p.stem for p in rundir.glob("*.json") if p.name != "manifest.json")
    assert names[-1] == ARTICLE and "hidden" in browser.find_element(By.ID, "next-article").get_attribute("class")
    assert browser.find_element(By.ID, "prev-article").get_attribute("title") == names[-2]
    body.send_keys("[")
    WebDriverWait(browser, 5).until(lambda b: f"/{names[-2]}.html?sort=name" in b.current_url)
    WebDriverWait(browser, 5).until(lambda b: b.find_element(By.ID, "next-article").get_attribute("title") == ARTICLE)


def open_in_app(browser, server, name: str = ARTICLE):
    ready(browser, server.url)  # the token, exchanged for the cookie
    ready(browser, f"http://127.0.0.1:{server.workspace.port}/review/{name}.html")


def correct(browser, segment_id: str, text: str) -> None:
    row = browser.find_element(By.ID, segment_id)
    row.find_element(By.CSS_SELECTOR, "button.correct").click()
    area = row.find_element(By.CSS_SELECTOR, "textarea.correction")
    area.clear()
    area.send_keys(text)
    row.find_element(By.CSS_SELECTOR, "button.save").click()


def notices(browser) -> str:
    return browser.find_element(By.ID, "workspace-bar").text


def test_correction_made_in_the_page_is_in_the_next_run(browser, server, rundir, inputs, test_model_dir):
    segment = record(rundir, ARTICLE).segments()[2]
    open_in_app(browser, server)
    correct(browser, segment.id, "Remote work is no longer only for big groups.")
    WebDriverWait(browser, 10).until(lambda b: "correction saved" in notices(b))
    assert "corrected" in browser.find_element(By.ID, segment.id).get_attribute("class")
    translate_run([inputs], rundir, test_model_dir)
    fixed = next(s for s in record(rundir, ARTICLE).segments() if s.id == segment.id)
    assert (fixed.target, fixed.corrected) == ("Remote work is no longer only for big groups.", True)
    assert "Remote work is no longer only for big groups." in (rundir / f"{ARTICLE}.en.md").read_text()


def test_glossary_term_added_from_a_selection_is_enforced_next_run(
    browser, server, rundir, inputs, glossary_file, test_model_dir
):
    assert "remote work" not in (rundir / f"{ARTICLE}.en.md").read_text()
    open_in_app(browser, server)
    segment = next(s for s in record(rundir, ARTICLE).segments() if "Le télétravail" in s.source)
    browser.execute_script(
        """const cell = document.getElementById(arguments[0]).querySelector('td.fr');
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode()) && node.data.indexOf('télétravail') < 0) {}
        const range = document.createRange(); const at = node.data.indexOf('télétravail');
        range.setStart(node, at); range.setEnd(node, at + 'télétravail'.length);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        cell.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));""",
        segment.id,
    )
    assert browser.find_element(By.ID, "gl-fr").get_attribute("value") == "télétravail"
    browser.find_element(By.ID, "gl-en").send_keys("remote work")
    browser.find_element(By.ID, "gl-add").click()
    WebDriverWait(browser, 10).until(lambda b: "added 'télétravail' -> 'remote work'" in notices(b))
    assert "télétravail\tremote work" in glossary_file.read_text(encoding="utf-8")
    translate_run([inputs], rundir, test_model_dir, "--glossary", str(glossary_file))
    enforced = next(s for s in record(rundir, ARTICLE).segments() if s.id == segment.id)
    assert any(h.entry == "télétravail" and h.rendering == "remote work" for h in enforced.glossary)
    assert "remote work" in enforced.target.lower()


def test_mark_reviewed_and_turn_a_rule_off(browser, server, rundir):
    open_in_app(browser, server)
    browser.find_element(By.ID, "article-reviewed").click()
    WebDriverWait(browser, 10).until(lambda b: "article marked reviewed" in notices(b))
    first = record(rundir, ARTICLE).segments()[0].id
    browser.find_element(By.ID, first).find_element(By.CSS_SELECTOR, "input.segment-reviewed").click()
    WebDriverWait(browser, 10).until(
        lambda b: json.loads((rundir / "review/workspace.json").read_text())["reviewed"][ARTICLE]["segments"] == [first]
    )
    ready(browser, f"http://127.0.0.1:{server.workspace.port}/index.html")
    badge = browser.find_element(By.CSS_SELECTOR, f'#rows tr[data-name="{ARTICLE}"] .badge.reviewed')
    assert badge.text.lower() == "reviewed"
    open_in_app(browser, server)
    toggles = browser.find_elements(By.CSS_SELECTOR, "button.rule-toggle")
    if not toggles:
        pytest.fail("the article shows no post-edit rule to turn off", pytrace=False)
    rule = toggles[0].get_attribute("data-rule")
    toggles[0].click()
    WebDriverWait(browser, 10).until(lambda b: f"turned off {rule}" in notices(b))
    from translator.review.state import disabled_rules, with_review_settings
    from translator.settings import load_settings

    assert disabled_rules(rundir) == [rule]
    settings = with_review_settings(rundir, load_settings(None, {}))
    assert rule in settings.postedit.disable and settings.origin("postedit.disable").endswith("postedit.toml")


def test_two_tabs_last_write_wins_with_a_warning(browser, server, rundir):
    segment = record(rundir, ARTICLE).segments()[1].id
    open_in_app(browser, server)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    open_in_app(browser, server)
    second = browser.current_window_handle
    browser.switch_to.window(first)
    correct(browser, segment, "First tab's English.")
    WebDriverWait(browser, 10).until(lambda b: "correction saved" in notices(b))
    browser.switch_to.window(second)
    WebDriverWait(browser, 10).until(lambda b: "corrected in another tab" in notices(b))  # its poll saw it
    browser.switch_to.window(first)
    correct(browser, segment, "First tab again.")
    WebDriverWait(browser, 10).until(lambda b: "correction saved" in notices(b))
    browser.switch_to.window(second)
    correct(browser, segment, "Second tab's English.")
    WebDriverWait(browser, 10).until(lambda b: "correction saved" in notices(b) or "another tab" in notices(b))
    key = record(rundir, ARTICLE).provenance["model"]["cache_key"]
    source = next(s.source for s in record(rundir, ARTICLE).segments() if s.id == segment)
    assert server.workspace.store.get(key, [source])[source].target == "Second tab's English."  # last write won
    browser.close()
    browser.switch_to.window(first)


def test_hostile_text_shows_literally_in_the_workspace(browser, server):
    open_in_app(browser, server, "hostile")
    page = browser.page_source
    assert "PWNED" not in browser.title and "PWNED" not in page.replace("'PW'+'NED", "")
    shown = browser.find_element(By.TAG_NAME, "h1").text + browser.find_element(By.CSS_SELECTOR, "table.segments").text
    assert "<script>document.title='PW'+'NED'</script>" in shown
    assert not browser.find_elements(By.CSS_SELECTOR, "table.segments img, table.segments script, h1 script")
