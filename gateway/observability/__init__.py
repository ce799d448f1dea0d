"""Tracing, metrics and logs for every hop: the gateway's side of observability.

The vendor side (client spans, attempt metrics) lives in the shared adapter I/O path
(`adapters.http`), fed with the tracer and metrics built here.
"""
