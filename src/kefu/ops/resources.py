"""Resource metrics, read when Prometheus scrapes: kefu's processes, the host, the NVIDIA GPUs.

Processes: every kefu worker (in multiprocess mode, each process that left values in the shared
directory and still runs) and their children (llama-server), labelled `pid` and `name`. Host:
CPU time, memory, network bytes (all interfaces but loopback). GPUs through NVML
(nvidia-ml-py): on a machine without an NVIDIA GPU or driver the GPU series are absent, not 0.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric

log = logging.getLogger(__name__)
CPU_MODES = ("user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal")
_WORKER_FILE = re.compile(r"_(\d+)\.db$")


@dataclass(frozen=True)
class GpuReading:
    """One GPU at one moment; a field the device does not report is None."""

    index: int
    name: str
    utilization: float | None = None  # 0..1
    memory_used_bytes: int | None = None
    memory_total_bytes: int | None = None
    temperature_celsius: float | None = None
    power_watts: float | None = None


class NvmlGpus:
    """NVIDIA GPUs through NVML. `nvml` is the `pynvml` module (tests pass a stand-in)."""

    def __init__(self, nvml: Any = None) -> None:
        self._nvml = nvml
        self._ready: bool | None = None  # None: not tried yet; False: no NVIDIA driver or GPU

    def _start(self) -> bool:
        if self._ready is None:
            try:
                if self._nvml is None:
                    import pynvml

                    self._nvml = pynvml
                self._nvml.nvmlInit()
                self._ready = True
            except Exception as exc:  # NVMLError (no driver, no GPU) or a missing library
                log.debug("no NVIDIA GPU metrics: %s", exc)
                self._ready = False
        return self._ready

    def read(self) -> list[GpuReading]:
        if not self._start():
            return []
        try:
            return [_read_device(self._nvml, index) for index in range(self._nvml.nvmlDeviceGetCount())]
        except Exception as exc:  # the driver went away: no GPU series this time
            log.warning("reading the GPUs failed: %s", exc)
            return []


def _read_device(nvml: Any, index: int) -> GpuReading:
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    memory = _try(lambda: nvml.nvmlDeviceGetMemoryInfo(handle))
    return GpuReading(
        index,
        _text(_try(lambda: nvml.nvmlDeviceGetName(handle))) or "unknown",
        _try(lambda: nvml.nvmlDeviceGetUtilizationRates(handle).gpu / 100.0),
        int(memory.used) if memory is not None else None,
        int(memory.total) if memory is not None else None,
        _try(lambda: float(nvml.nvmlDeviceGetTemperature(handle, nvml.NVML_TEMPERATURE_GPU))),
        _try(lambda: nvml.nvmlDeviceGetPowerUsage(handle) / 1000.0),  # milliwatts
    )


def _try(read: Callable[[], Any]) -> Any:
    """A reading, or None where the device does not support it (NVMLError_NotSupported...)."""
    try:
        return read()
    except Exception:
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


class ResourceCollector:
    """A prometheus-client collector: reads processes, host and GPUs each time it is collected."""

    def __init__(self, multiproc_dir: Path | None = None, gpus: NvmlGpus | None = None) -> None:
        self.multiproc_dir = multiproc_dir
        self.gpus = gpus or NvmlGpus()

    def collect(self) -> Iterator[Metric]:
        yield from self._processes()
        yield from self._host()
        yield from gpu_families(self.gpus.read())

    def _worker_pids(self) -> set[int]:
        pids = {os.getpid()}
        if self.multiproc_dir is not None:
            with contextlib.suppress(OSError):
                for entry in os.scandir(self.multiproc_dir):
                    found = _WORKER_FILE.search(entry.name)
                    if found:
                        pids.add(int(found.group(1)))
        return pids

    def _processes(self) -> Iterator[Metric]:
        cpu = CounterMetricFamily(
            "kefu_process_cpu_seconds", "CPU time of kefu's processes", labels=["pid", "name", "mode"]
        )
        memory = GaugeMetricFamily(
            "kefu_process_resident_memory_bytes",
            "Resident memory of kefu's processes",
            labels=["pid", "name"],
        )
        threads = GaugeMetricFamily(
            "kefu_process_threads", "Threads of kefu's processes", labels=["pid", "name"]
        )
        for process in _with_children(self._worker_pids()):
            try:
                with process.oneshot():
                    pid, name = str(process.pid), process.name()[:32]
                    times = process.cpu_times()
                    rss = process.memory_info().rss
                    count = process.num_threads()
            except psutil.Error:  # it ended meanwhile
                continue
            cpu.add_metric([pid, name, "user"], times.user)
            cpu.add_metric([pid, name, "system"], times.system)
            memory.add_metric([pid, name], rss)
            threads.add_metric([pid, name], count)
        yield from (cpu, memory, threads)

    def _host(self) -> Iterator[Metric]:
        times = psutil.cpu_times()
        cpu = CounterMetricFamily("kefu_host_cpu_seconds", "CPU time of the host, all cores", labels=["mode"])
        for mode in CPU_MODES:
            if hasattr(times, mode):
                cpu.add_metric([mode], getattr(times, mode))
        yield cpu
        yield GaugeMetricFamily(
            "kefu_host_cpu_count", "Logical CPUs of the host", value=psutil.cpu_count() or 0
        )
        memory = psutil.virtual_memory()
        yield GaugeMetricFamily("kefu_host_memory_total_bytes", "Memory of the host", value=memory.total)
        yield GaugeMetricFamily(
            "kefu_host_memory_available_bytes", "Memory available to new processes", value=memory.available
        )
        received = sent = 0
        for nic, counters in psutil.net_io_counters(pernic=True).items():
            if nic != "lo":
                received += counters.bytes_recv
                sent += counters.bytes_sent
        yield CounterMetricFamily(
            "kefu_host_network_receive_bytes", "Bytes received, all interfaces but loopback", value=received
        )
        yield CounterMetricFamily(
            "kefu_host_network_transmit_bytes", "Bytes sent, all interfaces but loopback", value=sent
        )


def _with_children(pids: Iterable[int]) -> Iterator[psutil.Process]:
    for pid in sorted(pids):
        try:
            process = psutil.Process(pid)
            children = process.children(recursive=True)
        except psutil.Error:  # a worker that stopped
            continue
        yield process
        yield from children


def gpu_families(readings: list[GpuReading]) -> Iterator[Metric]:
    """The GPU series; none at all when there is no GPU (absent, not 0)."""
    if not readings:
        return
    families = {
        "utilization": GaugeMetricFamily(
            "kefu_gpu_utilization_ratio",
            "Time the GPU was busy over the last sample period",
            labels=["gpu", "name"],
        ),
        "memory_used_bytes": GaugeMetricFamily(
            "kefu_gpu_memory_used_bytes", "GPU memory used", labels=["gpu", "name"]
        ),
        "memory_total_bytes": GaugeMetricFamily(
            "kefu_gpu_memory_total_bytes", "GPU memory in total", labels=["gpu", "name"]
        ),
        "temperature_celsius": GaugeMetricFamily(
            "kefu_gpu_temperature_celsius", "GPU core temperature", labels=["gpu", "name"]
        ),
        "power_watts": GaugeMetricFamily("kefu_gpu_power_watts", "GPU power draw", labels=["gpu", "name"]),
    }
    for reading in readings:
        for field, family in families.items():
            value = getattr(reading, field)
            if value is not None:
                family.add_metric([str(reading.index), reading.name], value)
    yield from (family for family in families.values() if family.samples)
