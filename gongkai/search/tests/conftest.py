import pytest

from gongkai.search import engine


@pytest.fixture
def search_index(settings, tmp_path):
    """A private, empty index for one test; call ``index()`` to apply the outbox."""
    from gongkai.disclosure.search import forget_ancestors
    from gongkai.search.indexer import apply_outbox

    settings.GONGKAI_SEARCH_INDEX_DIR = str(tmp_path / "index")
    engine.forget_indexes()
    forget_ancestors()
    yield apply_outbox
    engine.forget_indexes()
