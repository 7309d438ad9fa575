"""Benchmark: chapter 4's service analytics (DESIGN.md §8 style).

- Erlang C for a large queue (950 erlangs on 1,000 agents) by the library's Erlang B
  recursion, against a baseline measured in the same run: the textbook formula evaluated in
  log space with ``scipy.special`` (the usual way to keep its factorials finite), which also
  checks that both agree.
- ``agents_needed`` for that queue (it walks the recursion upwards once).
- ``complaint_churn`` on the course data (one ``churn_label`` per complaint month).
- The sentiment pipeline: fit on three quarters of the ticket texts, predict the rest.

Every figure is the best of ``repeats`` runs. Run: ``.venv/bin/python benchmarks/bench_service.py``
"""

from __future__ import annotations

import numpy as np
from timing import best_of

from course_lib import data, service


def erlang_c_log_space(load: float, agents: int) -> float:
    """The textbook Erlang C formula in log space (baseline)."""
    from scipy.special import gammaln, logsumexp

    k = np.arange(agents)
    log_terms = k * np.log(load) - gammaln(k + 1)
    log_top = agents * np.log(load) - gammaln(agents + 1) + np.log(agents / (agents - load))
    return float(np.exp(log_top - logsumexp(np.append(log_terms, log_top))))


def main(repeats: int = 5) -> None:
    rate, minutes, agents = 57_000.0, 1.0, 1000  # 950 erlangs
    load = rate * minutes / 60
    erlang_c_log_space(load, agents)  # import scipy outside the timing
    t_lib, value = best_of(lambda: service.erlang_c(rate, minutes, agents), repeats)
    t_base, baseline = best_of(lambda: erlang_c_log_space(load, agents), repeats)
    print(
        f"Erlang C, {load:.0f} erlangs on {agents:,} agents: {t_lib * 1e3:.2f} ms "
        f"(log-space textbook formula {t_base * 1e3:.2f} ms; ratio {t_lib / t_base:.2f}); "
        f"P(wait) {value:.6f} vs {baseline:.6f}"
    )
    t_need, need = best_of(
        lambda: service.agents_needed(rate, minutes, target=20 / 60, service_level=0.8), repeats
    )
    print(f"agents_needed for that queue (80 % within 20 s): {need:,} agents in {t_need * 1e3:.2f} ms")

    tickets, orders = data.load_tickets(), data.load_orders()
    t_churn, table = best_of(lambda: service.complaint_churn(tickets, orders), repeats)
    print(
        f"complaint_churn on {len(tickets):,} tickets and {len(orders):,} orders: {t_churn:.3f} s "
        f"({len(table):,} customer-months)"
    )

    texts = tickets.set_index("ticket_id")["text"]
    labels = tickets.set_index("ticket_id")["sentiment"]
    train, test, y_train, y_test = service.split_texts(texts, labels, seed=0)

    def fit_and_score():
        model = service.sentiment_model(seed=0).fit(train, y_train)
        return service.evaluate_sentiment(model, test, y_test)

    fit_and_score()  # import scikit-learn outside the timing
    t_fit, report = best_of(fit_and_score, max(1, repeats // 2))
    print(
        f"sentiment pipeline: fit on {len(train):,} texts and score {len(test):,} in {t_fit:.3f} s "
        f"(held-out accuracy {report.accuracy:.3f})"
    )


if __name__ == "__main__":
    main()
