"""Every parameter file of the project matches its notebook's declared parameters."""

import pytest

from hongtonglib.briefing.catalog import discover_briefings, known_ids
from hongtonglib.briefing.parameters import validate_briefings


def test_every_parameter_file_is_valid(repo_root) -> None:
    briefings = discover_briefings(repo_root)
    if not briefings:
        pytest.skip("no parameter files under parameters/ yet")
    values = validate_briefings(briefings, known_ids(), root=repo_root)
    assert set(values) == {b.name for b in briefings}
