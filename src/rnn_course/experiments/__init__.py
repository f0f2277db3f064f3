"""Small training experiments that chapters run and benchmarks repeat over seeds."""
