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


KNOWN = {
    # i10's ht.indicators() and the hongtonglib.indicators subpackage share the name: until
    # one is renamed, ht.indicators is the subpackage whenever it was imported first.
    "indicators": "ht.indicators() is shadowed by the hongtonglib.indicators subpackage",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN[n])) if n in KNOWN else n
        for n in sorted(hongtonglib._EXPORTS)
    ],
)
def test_public_name_is_not_a_submodule(name: str) -> None:
    assert not (PACKAGE / f"{name}.py").exists(), f"hongtonglib/{name}.py hides ht.{name}"
    assert not (PACKAGE / name).is_dir(), f"hongtonglib/{name}/ hides ht.{name}"
