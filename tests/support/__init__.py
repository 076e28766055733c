"""Shared test servers and fixtures (S3, Kubernetes API)."""
