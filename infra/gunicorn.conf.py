"""gunicorn in production mode: `gunicorn --config infra/gunicorn.conf.py mijnbuurtje.wsgi`."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Recycle workers now and then: each connection keeps catalog data of every schema it saw.
max_requests = 2000
max_requests_jitter = 200
timeout = 30
graceful_timeout = 30
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
pythonpath = "platform"
