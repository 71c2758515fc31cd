"""NVML stand-ins for the GPU metrics tests (nvidia-ml-py's `pynvml` module has the same calls)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


class NoGpu:
    def nvmlInit(self) -> None:
        raise OSError("NVML Shared Library Not Found")


class NotSupported(Exception):
    pass


class TwoGpus:
    """An NVML stand-in: two cards, the second reporting no power draw."""

    NVML_TEMPERATURE_GPU = 0

    def nvmlInit(self) -> None:
        return None

    def nvmlDeviceGetCount(self) -> int:
        return 2

    def nvmlDeviceGetHandleByIndex(self, index: int) -> int:
        return index

    def nvmlDeviceGetName(self, handle: int) -> bytes:
        return b"NVIDIA H100 80GB HBM3"

    def nvmlDeviceGetUtilizationRates(self, handle: int) -> Any:
        return SimpleNamespace(gpu=[87, 3][handle], memory=40)

    def nvmlDeviceGetMemoryInfo(self, handle: int) -> Any:
        return SimpleNamespace(used=[76 << 30, 1 << 30][handle], total=80 << 30)

    def nvmlDeviceGetTemperature(self, handle: int, sensor: int) -> int:
        return [71, 35][handle]

    def nvmlDeviceGetPowerUsage(self, handle: int) -> int:
        if handle == 1:
            raise NotSupported
        return 612_500  # milliwatts
