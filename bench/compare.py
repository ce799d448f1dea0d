"""Side-by-side CPU comparison of gateway variants: is a change faster, on a noisy machine?

    python -m bench.compare "" "OTEL_TRACES_EXPORTER=none"
    git worktree add /tmp/baseline HEAD~1
    python -m bench.compare "SOURCE=/tmp/baseline" ""          # the last commit against its parent

Each argument is one gateway variant: environment settings `NAME=value` separated by spaces, and
optionally `SOURCE=<checkout>` to run that checkout's code. Every variant runs as its own process
against the same simulators, and the variants are loaded *at the same time*, each by its own
closed loop, round after round: what the machine does meanwhile (these VMs' speed moves by tens of
percent within a minute) falls on all of them alike. The figure to read is each variant's CPU per
request as a ratio to the first one's in the same round; measured one after another, two runs of
one variant differed by up to 30%, measured together by under 5%.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

from bench import processes
from bench.measure import closed_loop, sequential
from bench.run import Operation, bench_config, gateway_client, prepare
from gateway import serving


class Variant:
    def __init__(self, spec: str) -> None:
        if any("=" not in item for item in spec.split()):
            raise ValueError(f"{spec!r}: write each setting as NAME=value")
        settings = dict(item.split("=", 1) for item in spec.split())
        source = settings.pop("SOURCE", None)
        self.label = spec or "(as is)"
        self.source = Path(source) if source else None
        self.env = settings
        self.cpu_us: list[float] = []
        self.errors = 0


async def compare(variants: list[Variant], vendor: str, op: str, rounds: int, seconds: float) -> None:
    with (
        tempfile.TemporaryDirectory() as scratch,
        processes.simulators() as urls,
        processes.otlp_sink() as traces,
    ):
        config_path, config = bench_config({vendor: urls[vendor]}, Path(scratch))
        name, spec = next(iter(config.accounts.items()))
        async with AsyncExitStack() as running:
            loads: list[tuple[Variant, int, Operation]] = []
            for variant in variants:
                env = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": traces} | variant.env
                url, pid = running.enter_context(processes.gateway(config_path, env, source=variant.source))
                client = await running.enter_async_context(gateway_client(url))
                plan = await prepare(vendor, name, spec, client)
                await plan.adapter.aclose()  # only the way through the gateway is measured here
                await sequential(plan.operations[op].via_gateway, 50)  # warm: connections, tokens, caches
                loads.append((variant, pid, plan.operations[op]))
            for _ in range(rounds):
                # Four connections each, every variant at once: the loads overlap in time.
                loops = await asyncio.gather(*(closed_loop(o.via_gateway, 4, seconds, pid) for _, pid, o in loads))
                for (variant, _, _), loop in zip(loads, loops, strict=True):
                    variant.cpu_us.append(loop.cpu_per_request_us)
                    variant.errors += loop.errors
    first = variants[0]
    print(f"{vendor} {op}: gateway CPU µs per request, {rounds} rounds of {seconds:g} s, variants loaded together")
    for variant in variants:
        ratios = sorted(mine / theirs for mine, theirs in zip(variant.cpu_us, first.cpu_us, strict=True))
        print(
            f"  {variant.label!r}: median {statistics.median(variant.cpu_us):.0f} µs; "
            f"ratio to the first: median {statistics.median(ratios):.3f} (range {ratios[0]:.3f}-{ratios[-1]:.3f})"
            + (f"; {variant.errors} failed requests, figures unreliable" if variant.errors else "")
        )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("variants", nargs="+", help='e.g. "" "OTEL_TRACES_EXPORTER=none" "SOURCE=/tmp/baseline"')
    parser.add_argument("--vendor", default="sobot")
    parser.add_argument("--op", choices=["read", "write"], default="read")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    try:
        variants = [Variant(spec) for spec in args.variants]
    except ValueError as exc:
        parser.error(str(exc))
    serving.run(compare(variants, args.vendor, args.op, args.rounds, args.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
