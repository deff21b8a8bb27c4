"""The lab server under load, on loopback: warm single-image latency, then N clients posting predictions at once.

   python3 server_load.py BASE_URL MODEL_ID IMAGE KARAF_PID CLIENTS SECONDS OUT_JSON

Prints and writes JSON: the warm latencies, every answer's status count, GET /api/info latency percentiles while
the clients run, and the peak resident memory of Karaf's JVM (VmRSS, sampled every 0.5 s).
"""
import base64
import json
import sys
import threading
import time
import urllib.error
import urllib.request

base, model, image_path, pid, clients, seconds, out = sys.argv[1:8]
clients, seconds = int(clients), float(seconds)
auth = "Basic " + base64.b64encode(b"karaf:karaf").decode()
image = open(image_path, "rb").read()
predict_url = f"{base}models/{model}/predict?folds=0"


def call(url, data=None, content_type=None):
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    request.add_header("Authorization", auth)
    if content_type:
        request.add_header("Content-Type", content_type)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    except OSError:
        status = -1  # no answer at all
    return status, time.perf_counter() - start


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


warm = []
for _ in range(6):
    status, took = call(predict_url, image, "image/png")
    assert status == 200, status
    warm.append(took)

statuses = {}
info = []
stop = time.monotonic() + seconds
lock = threading.Lock()
peak = [rss_kib()]
timeline = []  # (seconds into the load, MiB): bounded means it levels off, not that it is small


def client():
    while time.monotonic() < stop:
        status, _ = call(predict_url, image, "image/png")
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        if status == 429:
            time.sleep(1)


def watcher():
    while time.monotonic() < stop:
        status, took = call(base + "info")
        with lock:
            info.append(took)
        time.sleep(0.2)


def memory():
    began = time.monotonic()
    while time.monotonic() < stop + 5:
        rss = rss_kib()
        peak[0] = max(peak[0], rss)
        timeline.append((time.monotonic() - began, rss / 1024))
        time.sleep(0.5)


threads = [threading.Thread(target=client) for _ in range(clients)]
threads += [threading.Thread(target=watcher), threading.Thread(target=memory)]
for t in threads:
    t.start()
for t in threads:
    t.join()
info.sort()


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


result = {"warm_seconds": warm, "statuses": {str(k): v for k, v in sorted(statuses.items())},
          "info_p50_ms": 1000 * percentile(info, 50), "info_p99_ms": 1000 * percentile(info, 99),
          "info_max_ms": 1000 * info[-1], "info_calls": len(info), "peak_rss_mib": peak[0] / 1024,
          "rss_start_mib": timeline[0][1], "rss_half_mib": max(m for t, m in timeline if t <= seconds / 2),
          "rss_end_mib": timeline[-1][1],
          "clients": clients, "seconds": seconds}
print(json.dumps(result, indent=1))
json.dump(result, open(out, "w"))
