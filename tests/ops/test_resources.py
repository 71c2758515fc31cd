"""Resource metrics read at scrape time: kefu's processes (and their children), the host, and the
NVIDIA GPUs, whose series are absent (not 0) where there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import psutil
import pytest

from kefu.ops.resources import NvmlGpus, ResourceCollector
from tests.ops.nvml import NoGpu, TwoGpus
from tests.ops.prom import collect, names, samples, value


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    """A child process, as llama-server is one of kefu's."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_processes_and_host_are_read_when_scraped(child: subprocess.Popen[bytes]) -> None:
    text = collect(ResourceCollector(gpus=NvmlGpus(NoGpu())))
    me, kid = str(os.getpid()), str(child.pid)
    assert (value(text, "kefu_process_resident_memory_bytes", pid=me) or 0) > 10 << 20
    assert (value(text, "kefu_process_resident_memory_bytes", pid=kid) or 0) > 0  # children count too
    assert (value(text, "kefu_process_cpu_seconds_total", pid=me, mode="user") or 0) > 0
    assert (value(text, "kefu_process_threads", pid=me) or 0) >= 1
    assert value(text, "kefu_host_cpu_count") == psutil.cpu_count()
    memory = psutil.virtual_memory()
    assert value(text, "kefu_host_memory_total_bytes") == memory.total
    assert 0 < (value(text, "kefu_host_memory_available_bytes") or 0) <= memory.total
    assert (value(text, "kefu_host_cpu_seconds_total", mode="idle") or 0) > 0
    assert value(text, "kefu_host_network_receive_bytes_total") is not None
    assert value(text, "kefu_host_network_transmit_bytes_total") is not None


def test_gpu_series_follow_this_machine() -> None:
    """With NVML working, one series per GPU; without (no driver, no GPU), none at all."""
    text = collect(ResourceCollector())
    gpu_series = {n for n in names(text) if n.startswith("kefu_gpu_")}
    count = _real_gpu_count()
    if count == 0:
        assert gpu_series == set()
        return
    for name in ("kefu_gpu_memory_used_bytes", "kefu_gpu_memory_total_bytes", "kefu_gpu_utilization_ratio"):
        assert len([s for s in samples(text) if s.name == name]) == count, name
    used = value(text, "kefu_gpu_memory_used_bytes", gpu="0") or 0
    assert 0 < used <= (value(text, "kefu_gpu_memory_total_bytes", gpu="0") or 0)


def _real_gpu_count() -> int:
    import pynvml

    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return 0
    return int(pynvml.nvmlDeviceGetCount())


def test_gpu_readings_become_series_in_base_units() -> None:
    text = collect(ResourceCollector(gpus=NvmlGpus(TwoGpus())))
    name = "NVIDIA H100 80GB HBM3"
    assert value(text, "kefu_gpu_utilization_ratio", gpu="0", name=name) == 0.87
    assert value(text, "kefu_gpu_memory_used_bytes", gpu="0") == 76 << 30
    assert value(text, "kefu_gpu_memory_total_bytes", gpu="1") == 80 << 30
    assert value(text, "kefu_gpu_temperature_celsius", gpu="0") == 71
    assert value(text, "kefu_gpu_power_watts", gpu="0") == 612.5
    assert value(text, "kefu_gpu_power_watts", gpu="1") is None  # not supported: absent, not 0


def test_no_gpu_means_no_gpu_series() -> None:
    assert not {
        n for n in names(collect(ResourceCollector(gpus=NvmlGpus(NoGpu())))) if n.startswith("kefu_gpu")
    }
