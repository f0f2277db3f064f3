"""Print chapter 8's SimpleRNN / LSTM / GRU comparison on the adding problem for 3 seeds.

    python benchmarks/gated_comparison.py [--seeds 0 1 2]

The chapter trains each layer once (seed 0) and asserts only conclusions that this
script shows for every seed.
"""

from __future__ import annotations

import argparse

from rnn_course.data.adding import CHANCE_MSE
from rnn_course.notebook import silence_tensorflow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    args = parser.parse_args()
    silence_tensorflow()
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    from rnn_course.experiments.cell_comparison import LAYER_UNITS, NUM_STEPS, adding_data, train_adder

    print(f"adding problem, {NUM_STEPS} steps; chance MSE {CHANCE_MSE:.3f}")
    print(f"{'seed':>4s} {'layer':10s} {'parameters':>10s} {'train s':>8s} {'test MSE':>9s}")
    for seed in args.seeds:
        data = adding_data(seed)
        for layer in LAYER_UNITS:
            r = train_adder(layer, seed, data)
            print(f"{seed:4d} {r.layer:10s} {r.parameters:10d} {r.seconds:8.1f} "
                  f"{r.test_mse:9.4f}", flush=True)


if __name__ == "__main__":
    main()
