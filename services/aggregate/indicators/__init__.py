"""Performance indicators (绩效指标): targets, self-assessed scores, completion, risks."""
