"""The production benchmark (bench/bench_prod.py): simulated users, local platforms, the topology, checks and figures."""
