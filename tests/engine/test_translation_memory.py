"""The translation memory on its own: storage, keys, stats, clearing, a damaged file."""

import sqlite3
import threading
import warnings

import pytest

from translator.engine.cache import TranslationMemory


def test_store_and_lookup_by_key(tmp_path):
    memory = TranslationMemory(tmp_path / "m.sqlite3")
    memory.store("k1", {"le chat": "the cat", "la maison": "the house"})
    memory.store("k2", {"le chat": "the dog"})
    assert memory.lookup("k1", ["le chat", "absent", "la maison"]) == {"le chat": "the cat", "la maison": "the house"}
    assert memory.lookup("k2", ["le chat", "la maison"]) == {"le chat": "the dog"}
    assert memory.stats()["entries"] == 3 and memory.stats()["engines"] == 2


def test_lookup_of_many_sources_crosses_the_variable_limit(tmp_path):
    memory = TranslationMemory(tmp_path / "m.sqlite3")
    memory.store("k", {f"s{i}": f"t{i}" for i in range(2500)})
    found = memory.lookup("k", [f"s{i}" for i in range(0, 3000, 2)])
    assert len(found) == 1250 and found["s2498"] == "t2498"


def test_clear_empties_and_reopening_keeps_entries(tmp_path):
    path = tmp_path / "m.sqlite3"
    TranslationMemory(path).store("k", {"a": "b"})
    assert TranslationMemory(path).lookup("k", ["a"]) == {"a": "b"}
    assert TranslationMemory(path).clear() == 1
    assert TranslationMemory(path).stats()["entries"] == 0


def test_damaged_file_is_set_aside_not_fatal(tmp_path):
    path = tmp_path / "m.sqlite3"
    path.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.warns(UserWarning, match="unreadable"):
        memory = TranslationMemory(path)
    memory.store("k", {"a": "b"})
    assert memory.lookup("k", ["a"]) == {"a": "b"}
    assert [p.name for p in tmp_path.glob("m.sqlite3.damaged-*")]


def test_a_memory_locked_by_another_process_at_open_is_waited_for_not_set_aside(tmp_path):
    path = tmp_path / "shared.sqlite3"
    first = TranslationMemory(path)
    first.store("engine", {"le chat": "the cat"})
    first.close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode = DELETE")  # switching back to WAL needs the lock the holder keeps
    holder.execute("BEGIN EXCLUSIVE")
    threading.Timer(0.5, lambda: holder.execute("COMMIT")).start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # setting the file aside warns: it must not happen
        memory = TranslationMemory(path, timeout=10)
    assert memory.lookup("engine", ["le chat"]) == {"le chat": "the cat"}
    assert not list(tmp_path.glob("*.damaged-*"))
    holder.close()


def test_a_memory_still_locked_when_the_wait_ends_is_an_error_and_its_file_stays(tmp_path):
    path = tmp_path / "shared.sqlite3"
    first = TranslationMemory(path)
    first.store("engine", {"le chat": "the cat"})
    first.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        TranslationMemory(path, timeout=0.3)
    holder.execute("COMMIT")
    holder.close()
    assert not list(tmp_path.glob("*.damaged-*"))  # a lock is not damage: nothing is set aside
    assert TranslationMemory(path).lookup("engine", ["le chat"]) == {"le chat": "the cat"}


def _read_only(memory: TranslationMemory) -> None:
    """Swap the memory's connection for a read-only one, as on a read-only mount or immutable file."""
    memory._connection.close()
    memory._connection = sqlite3.connect(f"file:{memory.path}?mode=ro", uri=True, isolation_level=None)


def test_a_memory_that_cannot_be_written_warns_once_and_stores_nothing(tmp_path):
    memory = TranslationMemory(tmp_path / "m.sqlite3")
    memory.store("k", {"a": "b"})
    _read_only(memory)
    with pytest.warns(UserWarning, match="cannot be written"):
        memory.store("k", {"c": "d"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        memory.store("k", {"e": "f"})
    assert memory.lookup("k", ["a", "c"]) == {"a": "b"}


def test_a_read_only_command_leaves_a_damaged_file_where_it_is(tmp_path):
    path = tmp_path / "m.sqlite3"
    path.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        TranslationMemory(path, set_aside=False)
    assert [p.name for p in tmp_path.iterdir()] == ["m.sqlite3"]
