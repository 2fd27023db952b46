"""A real Ray cluster on this machine's loopback, for the tests and bench/.

Ray turns a loopback address into the machine's outward one unless its
cluster mode is off (`RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`, read when ray is
first imported, inherited by every process it starts): with it off the head,
the worker nodes and the driver all talk over 127.0.0.1 and nothing else.
Import this module before anything imports ray.
"""

from __future__ import annotations

import os

os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
LOOPBACK = "127.0.0.1"


def loopback_cluster(worker_nodes: int = 2):
    """A head that runs no work and `worker_nodes` nodes of one CPU each, all on 127.0.0.1."""
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False,
                                                            "node_ip_address": LOOPBACK})
    for _ in range(worker_nodes):
        cluster.add_node(num_cpus=1, node_ip_address=LOOPBACK)
    return cluster
