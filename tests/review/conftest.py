"""Review tests: a translated run folder (real pipeline, test model), the app on 127.0.0.1, headless chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import SEEDS, translate_run

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

HOSTILE = (
    "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Le code du jour</title></head><body><article>"
    "<h1>Le code &lt;script&gt;document.title='PW'+'NED'&lt;/script&gt; et la balise &lt;b&gt;</h1>"
    "<p>Le développeur a publié lundi un message qui contient le code "
    "&lt;img src=x onerror=\"document.title='PW'+'NED-IMG'\"&gt; dans son texte, selon la société.</p>"
    "<p>Les chercheurs de la société ont présenté les résultats de leurs travaux à la presse cette semaine.</p>"
    "</article></body></html>"
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test its own corrections store and memory (runs in subprocesses inherit the variable)."""
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def translated_run(tmp_path_factory, test_model_dir) -> Path:
    """One run of three pages (one hostile), made once; tests work on copies."""
    root = tmp_path_factory.mktemp("review-run")
    inputs = root / "in"
    inputs.mkdir()
    for seed in ("teletravail-pme-enquete.html", "smartphones-reconditionnes-marche.html"):
        shutil.copy(SEEDS / seed, inputs / seed)
    (inputs / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    translate_run([inputs], root / "run", test_model_dir)
    return root


@pytest.fixture
def rundir(translated_run, tmp_path) -> Path:
    shutil.copytree(translated_run / "run", tmp_path / "run")
    return tmp_path / "run"


@pytest.fixture
def inputs(translated_run) -> Path:
    return translated_run / "in"


@pytest.fixture
def glossary_file(tmp_path) -> Path:
    path = tmp_path / "house.tsv"
    path.write_text("fr\ten\tflags\tnote\n", encoding="utf-8")
    return path


@pytest.fixture
def server(rundir, glossary_file, tmp_path):
    from translator.review.app import ReviewServer, open_workspace

    workspace = open_workspace(rundir, [glossary_file])
    with ReviewServer(workspace) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by its own chromium-driver (never skipped when missing)."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            pytest.fail(
                f"{binary} is required for the review browser tests; install it with: "
                "apt-get update && apt-get install -y chromium chromium-driver",
                pytrace=False,
            )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
