"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""

from r2w import create_app

app = create_app()
