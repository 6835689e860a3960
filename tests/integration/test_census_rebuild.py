"""The committed compact census tables are exactly what the build makes from data/raw."""

import gzip
from pathlib import Path

import pytest

from hongtonglib import paths
from hongtonglib.census.build import build_census_tables


@pytest.mark.integration
def test_census_tables_rebuild_identically(tmp_path: Path) -> None:
    written = build_census_tables(out_dir=tmp_path)
    assert [path.name for path in written] == [
        "county_2010.csv.gz",
        "county_2020.csv.gz",
        "build_log.csv",
    ]
    for path in written:
        committed = paths.census_dir() / path.name
        if path.suffix == ".gz":
            assert gzip.decompress(path.read_bytes()) == gzip.decompress(committed.read_bytes())
        assert path.read_bytes() == committed.read_bytes(), f"{path.name} differs"
