"""Repeat chapter 6's adding-problem experiment over seeds and check its asserted outcome.

    python benchmarks/adding_experiment.py [--seeds 0 1 2] [--epochs N]

For each seed, trains a SimpleRNN and an LSTM at the short and the long length
(``rnn_course.experiments.adding``, the code the chapter runs) and prints every final
test MSE (also as a fraction of the chance MSE), the seconds each model took, and whether
each of the chapter's claims holds for that seed.
"""

from __future__ import annotations

import argparse
import sys
import time

from rnn_course.notebook import configure_notebook
from rnn_course.experiments import adding


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=adding.EPOCHS)
    args = parser.parse_args()
    configure_notebook(seed=0)
    print(f"{adding.UNITS} units, {adding.NUM_TRAIN} sequences, {args.epochs} epochs, "
          f"batch {adding.BATCH_SIZE}, chance MSE {adding.CHANCE_MSE:.4f}")
    print(f"{'seed':>4s} {'cell':9s} {'T':>3s} {'final MSE':>10s} {'/ chance':>9s} "
          f"{'seconds':>8s}  test MSE per epoch")
    all_hold = True
    for seed in args.seeds:
        final = {}
        for num_steps in (adding.SHORT, adding.LONG):
            for cell in adding.CELLS:
                start = time.perf_counter()
                run = adding.train(cell, num_steps, seed, epochs=args.epochs)
                seconds = time.perf_counter() - start
                final[cell, num_steps] = run.final_mse
                curve = " ".join(f"{v:.3f}" for v in run.test_mse)
                print(f"{seed:4d} {cell:9s} {num_steps:3d} {run.final_mse:10.5f} "
                      f"{adding.chance_ratio(run.final_mse):9.3f} {seconds:8.1f}  {curve}",
                      flush=True)
        for claim, holds in adding.outcome_holds(final).items():
            print(f"     seed {seed}: {claim}: {'holds' if holds else 'FAILS'}")
            all_hold &= holds
    print("outcome holds for every seed" if all_hold else "outcome FAILS for some seed")
    return 0 if all_hold else 1


if __name__ == "__main__":
    sys.exit(main())
