"""`text.highlight` marks in Python what FTS5's highlight() marked for the prefix queries the
SQLite engine used to send (`body : ("word"* OR "stem"*)` on the folded text): the same words,
on any text, checked against FTS5 itself (an in-memory table with the index's tokenizer)."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.search import text

ALPHABET = "aemnoptsčéüßёЁйЙлатежПЛАТЁЖçÇ019 ,.-_'\n"


def _fts5_marks(original: str, words: list[str]) -> str | None:
    """FTS5's highlight() of the folded text for the prefix query, or None when no word matches."""
    prefixes = dict.fromkeys([*(text.stem(w) for w in words), *words])
    query = "body : (" + " OR ".join(f'"{p}"*' for p in prefixes) + ")"
    with sqlite3.connect(":memory:") as db:
        db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.execute("INSERT INTO t (rowid, body) VALUES (1, ?)", [text.fold(original)])
        row = db.execute(
            "SELECT highlight(t, 0, char(2), char(3)) FROM t WHERE t MATCH ?", [query]
        ).fetchone()
    return None if row is None else row[0]


def _check(original: str, query: str) -> None:
    words = text.query_words(query)
    if not words:
        return
    marked = text.highlight(original, words)
    expected = _fts5_marks(original, words)
    if expected is None:
        assert text.START not in marked
    else:
        assert text.fold(marked) == expected
    # and the marks go around the original characters, which are all kept
    assert marked.replace(text.START, "").replace(text.STOP, "") == original


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=60), st.text(ALPHABET, min_size=1, max_size=12))
def test_python_marks_the_words_fts5_marks(original, query):
    _check(text.clean(original), query)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("aemnoptsлатежёй", min_size=1, max_size=8), min_size=1, max_size=8), st.data()
)
def test_python_marks_the_words_fts5_marks_when_a_word_is_asked_for(tokens, data):
    # a query made of a prefix of some word of the text, so that there is a match to mark
    original = " ".join(tokens)
    word = data.draw(st.sampled_from(tokens))
    query = word[: data.draw(st.integers(1, len(word)))]
    _check(original, query)


def test_examples():
    assert text.highlight("Платёж не прошёл, payments failed", ["платежи"]) == (
        "\x02Платёж\x03 не прошёл, payments failed"
    )
    assert text.highlight("Café PAYMENTS", ["payment", "cafe"]) == "\x02Café\x03 \x02PAYMENTS\x03"
    assert text.highlight("nothing here", ["payment"]) == "nothing here"
