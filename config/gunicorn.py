"""gunicorn's settings for the product: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value may be changed from the environment (GUNICORN_*), so the systemd unit, `make
serve` and the multi-server test share this one file. The access log is one JSON object
a line (operations.gunicorn_logging), carrying the request id the application logs too.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers, the usual (2 × CPU) + 1: pages are short, PDFs and big exports
# go to the task worker.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request may take 60 s (a large workbook built in the request); then it is killed
# and logged. Stopping waits 30 s for requests under way.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# Each worker is replaced after about 1,000 requests (± 100, so they do not all restart
# at once), which bounds any slow growth of memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Only nginx on this machine may say a request came over HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: several servers may run under one user.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "operations.gunicorn_logging.JsonLogger"
proc_name = os.environ.get("GUNICORN_PROC_NAME", "gongyi")
