import sys

import pytest
from papermill.exceptions import PapermillExecutionError

from hongtonglib.briefing import kernel
from hongtonglib.briefing.failure import failure_from_exception


def test_kernel_registered_into_sys_prefix_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    from ipykernel import kernelspec as ipykernel_spec
    from jupyter_client import kernelspec

    def missing(self, name):
        raise kernelspec.NoSuchKernel(name)

    calls: list[dict] = []
    monkeypatch.setattr(kernelspec.KernelSpecManager, "get_kernel_spec", missing)
    monkeypatch.setattr(ipykernel_spec, "install", lambda **kw: calls.append(kw) or "/k/dir")
    assert kernel.ensure_kernel("hongtong") == "/k/dir"
    assert calls == [
        {
            "kernel_name": "hongtong",
            "display_name": "Python (hongtong)",
            "prefix": sys.prefix,
            "env": kernel.KERNEL_ENV,
        }
    ]


def test_registered_kernel_is_found() -> None:
    assert kernel.ensure_kernel(kernel.KERNEL_NAME).endswith("hongtong")


def test_failure_of_a_cell_names_cell_error_and_source() -> None:
    error = PapermillExecutionError(
        cell_index=4,
        exec_count=3,
        source='raise ValueError("坏")',
        ename="ValueError",
        evalue="坏",
        traceback=["\x1b[0;31mValueError\x1b[0m: 坏"],
    )
    info = failure_from_exception(error, "execute")
    assert info.headline() == "ValueError: 坏 (cell 4, execution count 3)"
    assert info.cell_source == 'raise ValueError("坏")'
    assert info.traceback == "ValueError: 坏"  # colour codes removed


def test_failure_of_the_kernel_is_described_by_its_exception() -> None:
    info = failure_from_exception(RuntimeError("Kernel died before replying"), "execute")
    assert info.headline() == "RuntimeError: Kernel died before replying"
    assert info.cell_index is None and info.to_dict()["stage"] == "execute"
