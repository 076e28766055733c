"""r2w operations: monitoring, logs and traces, and the restore drill."""
