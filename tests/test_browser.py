"""The web page in a real headless browser (Debian's chromium driven by selenium):
open /, run a stored query with one click and see its rows; open an entity page and see
its evidence.  Skipped only when no chromium/chromedriver is installed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest
from tests.conftest import sample_graph_folder, serve_process

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="no chromium/chromedriver installed (apt-get install chromium chromium-driver)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    graph_dir = sample_graph_folder(tmp_path_factory.mktemp("browser") / "graph")
    with serve_process(graph_dir, "--workers", "2") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newskg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_run_stored_query(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(server + "/")  # type: ignore[attr-defined]
    button = driver.find_element(By.CSS_SELECTOR, 'button.run-stored[data-name="who-holds-what-post"]')  # type: ignore[attr-defined]
    button.click()
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results-table tbody tr")))
    table = driver.find_element(By.ID, "results-table").text  # type: ignore[attr-defined]
    assert "Yuri Borisov" in table and "Dmitry Rogozin" in table


def test_entity_page_shows_evidence(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "/entity/person/yuri-borisov")  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "entity-label").text == "Yuri Borisov"  # type: ignore[attr-defined]
    quotes = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "blockquote.evidence .quote")]  # type: ignore[attr-defined]
    assert quotes and any("Borisov" in q for q in quotes)


def test_editor_opens_on_the_stored_query(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from newskg.query.queries import load_query

    driver = browser
    driver.get(server + "/?query=who-succeeded-whom")  # type: ignore[attr-defined]
    script = ("var cm = document.querySelector('.CodeMirror');"
              "return cm ? cm.CodeMirror.getValue() : document.getElementById('query-text').value;")
    expected = load_query("who-succeeded-whom").text.strip()
    WebDriverWait(driver, 20).until(lambda d: (d.execute_script(script) or "").strip() == expected)
    assert "who-succeeded-whom" in driver.find_element(By.ID, "editor-source").text  # type: ignore[attr-defined]
    # one click on another stored query puts its text in the editor and its name in the address
    driver.find_element(By.CSS_SELECTOR, 'button.run-stored[data-name="who-is-who"]').click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(script).strip() == load_query("who-is-who").text.strip())
    assert driver.current_url.endswith("/?query=who-is-who")  # type: ignore[attr-defined]


def test_sanctions_table_beside_the_picture(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "/sanctions")  # type: ignore[attr-defined]
    picture = driver.find_element(By.CSS_SELECTOR, "#sanctions-picture svg")  # type: ignore[attr-defined]
    table = driver.find_element(By.ID, "sanctions-table")  # type: ignore[attr-defined]
    assert picture.size["height"] > 40 and table.location["x"] >= picture.location["x"] + picture.size["width"]
    assert driver.find_elements(By.CSS_SELECTOR, "#sanctions-picture line.edge")  # type: ignore[attr-defined]


def test_timeline_draws_partial_dates(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "/timeline")  # type: ignore[attr-defined]
    month = driver.find_elements(By.CSS_SELECTOR, "#timeline-picture rect.bound.month")  # type: ignore[attr-defined]
    year = driver.find_elements(By.CSS_SELECTOR, "#timeline-picture rect.bound.year")  # type: ignore[attr-defined]
    assert month and year and all(r.size["width"] > 0 for r in month + year)
    # a year is drawn wider than a month
    assert year[0].size["width"] > 6 * month[0].size["width"]


def test_ontology_page_starts_with_own_classes(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "/ontology")  # type: ignore[attr-defined]
    first = driver.find_elements(By.CSS_SELECTOR, "section.term.class")[0]  # type: ignore[attr-defined]
    assert first.get_attribute("id").startswith("news:")
