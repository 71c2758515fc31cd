"""A demo order system for kefu's task flows: orders, logistics, address changes, refunds.

`create_app()` builds the FastAPI app; `python -m examples.order_system --port 8100` serves it.
"""

from examples.order_system.app import create_app

__all__ = ["create_app"]
