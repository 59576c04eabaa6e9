"""Words, stems and snippets: the pure text side of search (no Django, no database).

SQLite has no Russian or English stemmer, so the words of every document and query are stemmed
here with Snowball (Cyrillic words by the Russian stemmer, the others by the English one) and
the index holds the stems. PostgreSQL stems with its own dictionaries; both share the snippet
code below, which turns text marked by the database into fragments a template escapes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# The database marks highlighted words with these two control characters: they are removed from
# every indexed text (`clean`), so a document cannot fake a highlight, and never reach a page.
START = "\x02"
STOP = "\x03"
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
SNIPPET_CHARS = 240

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_STEMMERS = {
    "russian": snowballstemmer.stemmer("russian"),
    "english": snowballstemmer.stemmer("english"),
}


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of a snippet; `is_match` pieces are the words that matched the query."""

    text: str
    is_match: bool


def clean(text: str) -> str:
    """Text as it is indexed: control characters (the highlight markers among them) become
    spaces, so the text keeps its length."""
    return _CONTROL.sub(" ", text)


def fold(text: str) -> str:
    """ё is written е as often as not: fold it, character for character (the length stays)."""
    return text.replace("ё", "е").replace("Ё", "Е")


def words(text: str) -> list[str]:
    """Lower-case words as SQLite's unicode61 tokenizer cuts them (underscore separates)."""
    return _WORD.findall(fold(text).lower())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word: Russian for Cyrillic words, English otherwise."""
    language = "russian" if _CYRILLIC.search(word) else "english"
    return str(_STEMMERS[language].stemWord(word))


def stems(text: str) -> str:
    """The text's stems, space separated, in order: what the SQLite index matches on."""
    return " ".join(stem(strip_accents(word)) for word in words(text))


def strip_accents(word: str) -> str:
    """café -> cafe, as unicode61 with remove_diacritics 2 folds Latin letters (й stays й)."""
    if word.isascii() or _CYRILLIC.search(word):
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _letters(word: str) -> str:
    """Accents stripped from each Latin letter, as unicode61 does letter by letter (in a word
    mixing scripts too); Cyrillic letters are kept (й stays й)."""
    if word.isascii():
        return word
    return "".join(
        char
        if _CYRILLIC.match(char)
        else "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        for char in word
    )


def query_words(query: str) -> list[str]:
    """The distinct words of a query, in order (the caller has checked its length)."""
    return list(dict.fromkeys(strip_accents(word) for word in words(query)))


def fts5_query(
    query_words: list[str], *, any_word: bool = False, owner_id: int | None = None
) -> str:
    """An FTS5 MATCH expression on the `stems` column: every stem (or, `any_word`, one of them)
    must be there; it decides the hits and their rank. With `owner_id`, only documents carrying
    that owner's token in the `owner` column (those the owner may read). (The words are marked
    in the text by `highlight`, in Python: a prefix query on the text cost FTS5 a walk of every
    word with that prefix per document looked up, 50 ms each at 1M documents.) Words are letters
    and digits only, so the quotes cannot be broken out of."""
    stems_ = list(dict.fromkeys(stem(word) for word in query_words))
    match = "stems : (" + (" OR " if any_word else " AND ").join(f'"{s}"' for s in stems_) + ")"
    if owner_id is not None:
        match += f' AND owner : ("{owner_token(int(owner_id))}")'
    return match


def owner_token(owner_id: int) -> str:
    """The word of the FTS `owner` column naming a customer: a column no query of words names."""
    return f"o{owner_id}"


def highlight(original: str, query_words: list[str]) -> str:
    """`original` (indexed text: `clean`ed) with START/STOP around each word that begins with a
    query word or its stem once folded as the index folds it (`fold`, lower case, Latin accents
    stripped): what FTS5's highlight() marks for the prefix queries `"word"*` on the folded
    text, without asking the database (tests compare the two)."""
    prefixes = tuple(
        dict.fromkeys(_letters(p) for p in [*(stem(word) for word in query_words), *query_words])
    )
    if not prefixes:
        return original
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(fold(original)):
        if _letters(match.group().lower()).startswith(prefixes):
            start, end = match.span()
            out += [original[last:start], START, original[start:end], STOP]
            last = end
    out.append(original[last:])
    return "".join(out)


def marked_words(marked: str) -> list[str]:
    """The marked words of `highlight`'s output, lower case, in order."""
    return [piece.lower() for piece, is_match in _split_marked(marked) if is_match]


def fragments(marked: str, *, limit: int = SNIPPET_CHARS) -> list[Fragment]:
    """Split text marked with START/STOP into fragments and cut it to about `limit` characters
    around the first match, with an ellipsis where text was left out. Whitespace is collapsed."""
    pieces = _split_marked(_SPACES.sub(" ", marked).strip())
    plain = "".join(text for text, _ in pieces)
    first = 0
    offset = 0
    for text, is_match in pieces:
        if is_match:
            first = offset
            break
        offset += len(text)
    start = _word_start(plain, max(0, first - limit // 4))
    end = _word_end(plain, min(len(plain), start + limit))
    result: list[Fragment] = [Fragment("…", is_match=False)] if start > 0 else []
    offset = 0
    for text, is_match in pieces:
        a, b = max(start, offset), min(end, offset + len(text))
        if a < b:
            result.append(Fragment(text[a - offset : b - offset], is_match))
        offset += len(text)
    if end < len(plain):
        result.append(Fragment("…", is_match=False))
    return result


def _split_marked(marked: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    is_match = False
    for part in re.split(f"([{START}{STOP}])", marked):
        if part == START:
            is_match = True
        elif part == STOP:
            is_match = False
        elif part:
            pieces.append((part, is_match))
    return pieces


def _word_start(text: str, index: int) -> int:
    """Move `index` forward to the start of a word (unless it is 0)."""
    if index == 0:
        return 0
    space = text.find(" ", index)
    return index if space == -1 or space - index > 20 else space + 1


def _word_end(text: str, index: int) -> int:
    """Move `index` back to the end of a word (unless it is the end of the text)."""
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return index if space == -1 or index - space > 20 else space
