"""kefu (客服): on-premise AI customer service."""

__version__ = "0.1.0"
