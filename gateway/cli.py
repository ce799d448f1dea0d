"""`switchboard serve --config FILE` and `switchboard demo`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from contracts.adapter import ConfigError

CONFIG_ENV = "SWITCHBOARD_CONFIG"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="switchboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gateway with a configuration file")
    serve.add_argument("--config", default=os.environ.get(CONFIG_ENV), help=f"YAML file (default: ${CONFIG_ENV})")
    serve.add_argument("--host", help="override server.host")
    serve.add_argument("--port", type=int, help="override server.port")

    check = commands.add_parser("check-config", help="validate a configuration file and exit")
    check.add_argument("--config", default=os.environ.get(CONFIG_ENV), help=f"YAML file (default: ${CONFIG_ENV})")

    demo = commands.add_parser("demo", help="run the gateway against local vendor simulators")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8080, help="0 picks a free port")

    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            from gateway.demo import run_demo

            asyncio.run(run_demo(args.host, args.port, os.environ))
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
        print(f"{args.config}: OK ({len(config.accounts)} accounts, {len(config.callers)} callers)")
        return 0

    from gateway.app import create_app
    from gateway.serving import ServerGroup, bind

    async def run() -> None:
        group = ServerGroup()
        group.add(create_app(config, registry=registry), bind(host, port), log_level="info")
        await group.start()
        await group.serve_until_signalled()

    host = args.host or config.server.host
    port = args.port if args.port is not None else config.server.port
    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
