"""The reporting month (issue 18): submissions, reviews, closes, snapshots and restatements.

- `services`: month_submit, month_accept, month_return, period_close, period_reopen;
- `snapshot`: freezing a closed month's totals, and reading them back (`ReportedTotals`);
- `restatements`: the rule that an edit moving a closed month's totals needs a reason.
"""
