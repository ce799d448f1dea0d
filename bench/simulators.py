"""Every vendor simulator in one process of its own, for the benchmark.

`python -m bench.simulators` serves each installed adapter's simulator on a loopback port and
prints one line `vendor url` per simulator, then `ready`; SIGTERM stops it. Kept apart from the
gateway so that the gateway's CPU time and memory can be measured alone.
"""

from __future__ import annotations

import sys
import time

from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from gateway.demo import simulator_kits
from gateway.serving import ServerGroup, bind, run, url_of


async def serve() -> None:
    group = ServerGroup()
    # A clock stopped at start-up: the simulators dial nothing while the benchmark runs, so their
    # own cost stays flat and differences in latency are the gateway's. (Vendor signatures carry
    # wall-clock timestamps; a run lasts minutes, well inside every vendor's tolerance.)
    clock = SimClock.frozen(time.time())
    for vendor, kit in simulator_kits(AdapterRegistry.from_entry_points()).items():
        sock = bind("127.0.0.1", 0)
        group.add(kit.create_app(clock=clock), sock)
        print(vendor, url_of(sock), flush=True)
    await group.start()
    print("ready", flush=True)
    await group.serve_until_signalled()


if __name__ == "__main__":
    run(serve())
    sys.exit(0)
