"""The emulator's own ceiling: how many requests per second it answers to
a plain concurrent client (CLIENTS threads, each with its own keep-alive
connection, sending sts:GetCallerIdentity for SECONDS).

    python scripts/emulator-ceiling.py ENDPOINT [CLIENTS] [SECONDS]

prints the rate (requests per second). Used by scripts/bench-live.
"""

import http.client
import sys
import threading
import time
import urllib.parse

endpoint = urllib.parse.urlparse(sys.argv[1])
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 16
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 5
body = "Action=GetCallerIdentity&Version=2011-06-15"
headers = {
    "Content-Type": "application/x-www-form-urlencoded",
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0",
}
done = [0] * clients


def send(conn):
    conn.request("POST", "/", body, headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"the emulator answered {response.status}")


def client(i):
    conn = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30)
    while time.monotonic() < deadline:
        send(conn)
        done[i] += 1


# One request first: moto loads a service's backend on its first request.
send(http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30))
deadline = time.monotonic() + seconds
started = time.monotonic()
threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{sum(done) / (time.monotonic() - started):.0f}")
