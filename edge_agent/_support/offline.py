"""Imported first by ``edge_agent``: switches off what would phone home.

onnxruntime sends usage telemetry unless told not to, and it reads the switch once, when it
first loads; this module runs before anything in the package can import it. The runtime never
opens a network connection (tests/test_offline.py traces every network system call).
"""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
