"""The production benchmark (bench/bench_prod.py): users, local platforms, topology, checks, figures."""
