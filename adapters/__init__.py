"""Vendor adapters and the toolkit they share.

`adapters.base` (the base class), `adapters.http` (the one vendor I/O path), `adapters.errors`
(error-code tables), `adapters.registry` (entry-point discovery) and `adapters.simulation`
(simulator support) are shared; each vendor lives in its own sub-package and depends only on
`contracts` and this toolkit.
"""
