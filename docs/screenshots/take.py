"""Retake the screenshots of docs/screenshots/ in headless Chromium (Debian's chromium and
chromedriver, driven by selenium from the test extra):

    .venv/bin/python docs/screenshots/take.py [--graph graph]

Serves three graph folders with ``newskg serve`` on loopback ports: the bundled graph
(``--graph``), the small test graph ``tests/data/sample.ttl`` (its tenures have month- and
year-precision dates) and a made-up graph of 5 authorities sanctioning 50 targets, and saves
each page at 1400 pixels wide.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal

from newskg.folder.store import write_graph_folder
from newskg.rdf.vocab import ID, NEWS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers that start a server and write the test graph
from tests.conftest import sample_graph_folder, serve_process  # noqa: E402

AUTHORITIES = ["United States", "European Union", "United Kingdom", "Canada", "Japan"]
WORDS = "Orbital Lunar Polar Northern Central Applied Deep Rocket Launch Satellite Propulsion Telemetry Aerospace".split()
KINDS = ["Works", "Institute", "Bureau", "Corporation", "Centre"]


def sanctions_graph(targets: int = 50, seed: int = 7) -> Graph:
    """5 authorities, ``targets`` targets, each sanctioned by one to three of them."""
    rng = random.Random(seed)
    graph = Graph()
    for a, name in enumerate(AUTHORITIES):
        graph.add((ID[f"org/authority-{a}"], RDFS.label, Literal(name)))
    n = 0
    for t in range(targets):
        target = ID[f"org/target-{t}"]
        graph.add((target, RDFS.label, Literal(f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {t}")))
        for a in rng.sample(range(len(AUTHORITIES)), rng.choice((1, 1, 1, 2, 3))):
            fact = ID[f"sanction/{n}"]
            n += 1
            graph.add((fact, RDF.type, NEWS.Sanction))
            graph.add((fact, NEWS.entity, target))
            graph.add((fact, NEWS.authority, ID[f"org/authority-{a}"]))
    return graph


def browser() -> object:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--window-size=1400,1000", f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def shoot(driver: object, url: str, name: str, full: bool = True, max_height: int = 2400) -> None:
    driver.set_window_size(1400, 1000)  # type: ignore[attr-defined]
    driver.get(url)  # type: ignore[attr-defined]
    time.sleep(1.5)  # the editor's script
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
        driver.set_window_size(1400, min(max(int(height), 600), max_height))  # type: ignore[attr-defined]
    driver.save_screenshot(str(HERE / f"{name}.png"))  # type: ignore[attr-defined]
    print(f"docs/screenshots/{name}.png  <- {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "graph")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newskg-screenshots-"))
    sample = sample_graph_folder(work / "sample")
    fifty = work / "fifty"
    write_graph_folder(fifty, sanctions_graph(), Graph(), Graph(), {"format": 1})
    driver = browser()
    try:
        with serve_process(args.graph, "--workers", "1", "--quiet") as url:
            shoot(driver, url + "/?query=who-succeeded-whom", "query-page", full=False)
            shoot(driver, url + "/entity/person/yuri-borisov", "entity-page", full=False)
            shoot(driver, url + "/sanctions", "sanctions")
            shoot(driver, url + "/timeline", "timeline", full=False)
            shoot(driver, url + "/ontology", "ontology", full=False)
        with serve_process(sample, "--workers", "1", "--quiet") as url:
            shoot(driver, url + "/timeline", "timeline-partial-dates", full=False)
        with serve_process(fifty, "--workers", "1", "--quiet") as url:
            shoot(driver, url + "/sanctions", "sanctions-50")
    finally:
        driver.quit()  # type: ignore[attr-defined]
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
