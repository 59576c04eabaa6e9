"""Gunicorn settings of the production web process (`gunicorn -c config/gunicorn_conf.py
config.wsgi`); every value can be changed from the environment."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker process is replaced after this many requests (a leak cannot grow without bound).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front may set X-Forwarded-*; only these addresses are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request lines and headers are bounded before Django sees them (bodies: desk.core.limits).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded the application: what it loaded (Django, the models, the
    URL patterns) lives as long as the process, so the collector's full passes stop walking it
    (`gc.freeze`). Without it, a full pass walked some 200,000 objects every few hundred pages,
    about 60 ms in the middle of one page."""
    import gc

    gc.collect()
    gc.freeze()
