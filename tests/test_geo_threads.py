"""The dask engine checks blocks on threads, and each may load country shapes for the first time:
loading them side by side must give the same shapes as loading them one by one."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from mideast_events import countries, geo


def _fresh() -> None:
    for f in (geo.shape, geo._feature_index, geo._reader):  # noqa: SLF001 - the caches under test
        f.cache_clear()


def test_shapes_loaded_by_many_threads_are_the_shapes_loaded_by_one():
    isos = sorted({int(i) for i in countries.acled_countries()["iso"] if int(i) > 0})[:120]
    _fresh()
    one_by_one = {i: geo.shape(i) for i in isos}
    for _ in range(3):
        _fresh()
        with ThreadPoolExecutor(8) as pool:
            together = dict(zip(isos, pool.map(geo.shape, isos)))
        assert {i for i, g in together.items() if g is None} == {i for i, g in one_by_one.items() if g is None}
        differ = [i for i in isos if one_by_one[i] is not None and not one_by_one[i].equals(together[i])]
        assert differ == []
