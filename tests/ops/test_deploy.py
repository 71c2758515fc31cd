"""deploy/: the compose file, Prometheus's configuration and the Grafana dashboard fit together.
Docker is not run here: the compose file's structure is checked, every file it mounts exists, the
Prometheus configuration passes `promtool check config`, and every metric the dashboard draws is
one kefu serves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from kefu.api.app import create_app
from kefu.config import Settings
from kefu.engine.fake import FakeEngine
from kefu.ops.resources import NvmlGpus, ResourceCollector
from tests.ops.nvml import TwoGpus
from tests.ops.prom import collect, names

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ROOT = DEPLOY.parent
# Series that exist only with an engine of that kind (passed through from its own /metrics).
ENGINE_SERIES = re.compile(r"^(llamacpp|vllm):")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_compose_starts_kefu_prometheus_and_grafana_with_what_they_need() -> None:
    compose = load(DEPLOY / "docker-compose.yml")
    services = compose["services"]
    assert set(services) == {"kefu", "prometheus", "grafana"}
    build = services["kefu"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    assert services["kefu"]["environment"]["KEFU_AUTH_REQUIRED"] == "true"  # it listens beyond loopback
    assert "8000:8000" in services["kefu"]["ports"][0]
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in compose["volumes"], f"{name}: undeclared volume {source}"
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
    assert services["prometheus"]["depends_on"] == ["kefu"]
    assert "--config.file=/etc/prometheus/prometheus.yml" in services["prometheus"]["command"]
    grafana = services["grafana"]
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert any(v.endswith(f":{home}:ro") for v in grafana["volumes"])


def test_the_dockerfile_copies_what_exists() -> None:
    dockerfile = (DEPLOY / "kefu.Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (\S+)", dockerfile, flags=re.MULTILINE):
        assert (ROOT / source).exists(), source
    assert 'CMD ["kefu", "serve"]' in dockerfile


def test_prometheus_configuration_is_valid_and_scrapes_job_kefu(tmp_path: Path) -> None:
    config = load(DEPLOY / "prometheus" / "prometheus.yml")
    [job] = config["scrape_configs"]
    assert job["job_name"] == "kefu" and job["static_configs"][0]["targets"] == ["kefu:8000"]
    config["rule_files"] = [
        str(DEPLOY / "prometheus" / "rules.yml")
    ]  # where it is here, not in the container
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool not found: run `make system-deps` (Debian package `prometheus`)")
    checked = subprocess.run(
        [promtool, "check", "config", str(tmp_path / "prometheus.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def dashboard() -> dict[str, Any]:
    return dict(json.loads((DEPLOY / "grafana" / "kefu-dashboard.json").read_text(encoding="utf-8")))


def dashboard_expressions() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def test_grafana_provisions_the_datasource_the_dashboard_names() -> None:
    [source] = load(DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml")["datasources"]
    assert source["url"] == "http://prometheus:9090"
    [provider] = load(DEPLOY / "grafana" / "provisioning" / "dashboards" / "kefu.yml")["providers"]
    assert provider["options"]["path"] == "/etc/grafana/dashboards"
    board = dashboard()
    rows = [p["title"] for p in board["panels"] if p["type"] == "row"]
    assert rows == ["资源 Resources", "服务 Service", "模型质量 Model quality"]
    for panel in board["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == source["uid"], panel["title"]
            assert panel["targets"], panel["title"]
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))


def test_every_metric_the_dashboard_draws_is_served(settings: Settings, fake_engine: FakeEngine) -> None:
    with TestClient(create_app(settings, engine=fake_engine), client=("127.0.0.1", 50000)) as client:
        # Labelled series appear once something was counted: a turn, an error, a first scrape.
        assert client.post("/generate", json={"prompt": "满多少包邮？"}).status_code == 200
        assert client.get("/v1/conversations/nope").status_code == 404
        assert client.get("/metrics").status_code == 200
        served = names(client.get("/metrics").text)
    served |= names(
        collect(ResourceCollector(gpus=NvmlGpus(TwoGpus())))
    )  # the GPU series, as on a GPU machine
    served |= {"kefu_resolution_ratio"}  # present once a conversation has ended
    families = {re.sub(r"_(bucket|count|sum)$", "", n) for n in served}
    used = {
        name
        for expr in dashboard_expressions()
        for name in re.findall(r"\b(kefu_[a-z_]+|(?:llamacpp|vllm):[a-z_]+)", expr)
    }
    assert used, "no metric found in the dashboard"
    missing = {n for n in used if n not in served and n not in families and not ENGINE_SERIES.match(n)}
    assert not missing, f"the dashboard draws series kefu does not serve: {sorted(missing)}"
