"""The Ray executor on a local Ray instance.

`make setup` installs the ``distributed`` extra, so CI runs this; a bare ``.[dev]`` install
skips it.
"""

from __future__ import annotations

import pytest

from sims.runner import JSONL, run
from tests.sims.test_sims_runner import _cfg

ray = pytest.importorskip("ray", reason="the distributed extra is absent (make setup installs it)")


def test_ray_executor_gives_the_local_results(tmp_path):
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        run(_cfg(), tmp_path / "ray", executor="ray")
    finally:
        ray.shutdown()
    run(_cfg(), tmp_path / "local")
    assert (tmp_path / "ray" / JSONL).read_bytes() == (tmp_path / "local" / JSONL).read_bytes()
