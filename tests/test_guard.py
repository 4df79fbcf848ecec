"""The graph folder defends itself (issue 14): one writer at a time, corruption noticed,
hostile input refused with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"
NEWSKG = [sys.executable, "-m", "newskg"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

PERSON = """@prefix news: <https://newskg.dev/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://newskg.dev/id/> .

<person/guard-test-{n}> a news:Person ; rdfs:label "Guard Test {n}" .
"""


def run(*args: str, timeout: float = 120, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NEWSKG, *args], capture_output=True, text=True, env=ENV, timeout=timeout,
                          input=stdin.decode() if stdin is not None else None)


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*NEWSKG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph folder built once from the repository's articles (copied by the tests that change it)."""
    out = tmp_path_factory.mktemp("built") / "graph"
    result = run("build", "--articles", str(ARTICLES), "--out", str(out), "-q", "-j", "1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def graph(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(built, target)
    return target


def person_file(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"person-{n}.ttl"
    path.write_text(PERSON.format(n=n), encoding="utf-8")
    return path


def added_people(graph_dir: Path) -> set[int]:
    from newskg.folder.store import load_graph

    people = set()
    for s in load_graph(graph_dir).subjects():
        text = str(s)
        if "/person/guard-test-" in text:
            people.add(int(text.rsplit("-", 1)[1]))
    return people


# ── 1. one writer at a time ──────────────────────────────────────────────────


#: Rounds of the build/add race between two processes, in each order (issue 14: 20 rounds).
RACE_ROUNDS = 20


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-article corpus and a graph folder built from it: the race's rounds stay short."""
    folder = tmp_path_factory.mktemp("two")
    articles = folder / "articles"
    articles.mkdir()
    for path in sorted(ARTICLES.glob("*.txt"))[:2]:
        shutil.copy(path, articles / path.name)
    result = run("build", "--articles", str(articles), "--out", str(folder / "graph"), "-q", "-j", "1")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize("first", ["build", "add"])
def test_a_concurrent_build_never_loses_a_committed_addition(first: str, two_articles: Path, tmp_path: Path) -> None:
    """The commands themselves, as a user starts them: the add says "added" and exits 0."""
    graph = tmp_path / "graph"
    shutil.copytree(two_articles / "graph", graph)
    committed: set[int] = set()
    for number in range(2):
        fact = person_file(tmp_path, number)
        build_args = ("build", "--articles", str(two_articles / "articles"), "--out", str(graph), "-q", "-j", "1",
                      "--wait", "60")
        add_args = ("add", str(fact), "--graph", str(graph), "--wait", "60")
        one, other = (build_args, add_args) if first == "build" else (add_args, build_args)
        a = start(*one)
        time.sleep(0.3)
        b = start(*other)
        outs = {}
        for args, proc in ((one, a), (other, b)):
            out, err = proc.communicate(timeout=120)
            outs[args[0]] = (proc.returncode, err)
            assert "Traceback" not in err, err
        code, err = outs["add"]
        assert outs["build"][0] == 0, outs["build"][1]
        assert code == 0 and "added" in err, err  # the lock makes it wait, never fail
        committed.add(number)
    assert added_people(graph) == committed


def _race_writer(kind: str, graph: str, articles: str, folder: str, rounds: int, barrier: Any, delays: list[float],
                 done: Any) -> None:
    """One side of ``test_build_and_add_race_for_20_rounds``: a build or an add per round, each
    started with the other side's (the barrier) after the round's delay."""
    from newskg.folder.build import build
    from newskg.folder.update import add

    for number in range(rounds):
        barrier.wait(timeout=120)
        time.sleep(delays[number])
        if kind == "build":
            build(articles, graph, progress=lambda _m: None, progress_bar=False, jobs=1)
        else:
            add([person_file(Path(folder), number)], graph, by="race")
            done.put(number)  # returned without an exception: committed


@pytest.mark.parametrize("first", ["build", "add"])
def test_build_and_add_race_for_20_rounds(first: str, two_articles: Path, tmp_path: Path) -> None:
    """Two writer processes, a build and an add started together in each of 20 rounds (the one
    named ``first`` first, the other 0-0.25 s later): every committed addition is there at the end.
    The processes stay up between rounds, so a round costs a build and an add, not four starts."""
    import multiprocessing

    graph = tmp_path / "graph"
    shutil.copytree(two_articles / "graph", graph)
    context = multiprocessing.get_context("spawn")
    barrier, done = context.Barrier(2), context.Queue()
    late = [0.05 * (n % 6) for n in range(RACE_ROUNDS)]
    delays = {first: [0.0] * RACE_ROUNDS, ("add" if first == "build" else "build"): late}
    writers = [context.Process(target=_race_writer, args=(kind, str(graph), str(two_articles / "articles"), str(tmp_path),
                                                          RACE_ROUNDS, barrier, delays[kind], done))
               for kind in ("build", "add")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=600)
        assert writer.exitcode == 0, f"a writer failed (exit {writer.exitcode})"
    committed = set()
    while not done.empty():
        committed.add(done.get())
    assert committed == set(range(RACE_ROUNDS)), "every add waits for the lock and commits"
    assert added_people(graph) == committed


def test_a_second_writer_waits_then_fails_naming_the_folder_and_holder(graph: Path, tmp_path: Path) -> None:
    from newskg.folder import lock

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from newskg.folder import lock\n"
         "with lock.writing(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)\n", str(graph)],
        stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        began = time.monotonic()
        result = run("add", str(person_file(tmp_path, 1)), "--graph", str(graph), "--wait", "0.5")
        assert time.monotonic() - began < 20
        assert result.returncode == 2
        no_traceback(result)
        assert "waiting up to 0.5 s" in result.stderr
        last = result.stderr.strip().splitlines()[-1]
        assert str(graph) in last and f"process {holder.pid}" in last
        assert lock.holder(graph) == holder.pid
    finally:
        holder.kill()
        holder.wait()
    assert run("add", str(person_file(tmp_path, 1)), "--graph", str(graph)).returncode == 0


def test_the_next_writer_removes_the_leftovers_of_a_killed_one(graph: Path, tmp_path: Path) -> None:
    left = graph.parent / f".{graph.name}.new-abc123"
    left.mkdir()
    (left / "asserted.ttl").write_text("half", encoding="utf-8")
    old = graph.parent / f".{graph.name}.old-xyz"
    old.mkdir()
    result = run("add", str(person_file(tmp_path, 2)), "--graph", str(graph))
    assert result.returncode == 0, result.stderr
    assert not left.exists() and not old.exists()


# ── 2. honest commits ────────────────────────────────────────────────────────


def all_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_whose_store_cannot_be_reached_changes_nothing(graph: Path) -> None:
    before = all_bytes(graph)
    result = run("build", "--articles", str(ARTICLES), "--out", str(graph), "-q", "-j", "1",
                 "--store", "sparql+http://127.0.0.1:1/x")
    assert result.returncode == 2
    no_traceback(result)
    assert "127.0.0.1:1" in result.stderr and "not changed" in result.stderr
    assert all_bytes(graph) == before
    assert run("query", "articles", "--graph", str(graph)).returncode == 0


def test_an_index_failure_after_the_commit_reports_the_commit(graph: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from newskg.cli import cli
    from newskg.folder import backends

    def full_disk(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backends.OxigraphBackend, "apply", full_disk)
    result = CliRunner().invoke(cli, ["add", str(person_file(tmp_path, 3)), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    assert "committed" in result.output and "No space left on device" in result.output
    assert "Traceback" not in result.output
    monkeypatch.undo()
    assert 3 in added_people(graph)
    # the index is rebuilt from the files by the next writer
    again = run("add", str(person_file(tmp_path, 4)), "--graph", str(graph))
    assert again.returncode == 0, again.stderr
    assert {3, 4} <= added_people(graph)


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def test_a_full_disk_add_reports_the_truth(built: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "3m"):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        outcomes = set()
        for free_kb in (1200, 600, 300, 150, 60, 10):
            for p in list(disk.iterdir()):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            graph = disk / "graph"
            shutil.copytree(built, graph)
            stat = os.statvfs(disk)
            fill = stat.f_bavail * stat.f_frsize - free_kb * 1024
            if fill > 0:
                with open(disk / "filler", "wb") as handle:
                    try:
                        handle.write(b"\0" * fill)
                    except OSError:
                        pass
            before = all_bytes(graph)
            result = run("add", str(person_file(tmp_path, 100 + free_kb)), "--graph", str(graph))
            no_traceback(result)
            (disk / "filler").unlink(missing_ok=True)
            present = 100 + free_kb in added_people(graph)
            if result.returncode == 0:
                assert present, result.stderr
                outcomes.add("committed")
            else:
                assert result.returncode == 2 and not present, result.stderr
                assert all_bytes(graph) == before
                assert "not changed" in result.stderr or "No space" in result.stderr
                outcomes.add("refused")
        print("outcomes:", sorted(outcomes))
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True, timeout=10)


# ── 3. corruption noticed ────────────────────────────────────────────────────

DAMAGEABLE = ("asserted.ttl", "inferred.ttl", "report.ttl", "manifest.json", "graph-inputs", "extractions.jsonl",
              "review.jsonl")
WAYS = ("deleted", "emptied", "truncated", "binary", "edited")


def damage_file(path: Path, way: str) -> None:
    data = path.read_bytes()
    if way == "deleted":
        path.unlink()
    elif way == "emptied":
        path.write_bytes(b"")
    elif way == "truncated":
        # half the file, never ending on a statement's final "." (a cut there would still parse)
        path.write_bytes(data[: len(data) // 2].rstrip(b". \t\n") if data else b"x")
    elif way == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif path.name == "manifest.json":  # edited counts, by hand
        manifest = json.loads(data)
        manifest["counts"]["asserted_triples"] += 1
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    elif path.name == "graph-inputs":  # (another well-formed key only means nothing is reused)
        path.write_bytes(data.replace(b"validation", b"validatiom"))
    elif data:  # one character changed, the size kept
        at = data.index(b"e")
        path.write_bytes(data[:at] + b"f" + data[at + 1:])
    else:
        path.write_bytes(b"\n")


def cli_run(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from newskg.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


@pytest.mark.parametrize("name", DAMAGEABLE)
def test_every_command_names_a_damaged_file(name: str, built: Path, tmp_path: Path) -> None:
    fact = person_file(tmp_path, 5)
    article_id = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["articles"][0]["id"]
    for way in WAYS + (("a list",) if name == "manifest.json" else ()):
        graph = tmp_path / way.replace(" ", "-") / "graph"
        shutil.copytree(built, graph)
        if way == "a list":
            (graph / name).write_text("[1, 2]\n", encoding="utf-8")
        else:
            damage_file(graph / name, way)
        if (graph / name).is_file() and (graph / name).read_bytes() == (built / name).read_bytes():
            continue  # emptying an empty file changes nothing
        if name == "graph-inputs" and way == "deleted":
            continue  # a folder without reuse keys (a fresh clone of graph/) is sound: the next build reuses nothing
        for command in (["query", "articles"], ["sparql", "ASK { ?s ?p ?o }"], ["export"], ["validate"],
                        ["validate", str(fact)], ["add", str(fact)], ["retract", article_id]):
            code, output = cli_run(*command, "--graph", str(graph))
            assert code == 2, (name, way, command, output)
            assert "Traceback" not in output
            last = output.strip().splitlines()[-1]
            assert "damaged" in last and name in last and "newskg build" in last, (name, way, command, last)


@pytest.mark.parametrize("name,way", [(n, WAYS[i % len(WAYS)] if n != "review.jsonl" else "edited")
                                        for i, n in enumerate(DAMAGEABLE)]
                         + [("asserted.ttl", w) for w in WAYS if w != "deleted"] + [("manifest.json", "edited")])
def test_build_rebuilds_a_damaged_folder_from_the_articles(name: str, way: str, built: Path, tmp_path: Path) -> None:
    from newskg.folder.integrity import check_folder

    graph = tmp_path / "graph"
    shutil.copytree(built, graph)
    damage_file(graph / name, way)
    code, output = cli_run("build", "--articles", str(ARTICLES), "--out", str(graph), "-j", "1")
    assert code == 0, output
    assert "is damaged" in output and "rebuilding it from the articles" in output
    assert "reused" not in output
    check_folder(graph)
    for same in ("asserted.ttl", "inferred.ttl", "report.ttl", "extractions.jsonl", "manifest.json"):
        assert (graph / same).read_bytes() == (built / same).read_bytes(), same


def test_a_rebuild_keeps_the_intact_additions_of_a_damaged_folder(graph: Path, tmp_path: Path) -> None:
    assert run("add", str(person_file(tmp_path, 6)), "--graph", str(graph)).returncode == 0
    damage_file(graph / "inferred.ttl", "truncated")
    code, output = cli_run("build", "--articles", str(ARTICLES), "--out", str(graph), "-j", "1")
    assert code == 0, output
    assert 6 in added_people(graph)


def test_a_damaged_folder_is_refused_by_serve(built: Path, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(built, graph)
    damage_file(graph / "asserted.ttl", "binary")
    result = run("serve", "--graph", str(graph), "--port", "1", timeout=60)
    assert result.returncode == 2
    no_traceback(result)
    assert "asserted.ttl" in result.stderr and "newskg build" in result.stderr


# ── 4. hostile input ─────────────────────────────────────────────────────────

LAUGHS = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(LAUGHS) + "\n]>\n"
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
    '  <rdf:Description rdf:about="https://newskg.dev/id/person/x"><rdfs:label>&lol9;</rdfs:label></rdf:Description>\n'
    "</rdf:RDF>\n")
YAML_BOMB = "---\n" + "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]) + "\ntitle: *a9\n---\nNASA said so.\n"
SPACE_IRI = """@prefix news: <https://newskg.dev/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://newskg.dev/id/person/a b> a news:Person ; rdfs:label "A B" .
"""
BAD_DATE_LITERAL = """@prefix news: <https://newskg.dev/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://newskg.dev/id/article/zz> a news:Article ; dcterms:identifier "zz" ;
    dcterms:title "A date that is none" ; dcterms:issued "2022-13-45"^^xsd:date .
"""


#: What one hostile input may cost (issue 14): seconds of CPU and MB of peak memory.  CPU time,
#: not wall time, is held to 5 s: it is the work the command does, and it does not grow when the
#: tests share the machine (``-n 2``, other jobs); wall time is bounded by ``seconds`` (a hang).
CPU_SECONDS, PEAK_MB = 5.0, 500


def limited(*args: str, seconds: float = 20) -> tuple[int, str, float, float]:
    """Run newskg; its exit status, stderr, seconds taken and peak memory (MB), held to
    ``CPU_SECONDS`` and ``PEAK_MB``."""
    import threading

    began = time.monotonic()
    process = subprocess.Popen([*NEWSKG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    chunks: list[bytes] = []
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: chunks.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - began > seconds:
            process.kill()
            os.wait4(process.pid, 0)
            raise AssertionError(f"{args} took more than {seconds} s")
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    took, peak, cpu = time.monotonic() - began, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    MEASURED.append((" ".join(Path(a).name if "/" in a else a for a in args[:2]), took, peak))
    assert peak < PEAK_MB, f"{args}: {peak:.0f} MB"
    assert cpu < CPU_SECONDS, f"{args}: {cpu:.1f} s of CPU"
    return process.returncode, b"".join(chunks).decode("utf-8", "replace"), took, peak


MEASURED: list[tuple[str, float, float]] = []


def refused(code: int, err: str, *words: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: "), err
    for word in words:
        assert word in last, (word, last)
    return last


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "bomb.rdf").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "bomb.txt").write_text(YAML_BOMB, encoding="utf-8")
    (folder / "space.ttl").write_text(SPACE_IRI, encoding="utf-8")
    (folder / "date.ttl").write_text(BAD_DATE_LITERAL, encoding="utf-8")
    (folder / "baddate.txt").write_text("---\ntitle: Bad date\npublished: 2022-13-45\n---\nNASA said so.\n",
                                        encoding="utf-8")
    os.mkfifo(folder / "fifo.ttl")
    os.mkfifo(folder / "fifo.txt")
    with open(folder / "huge.ttl", "wb") as handle:  # sparse: costs no disk
        handle.truncate(300 * 1024 * 1024)
    body = next(iter(sorted(ARTICLES.glob("*.txt")))).read_text(encoding="utf-8").split("---", 2)[-1]
    with open(folder / "long-article.txt", "w", encoding="utf-8") as handle:  # 5 MB of real sentences
        handle.write("---\ntitle: A very long article\npublished: 2022-07-26\n---\n")
        handle.write(body * (5 * 1024 * 1024 // len(body) + 1))
    return folder


@pytest.mark.parametrize("command", ["add", "validate"])
def test_an_xml_entity_bomb_is_refused_at_once(command: str, graph: Path, hostile: Path) -> None:
    code, err, took, _ = limited(command, str(hostile / "bomb.rdf"), "--graph", str(graph))
    refused(code, err, "bomb.rdf", "entit")


def test_a_yaml_alias_bomb_is_refused_at_once(graph: Path, hostile: Path, tmp_path: Path) -> None:
    code, err, _, _ = limited("add", str(hostile / "bomb.txt"), "--graph", str(graph))
    refused(code, err, "bomb.txt", "alias")
    refused(*_built_alone(hostile / "bomb.txt", tmp_path), "bomb.txt", "alias")


@pytest.mark.parametrize("name", ["/dev/zero", "fifo.ttl", "fifo.txt"])
@pytest.mark.parametrize("command", ["add", "validate"])
def test_a_file_that_is_not_a_regular_file_is_refused_at_once(command: str, name: str, graph: Path,
                                                               hostile: Path) -> None:
    path = name if name.startswith("/") else str(hostile / name)
    code, err, _, _ = limited(command, path, "--graph", str(graph))
    refused(code, err, Path(path).name, "not a regular file")


@pytest.mark.parametrize("command", ["add", "validate"])
def test_a_huge_file_is_refused_by_its_size(command: str, graph: Path, hostile: Path) -> None:
    code, err, _, _ = limited(command, str(hostile / "huge.ttl"), "--graph", str(graph))
    refused(code, err, "huge.ttl", "MB")


def test_a_5_mb_article_is_refused_by_its_size_before_extraction(graph: Path, hostile: Path, tmp_path: Path) -> None:
    """Its extraction took 36 s; an article over NEWSKG_MAX_ARTICLE_MB (1 MB) is refused unread."""
    assert (hostile / "long-article.txt").stat().st_size > 5 * 1024 * 1024
    last = refused(*limited("add", str(hostile / "long-article.txt"), "--graph", str(graph))[:2],
                   "long-article.txt", "MB", "NEWSKG_MAX_ARTICLE_MB")
    assert "1 MB" in last
    refused(*_built_alone(hostile / "long-article.txt", tmp_path), "long-article.txt", "NEWSKG_MAX_ARTICLE_MB")


def test_the_article_size_limit_is_settable(graph: Path, hostile: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "short.txt"
    article.write_text("---\ntitle: Short\n---\n" + "NASA said so. " * 1000, encoding="utf-8")  # 14 KB
    monkeypatch.setitem(ENV, "NEWSKG_MAX_ARTICLE_MB", "0.01")
    refused(*limited("add", str(article), "--graph", str(graph))[:2], "short.txt", "14 KB", "the 10 KB")


def test_a_malformed_published_date_names_the_file_and_field(graph: Path, hostile: Path, tmp_path: Path) -> None:
    code, err, _, _ = limited("add", str(hostile / "baddate.txt"), "--graph", str(graph))
    refused(code, err, "baddate.txt", "published")
    refused(*_built_alone(hostile / "baddate.txt", tmp_path), "baddate.txt", "published")


def _built_alone(article: Path, tmp_path: Path) -> tuple[int, str]:
    """A build of a folder holding only ``article``: its exit code and stderr."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(article, articles / article.name)
    code, err, _, _ = limited("build", "--articles", str(articles), "--out", str(tmp_path / "out"), "-q", "-j", "1")
    return code, err


@pytest.mark.parametrize("command", ["add", "validate"])
def test_an_iri_with_a_space_is_refused_with_its_line(command: str, graph: Path, hostile: Path) -> None:
    code, err, _, _ = limited(command, str(hostile / "space.ttl"), "--graph", str(graph))
    refused(code, err, "space.ttl", "line 4")


def test_an_invalid_date_literal_gives_the_shape_report_without_a_traceback(graph: Path, hostile: Path) -> None:
    code, err, _, _ = limited("validate", str(hostile / "date.ttl"), "--graph", str(graph))
    assert code == 1, err
    assert "Traceback" not in err and "2022-13-45" in err


def test_check_verifies_every_hash_even_of_a_file_whose_time_was_set_back(graph: Path) -> None:
    code, output = cli_run("check", "--graph", str(graph))
    assert code == 0, output
    assert "sha256" in output and "conforms" in output
    path = graph / "inferred.ttl"
    data = path.read_bytes()
    stat = path.stat()
    at = data.index(b"<") + 1
    path.write_bytes(data[:at] + (b"Q" if data[at:at + 1] != b"Q" else b"R") + data[at + 1:])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and time kept: only a hash tells
    code, output = cli_run("check", "--graph", str(graph))
    assert code == 2
    assert "inferred.ttl" in output and "sha256" in output and "newskg build" in output


@pytest.mark.parametrize("way", ["truncated", "binary"])
def test_a_folder_whose_manifest_lists_no_files_is_still_checked_for_parsing(way: str, graph: Path,
                                                                             tmp_path: Path) -> None:
    from newskg.folder.store import serialize_manifest

    manifest = json.loads((graph / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]
    (graph / "manifest.json").write_bytes(serialize_manifest(manifest))  # as an older newskg wrote it
    assert cli_run("query", "articles", "--graph", str(graph))[0] == 0
    damage_file(graph / "asserted.ttl", way)
    for command in (["export"], ["add", str(person_file(tmp_path, 7))], ["retract", "x"], ["query", "articles"]):
        code, output = cli_run(*command, "--graph", str(graph))
        assert code == 2 and "asserted.ttl" in output and "newskg build" in output, (command, output)
