from __future__ import annotations

from pathlib import Path

import pytest

from newskg.errors import ArticleError
from newskg.extract.articles import read_article, read_articles


def test_front_matter_is_parsed_and_body_kept_verbatim(articles_tmp: Path) -> None:
    path = articles_tmp / "a1.txt"
    body = "  Roscosmos said on Monday.\n\n  Rogozin  left.\n"
    path.write_text(
        "---\ntitle: \"Rogozin leaves\"\nsource: TASS\npublished: \"2022-07-15\"\n"
        "url: https://example.org/a1\nlanguage: en\n---\n" + body,
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.id == "a1"
    assert article.title == "Rogozin leaves"
    assert article.source == "TASS"
    assert article.published == "2022-07-15"
    assert article.url == "https://example.org/a1"
    assert article.language == "en"
    assert article.text == body  # not stripped: offsets stay valid
    assert article.text[article.text.index("Rogozin"):].startswith("Rogozin  left.")


def test_plain_file_without_front_matter(articles_tmp: Path) -> None:
    (articles_tmp / "plain.txt").write_text("Just a sentence.\n", encoding="utf-8")
    article = read_article(articles_tmp / "plain.txt")
    assert article.text == "Just a sentence.\n"
    assert article.title is None and article.published is None


def test_yaml_date_object_becomes_iso_string(articles_tmp: Path) -> None:
    (articles_tmp / "d.txt").write_text("---\npublished: 2022-04-12\n---\nText.", encoding="utf-8")
    assert read_article(articles_tmp / "d.txt").published == "2022-04-12"


def test_articles_sorted_md_and_txt_only(articles_tmp: Path) -> None:
    for name in ("b.txt", "a.md", "c.txt", "notes.csv"):
        (articles_tmp / name).write_text("x", encoding="utf-8")
    assert [a.id for a in read_articles(articles_tmp)] == ["a", "b", "c"]


def test_binary_file_names_the_file(articles_tmp: Path) -> None:
    (articles_tmp / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match="bad.txt"):
        list(read_articles(articles_tmp))


def test_latin1_file_names_the_file_and_line(articles_tmp: Path) -> None:
    (articles_tmp / "latin.txt").write_bytes("ok\nRoscosmos d\xe9clare".encode("latin-1"))
    with pytest.raises(ArticleError, match=r"latin.txt, line 2.*UTF-8"):
        read_article(articles_tmp / "latin.txt")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such articles folder"):
        list(read_articles(tmp_path / "nowhere"))


def test_empty_folder(articles_tmp: Path) -> None:
    with pytest.raises(ArticleError, match="no articles"):
        list(read_articles(articles_tmp))


def test_malformed_front_matter_names_the_file(articles_tmp: Path) -> None:
    (articles_tmp / "fm.txt").write_text("---\ntitle: [unclosed\n---\nBody.", encoding="utf-8")
    with pytest.raises(ArticleError, match="fm.txt.*front matter"):
        read_article(articles_tmp / "fm.txt")


def test_unclosed_front_matter(articles_tmp: Path) -> None:
    (articles_tmp / "open.txt").write_text("---\ntitle: x\nBody without end.", encoding="utf-8")
    with pytest.raises(ArticleError, match="open.txt.*never closed"):
        read_article(articles_tmp / "open.txt")


def test_bad_published_date(articles_tmp: Path) -> None:
    (articles_tmp / "d.txt").write_text("---\npublished: sometime\n---\nText.", encoding="utf-8")
    with pytest.raises(ArticleError, match="published"):
        read_article(articles_tmp / "d.txt")


def test_bundled_articles_read(articles_dir: Path) -> None:
    articles = list(read_articles(articles_dir))
    assert articles and all(a.text for a in articles)
    assert articles[0].published == "2022-04-12"


@pytest.mark.parametrize("opening, published", [
    ("WASHINGTON, March 3, 2022 -- NASA said on Monday ...", "2022-03-03"),
    ("Paris, 3 March 2022 (AFP) - ESA said ...", "2022-03-03"),
    ("Sept. 14, 2021\nRoscosmos said on Friday ...", "2021-09-14"),
    ("MOSCOW, March 3 -- Roscosmos said ...", None),          # no year: not a full date
    ("NASA said on March 3, 2022 that ...", None),            # a date in the text, not a dateline
])
def test_a_dateline_dates_an_article_without_front_matter(articles_tmp: Path, opening: str, published: str | None) -> None:
    path = articles_tmp / "plain.txt"
    path.write_text(opening + "\n", encoding="utf-8")
    assert read_article(path).published == published


def test_the_front_matter_date_wins_over_a_dateline(articles_tmp: Path) -> None:
    path = articles_tmp / "dated.txt"
    path.write_text("---\npublished: 2022-03-04\n---\nWASHINGTON, March 3, 2022 -- NASA said ...\n", encoding="utf-8")
    assert read_article(path).published == "2022-03-04"
