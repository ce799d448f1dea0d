"""Switchboard's vendor-neutral contract: resources, errors, capabilities and the adapter protocol.

This package imports nothing else of Switchboard's; everything else depends on it.
"""
