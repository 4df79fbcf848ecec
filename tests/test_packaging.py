"""The wheel carries its data: ``pip install .`` (not editable) gives a ``newskg`` that builds,
queries and serves from any folder.

The wheel is built from a copy of the sources (``pip wheel --no-deps --no-build-isolation``:
no network, the test interpreter's setuptools and wheel), then installed ``--no-deps`` into a
venv that sees the test interpreter's packages (so nothing is downloaded) and run from an
empty folder, where no checkout is in reach.  About 30 s; ``-m "not packaging"`` skips it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import venv
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from tests.conftest import stop_process

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.packaging

#: What the wheel is built from: the files a source distribution would hold.
SOURCES = ("pyproject.toml", "README.md", "newskg", "ontology", "queries")

ARTICLE = """---
title: "New head for the Nordic Space Agency"
source: Test Wire
published: 2023-03-04
language: en
---
On March 3, 2023, Marta Kowalczyk succeeded Jonas Berg as director general of the Nordic Space Agency.
"""


def data_files(folder: str) -> list[str]:
    """The files of a top-level data folder (what the wheel must carry)."""
    return sorted(p.name for p in (ROOT / folder).iterdir() if p.is_file() and not p.name.startswith("."))


def can_build_wheels() -> bool:
    """setuptools is there, with bdist_wheel (its own from 70.1, else the ``wheel`` package's)."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not can_build_wheels():
        pytest.skip("setuptools and wheel are needed to build the wheel (pip install -e '.[test]')")
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():  # symlinks stay links: newskg/data/* point at the copied top-level folders
            shutil.copytree(path, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                             "-q", "-w", str(out), str(source)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("newskg-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(wheel_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel installed (``--no-deps``) and the test interpreter's packages in reach."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                             "--no-index", "-q", str(wheel_file)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    # When the test runs in a venv, its dependencies are there, not in the system site-packages:
    # a .pth puts them on the path (after the new venv's own site-packages, and without running
    # their .pth files, so an editable newskg of the test venv stays out of reach).
    site_dir = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip())
    parents = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site_dir / "zz_test_interpreter.pth").write_text("".join(f"{p}\n" for p in parents), encoding="utf-8")
    return env_dir


@pytest.fixture()
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def run(env_dir: Path, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``newskg ARGS`` of the installed venv, in ``cwd``, with no NEWSKG_* setting or PYTHONPATH inherited."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_") and k != "PYTHONPATH"}
    script = env_dir / ("Scripts" if os.name == "nt" else "bin") / "newskg"
    return subprocess.run([str(script), *args], cwd=cwd, env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=180)


def test_the_wheel_carries_every_ontology_and_query_file(wheel_file: Path) -> None:
    with zipfile.ZipFile(wheel_file) as wheel:
        names = set(wheel.namelist())
        for folder in ("ontology", "queries"):
            files = data_files(folder)
            assert files
            for name in files:
                member = f"newskg/data/{folder}/{name}"
                assert member in names, f"{member} is not in the wheel"
                assert wheel.read(member) == (ROOT / folder / name).read_bytes()
        assert "newskg/web/templates/index.html" in names
        assert not any(name.startswith(("tests/", "ontology/", "queries/")) for name in names)


def test_the_installed_package_reads_its_own_data(installed: Path, empty: Path) -> None:
    python = installed / ("Scripts" if os.name == "nt" else "bin") / "python"
    code = ("import newskg, newskg.settings as s; "
            "print(newskg.__file__, s.CHECKOUT, s.ONTOLOGY_DIR, s.QUERIES_DIR, s.LEXICON_FILE, s.ARTICLES_DIR, sep='\\n')")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_") and k != "PYTHONPATH"}
    out = subprocess.run([str(python), "-c", code], cwd=empty, env=clean, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    package, checkout, ontology, queries, lexicon, articles = out[:6]
    assert Path(package).resolve().is_relative_to(installed.resolve())
    assert checkout == "False"
    assert Path(ontology).resolve().is_relative_to(installed.resolve()) and (Path(ontology) / "news.ttl").is_file()
    assert Path(queries).resolve().is_relative_to(installed.resolve())
    assert Path(lexicon).is_file()
    assert Path(articles) == empty.resolve() / "articles"


def test_build_and_query_from_an_empty_folder(installed: Path, empty: Path, tmp_path: Path) -> None:
    missing = run(installed, empty, "build", "-q")
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and str(empty.resolve() / "articles") in lines[0], missing.stderr

    articles = tmp_path / "articles-elsewhere"
    articles.mkdir()
    (articles / "01_relay.txt").write_text(ARTICLE, encoding="utf-8")
    built = run(installed, empty, "build", "-q", "-j", "1", "--articles", str(articles), "--out", "G")
    assert built.returncode == 0, built.stderr
    assert (empty / "G" / "asserted.ttl").is_file()

    query = run(installed, empty, "query", "who-succeeded-whom", "--graph", "G")
    assert query.returncode == 0, query.stderr
    assert "Marta Kowalczyk" in query.stdout and "Jonas Berg" in query.stdout

    # NEWSKG_* still wins over the packaged data
    mine = tmp_path / "my-queries"
    mine.mkdir()
    (mine / "people.rq").write_text(
        "# Every person.\nPREFIX news: <https://newskg.dev/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?name WHERE { ?p a news:Person ; rdfs:label ?name } ORDER BY ?name\n", encoding="utf-8")
    custom = run(installed, empty, "query", "people", "--graph", "G", env={"NEWSKG_QUERIES_DIR": str(mine)})
    assert custom.returncode == 0, custom.stderr
    assert "Jonas Berg" in custom.stdout


def test_serve_from_an_empty_folder(installed: Path, empty: Path, tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    pytest.importorskip("starlette")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "01_relay.txt").write_text(ARTICLE, encoding="utf-8")
    assert run(installed, empty, "build", "-q", "-j", "1", "--articles", str(articles), "--out", "G").returncode == 0
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_") and k != "PYTHONPATH"}
    script = installed / ("Scripts" if os.name == "nt" else "bin") / "newskg"
    process = subprocess.Popen([str(script), "serve", "--graph", "G", "--port", str(port), "--workers", "1"],
                               cwd=empty, env=clean, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = _get(f"http://127.0.0.1:{port}/queries/who-succeeded-whom", process)
        assert "Marta Kowalczyk" in body
        assert "who-succeeded-whom" in _get(f"http://127.0.0.1:{port}/queries", process)
    finally:
        stop_process(process)


def _get(url: str, process: subprocess.Popen[bytes], wait: float = 60) -> str:
    """The body at ``url`` once the server answers (fails if it dies first)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{url}: {error.code} {error.read().decode(errors='replace')}") from None
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "the server died") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)

