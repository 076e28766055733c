"""API routes: one build's status, read from the runner on demand."""

from flask import jsonify

from r2w.api import bp
from r2w.api.serializers import build_json
from r2w.models import Build
from r2w.ownership import get_owned_or_404
from r2w.sites.builds import refresh_build


@bp.get("/builds/<build_id>")
def get_build(build_id: str):
    """A build's status (queued → running → succeeded / failed) and its preview link."""
    build = refresh_build(get_owned_or_404(Build, build_id))
    return jsonify(build_json(build))
