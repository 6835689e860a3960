"""The analyst API's names (``hongtonglib.<name>``, loaded lazily) are not submodule names.

Importing a submodule sets it as an attribute of its package, so a module
``hongtonglib/observations.py`` would hide the function ``hongtonglib.observations`` as soon as
anything imported it (PEP 562's ``__getattr__`` is never asked for a name that exists).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import hongtonglib

PACKAGE = Path(hongtonglib.__file__).resolve().parent


@pytest.mark.parametrize("name", sorted(hongtonglib._EXPORTS))
def test_public_name_is_not_a_submodule(name: str) -> None:
    assert not (PACKAGE / f"{name}.py").exists(), f"hongtonglib/{name}.py hides ht.{name}"
    assert not (PACKAGE / name).is_dir(), f"hongtonglib/{name}/ hides ht.{name}"
