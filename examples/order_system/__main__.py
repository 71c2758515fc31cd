"""`python -m examples.order_system [--host 127.0.0.1] [--port 8100] [--token T] [--no-faults]`.

The token defaults to the `ORDER_SYSTEM_TOKEN` environment variable; without one, no auth.
"""

from __future__ import annotations

import argparse
import os

import uvicorn

from examples.order_system.app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m examples.order_system", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--token", default=os.environ.get("ORDER_SYSTEM_TOKEN"), help="bearer token callers must send"
    )
    parser.add_argument("--no-faults", action="store_true", help="remove the POST /_faults test endpoint")
    args = parser.parse_args(argv)
    app = create_app(token=args.token or None, faults=not args.no_faults)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
