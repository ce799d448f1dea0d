"""`switchboard serve --config FILE`, `switchboard check-config` and `switchboard demo`."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from contracts.adapter import ConfigError
from gateway.asgi import CONFIG_ENV, LOG_LEVEL_ENV
from gateway.observability.logs import configure_logging
from gateway.observability.metrics import MULTIPROC_ENV


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="switchboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gateway with a configuration file")
    serve.add_argument("--config", default=os.environ.get(CONFIG_ENV), help=f"YAML file (default: ${CONFIG_ENV})")
    serve.add_argument("--host", help="override server.host")
    serve.add_argument("--port", type=int, help="override server.port")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (metrics aggregate across them)")

    check = commands.add_parser("check-config", help="validate a configuration file and exit")
    check.add_argument("--config", default=os.environ.get(CONFIG_ENV), help=f"YAML file (default: ${CONFIG_ENV})")
    check.add_argument("--print", action="store_true", help="print the effective configuration, secrets redacted")

    demo = commands.add_parser("demo", help="run the gateway against local vendor simulators")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8080, help="0 picks a free port")

    args = parser.parse_args(argv)
    configure_logging(os.environ.get(LOG_LEVEL_ENV, "INFO"))
    try:
        if args.command == "demo":
            from gateway.demo import run_demo
            from gateway.serving import run

            run(run_demo(args.host, args.port, os.environ))
            return 0
        return _serve(args, check_only=args.command == "check-config")
    except ConfigError as exc:
        print(f"switchboard: configuration error: {exc.path}: {exc.reason}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"switchboard: {exc}", file=sys.stderr)
        return 1


def _serve(args: argparse.Namespace, *, check_only: bool) -> int:
    from adapters.registry import AdapterRegistry
    from gateway.config import load_config
    from gateway.runtime import resolve_accounts

    if not args.config:
        raise ConfigError("(file)", f"pass --config FILE or set {CONFIG_ENV}")
    config = load_config(args.config)
    registry = AdapterRegistry.from_entry_points()
    resolve_accounts(config, registry)
    if check_only:
        if args.print:
            import yaml

            from gateway.config import redacted

            print(yaml.safe_dump(redacted(config), sort_keys=False), end="")
        print(f"{args.config}: OK ({len(config.accounts)} accounts, {len(config.callers)} callers)", file=sys.stderr)
        return 0
    host = args.host or config.server.host
    port = args.port if args.port is not None else config.server.port
    if args.workers > 1:
        _serve_workers(Path(args.config).resolve(), host, port, args.workers)
        return 0

    from gateway.app import create_app
    from gateway.runtime import Runtime
    from gateway.serving import ServerGroup, bind
    from gateway.serving import run as run_loop

    async def serve() -> None:
        app = create_app(config, registry=registry)
        runtime: Runtime = app.state.runtime
        group = ServerGroup()
        group.add(app, bind(host, port), log_level="info")
        await group.start()
        await group.serve_until_signalled(lambda: runtime.drain(config.server.shutdown_grace_seconds))

    run_loop(serve())
    return 0


def _serve_workers(config: Path, host: str, port: int, workers: int) -> None:
    """Several processes behind one socket; Prometheus values are shared through files."""
    import uvicorn

    from gateway.serving import GRACE_SECONDS

    metrics_dir = os.environ.get(MULTIPROC_ENV) or tempfile.mkdtemp(prefix="switchboard-metrics-")
    shutil.rmtree(metrics_dir, ignore_errors=True)  # stale values of an earlier run would be summed
    os.makedirs(metrics_dir, exist_ok=True)
    os.environ[MULTIPROC_ENV] = metrics_dir
    os.environ[CONFIG_ENV] = str(config)
    uvicorn.run(
        "gateway.asgi:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=GRACE_SECONDS,
    )


if __name__ == "__main__":
    sys.exit(main())
