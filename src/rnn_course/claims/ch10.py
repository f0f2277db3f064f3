"""Chapter 10's claims: each application's model beats the baseline a practitioner tries first."""

from __future__ import annotations

from rnn_course.claims import claim, require

SENTIMENT_MIN_LSTM, SENTIMENT_MIN_GAIN = 0.95, 0.2
DIGITS_MIN_ACCURACY = 0.97
FORECAST_MAX_RATIO = 0.85          # the LSTM's MAE at most 85 % of the last value's
CHAR_MAX_RATIO = 0.95              # the LSTM's perplexity at least 5 % below the bigram's


@claim("ch10: LSTM beats bag-of-words on negation reviews")
def sentiment_beats_bag_of_words(seed: int) -> dict[str, float]:
    """The LSTM classifies held-out reviews at >= 0.95, at least 0.2 above logistic
    regression on word counts (which cannot read "not good" or which clause follows "but")."""
    from rnn_course.experiments.sentiment import (bag_of_words_baseline, sentiment_data,
                                                  train_classifier)

    data = sentiment_data(seed)
    baseline, _ = bag_of_words_baseline(data)
    lstm = train_classifier(data, seed)[1][-1]
    figures = {"lstm accuracy": lstm, "bag-of-words accuracy": baseline}
    return require(figures, lstm >= SENTIMENT_MIN_LSTM and lstm - baseline >= SENTIMENT_MIN_GAIN,
                   "LSTM >= 0.95 and >= bag-of-words + 0.2")


@claim("ch10: LSTM reads digits row by row at >= 0.97")
def digits_row_by_row(seed: int) -> dict[str, float]:
    """An LSTM reading scikit-learn's 8 x 8 digits one row per step reaches test accuracy
    >= 0.97 (chance: 0.1)."""
    from rnn_course.experiments.digits_rows import trained_row_reader

    accuracy = trained_row_reader(seed)[1]
    return require({"test accuracy": accuracy}, accuracy >= DIGITS_MIN_ACCURACY,
                   "test accuracy >= 0.97")


@claim("ch10: char LSTM beats uniform and bigram perplexity on held-out quatrains")
def char_model_beats_bigram(seed: int) -> dict[str, float]:
    """On 12 held-out Tang quatrains the character LSTM's perplexity is at least 5 % below
    the best interpolated bigram count model's, itself below the uniform guess (the
    vocabulary size)."""
    from rnn_course.experiments.char_model import (best_bigram_perplexity, poem_data,
                                                   train_char_model, uniform_perplexity)

    data = poem_data(seed)
    bigram, _ = best_bigram_perplexity(data)
    lstm = train_char_model(seed, data=data)[1][-1]
    figures = {"lstm perplexity": lstm, "bigram perplexity": bigram,
               "uniform perplexity": uniform_perplexity(data)}
    holds = lstm <= CHAR_MAX_RATIO * bigram and bigram < figures["uniform perplexity"]
    return require(figures, holds, "LSTM <= 0.95 x bigram < uniform")


@claim("ch10: LSTM beats the last-value forecast on a noisy sine")
def forecast_beats_last_value_on_sine(seed: int) -> dict[str, float]:
    """On the later 20 % of a generated noisy sine (period 24, noise 0.3) the LSTM's
    one-step MAE is at most 85 % of the last-value forecast's."""
    from rnn_course.experiments.forecasting import train_forecaster

    result = train_forecaster("noisy sine", seed)
    figures = {"lstm MAE": result.model_mae, "last-value MAE": result.last_value_mae}
    return require(figures, result.model_mae <= FORECAST_MAX_RATIO * result.last_value_mae,
                   "LSTM MAE <= 0.85 x last-value MAE")


@claim("ch10: LSTM does not beat the last-value forecast on a random walk")
def forecast_loses_on_random_walk(seed: int) -> dict[str, float]:
    """On a generated random walk the last value is the best forecast there is: the LSTM's
    MAE is not below it (a lag-plot-perfect forecast can still be a lagged copy)."""
    from rnn_course.experiments.forecasting import train_forecaster

    result = train_forecaster("random walk", seed)
    figures = {"lstm MAE": result.model_mae, "last-value MAE": result.last_value_mae}
    return require(figures, result.model_mae >= result.last_value_mae,
                   "LSTM MAE >= last-value MAE")
