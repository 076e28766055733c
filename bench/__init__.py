"""r2w benchmarks: each compares r2w with a reference tool run side by side on this machine."""
