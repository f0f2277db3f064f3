"""One-step forecasts of a series by an LSTM, against repeating the last value. Chapter 10.

Windows from :func:`rnn_course.reference.make_windows` (``(N, WINDOW)`` inputs, reshaped
to ``(N, WINDOW, 1)``: one feature per step) train ``LSTM(UNITS)`` -> ``Dense(1)`` on the
earlier 80 % of a series; both forecasts are scored by their mean absolute error on the
later 20 %, which the model never saw. The naive forecast ``y_hat = X[:, -1]`` is the
baseline every forecast must beat: on a random walk it is already the best possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rnn_course.data.series import chronological_split, noisy_sine, random_walk
from rnn_course.reference import make_windows

WINDOW, HORIZON = 24, 1
UNITS, EPOCHS, BATCH_SIZE, LEARNING_RATE = 32, 10, 64, 1e-2
SERIES = {"noisy sine": noisy_sine, "random walk": random_walk}


@dataclass(frozen=True)
class Forecast:
    """Test-period windows, targets ``(N,)`` and both forecasts ``(N,)``, with their MAEs."""

    series: str
    x_test: np.ndarray
    y_test: np.ndarray
    model_forecast: np.ndarray
    last_value_forecast: np.ndarray

    @property
    def model_mae(self) -> float:
        return float(np.mean(np.abs(self.model_forecast - self.y_test)))

    @property
    def last_value_mae(self) -> float:
        return float(np.mean(np.abs(self.last_value_forecast - self.y_test)))


def last_value_forecast(windows: np.ndarray) -> np.ndarray:
    """The naive forecast: each window's last value, ``(N, window)`` -> ``(N,)``."""
    return windows[:, -1]


@lru_cache(maxsize=8)
def train_forecaster(series_name: str, seed: int, epochs: int = EPOCHS) -> Forecast:
    """Train on the first 80 % of the series ``series_name`` (generated from ``seed``) and
    forecast the windows of the last 20 %. Kept per arguments: the claims and the chapter's
    plots share one trained model."""
    import keras

    keras.utils.set_random_seed(seed)
    train, test = chronological_split(SERIES[series_name](seed=seed))
    x_train, y_train = make_windows(train, WINDOW, HORIZON)
    x_test, y_test = make_windows(test, WINDOW, HORIZON)
    model = keras.Sequential([keras.Input(shape=(WINDOW, 1)), keras.layers.LSTM(UNITS),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="mae")
    model.fit(x_train[..., None], y_train, batch_size=BATCH_SIZE, epochs=epochs, verbose=0)
    forecast = model.predict(x_test[..., None], verbose=0)[:, 0]
    return Forecast(series_name, x_test, y_test, forecast, last_value_forecast(x_test))
