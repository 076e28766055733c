"""Start-up pays only for what it uses: no migrations, cloud clients, sign-in providers, CV
models or password hash at import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
import wsgi
from r2w.auth import passwords
print(json.dumps({
    "modules": sorted(m for m in ("alembic", "flask_migrate", "boto3", "botocore", "kubernetes",
                                  "authlib", "pydantic") if m in sys.modules),
    "dummy_hashes": passwords._dummy_hash.cache_info().currsize,
}))
"""


def test_the_app_starts_without_alembic_cloud_clients_models_or_a_password_hash(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), "ENVIRONMENT": "test"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"modules": [], "dummy_hashes": 0}


def test_migrations_still_run_through_flask_db(make_app):
    app = make_app()
    runner = CliRunner()
    result = runner.invoke(app.cli, ["db", "current"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    help_text = runner.invoke(app.cli, ["db", "--help"]).output
    assert "--directory" in help_text and "upgrade" in help_text
    assert app.extensions["migrate"].directory.endswith("migrations")


def test_unknown_accounts_still_verify_against_a_hash():
    from r2w.auth.passwords import hash_password, verify_password

    assert verify_password(None, "anything") is False
    assert verify_password(hash_password("right"), "right") is True
