"""The event path: vendor callbacks in, normalized CloudEvents out, nothing lost on the way.

- `receiver`/`intake`: `POST /callbacks/{account}/{secret}` verifies, normalizes (the adapter's
  pure `callbacks`), stores durably, then answers the vendor exactly what it expects.
- `outbox_sqlite`/`outbox_redis`: one `outbox.Outbox` interface - events, the feed, and one
  delivery per (event, webhook) with attempts, backoff and dead letters, leased so that several
  replicas deliver each once.
- `delivery`: the worker that signs (Standard Webhooks) and POSTs, with exponential backoff.
- `routes`: `GET /v1/events` (pull), the dead-letter listing and the redrive.

Nothing here is imported by `gateway.config` except `settings`, which imports nothing of ours
beyond `contracts`.
"""
