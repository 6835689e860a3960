"""The frames behind a briefing's tables: ``briefing.frames["targets"]`` and the like.

Each table a department reads is a formatting of one of these frames (snake_case columns,
unformatted numbers), so an analyst can take the exact numbers behind any table. A frame is
computed when first asked for and kept.

Examples
--------
>>> import pandas as pd
>>> frames = BriefingFrames({"answer": lambda: pd.DataFrame({"value": [42]})})
>>> list(frames), frames["answer"]["value"].tolist()
(['answer'], [42])
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pandas as pd


class BriefingFrames(Mapping[str, pd.DataFrame]):
    """A read-only mapping of table name → frame, each built on first access."""

    def __init__(self, builders: Mapping[str, Callable[[], pd.DataFrame]]) -> None:
        self._builders = dict(builders)
        self._built: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._builders:
            raise KeyError(f"no frame {name!r}; the frames are: {', '.join(self._builders)}")
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name].copy()

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def __repr__(self) -> str:
        return f"BriefingFrames({', '.join(self._builders)})"
