"""digest: a static-site generator for a curated news digest.

The pipeline is load -> clean -> tag -> render -> write; `digest.build.build` runs it.
"""

__version__ = "0.1.0"
