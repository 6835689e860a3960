"""Fixtures of the integration tests (helpers in ``rendertree.py``)."""

from rendertree import rendered

__all__ = ["rendered"]
