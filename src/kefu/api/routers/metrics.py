"""`GET /metrics`: Prometheus text, for a Prometheus server on a private network (no credential)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kefu.api.deps import RuntimeDep
from kefu.api.metrics import client_allowed
from kefu.errors import InvalidInput, NotFound
from kefu.ops.exposition import CONTENT_TYPE, MetricsPage

router = APIRouter(tags=["metrics"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus text format"},
        403: {"description": "the client is outside `metrics_allowed_networks`"},
        404: {"description": "metrics are off (`KEFU_METRICS_ENABLED=false`)"},
    },
)
async def metrics(request: Request, runtime: RuntimeDep) -> Response:
    """kefu's metrics: service, engine, resources, answer quality (docs/monitoring.md)."""
    settings = runtime.settings
    installed = request.app.state.metrics
    if installed is None:
        raise NotFound("metrics_disabled", "Metrics are turned off.", "监控指标已关闭。")
    host = request.client.host if request.client else ""
    if not client_allowed(host, settings.metrics_allowed_networks):
        raise InvalidInput(
            "metrics_forbidden",
            "Metrics are served to the networks in KEFU_METRICS_ALLOWED_NETWORKS only.",
            "监控指标仅对 KEFU_METRICS_ALLOWED_NETWORKS 中的网络开放。",
            status=403,
        )
    page: MetricsPage | None = getattr(request.app.state, "metrics_page", None)
    if page is None or page.metrics is not installed:
        page = MetricsPage(installed, settings, runtime.database.sessions, runtime.engine)
        request.app.state.metrics_page = page
    return Response(await page.render(), media_type=CONTENT_TYPE)
