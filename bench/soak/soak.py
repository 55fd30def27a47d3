#!/usr/bin/env python3
"""Helpers of kill-soak.sh: send signed Messenger webhooks like Meta, count what users got.

  soak.py send URL SECRET USERS PER_USER RATE ACKS_FILE
      Sends USERS*PER_USER text messages, one webhook each, at about RATE per second over a
      few threads. A webhook that is refused or gets no 200 is sent again every half second,
      as Meta redelivers. Each acknowledged mid is appended to ACKS_FILE with its time.
  soak.py answered WIREMOCK_URL ACKS_FILE BEFORE_EPOCH
      Prints 1 when every mid acknowledged before BEFORE_EPOCH has a reply, else 0.
  soak.py report WIREMOCK_URL ACKS_FILE TOTAL
      Counts replies per message from the Graph stand-in's journal.
"""
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

GRAPH_PATH = "/v23.0/me/messages"


def text_of(user, index):
    return "soak u%03d m%d" % (user, index)


def mid_of(user, index):
    return "m_soak_%03d_%d" % (user, index)


def webhook(user, index, timestamp):
    return json.dumps({"object": "page", "entry": [{"id": "PAGE1", "time": timestamp,
        "messaging": [{"sender": {"id": "SOAK%03d" % user}, "recipient": {"id": "PAGE1"},
                       "timestamp": timestamp,
                       "message": {"mid": mid_of(user, index),
                                   "text": text_of(user, index)}}]}]}).encode()


def send(url, secret, users, per_user, rate, acks_file):
    start = int(time.time() * 1000)
    # Round-robin over users, so one user's messages are spread out like a real chat.
    work = [(u, i) for i in range(per_user) for u in range(users)]
    lock = threading.Lock()
    acks = open(acks_file, "a", buffering=1)
    pace = 1.0 / rate
    cursor = [0]

    def worker():
        while True:
            with lock:
                if cursor[0] >= len(work):
                    return
                user, index = work[cursor[0]]
                due = cursor[0] * pace
                cursor[0] += 1
            wait = start / 1000.0 + due - time.time()
            if wait > 0:
                time.sleep(wait)
            body = webhook(user, index, start + index * 1000 + user)
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            while True:
                request = urllib.request.Request(url, data=body, method="POST", headers={
                    "Content-Type": "application/json", "X-Hub-Signature-256": signature})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                time.sleep(0.5)
            with lock:
                acks.write("%s %.3f\n" % (mid_of(user, index), time.time()))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def replies(wiremock):
    request = urllib.request.Request(wiremock + "/__admin/requests/find", method="POST",
        data=json.dumps({"method": "POST", "urlPath": GRAPH_PATH}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        found = json.load(response)["requests"]
    counts = Counter()
    for logged in found:
        body = json.loads(logged["body"])
        text = body.get("message", {}).get("text")
        if text and text.startswith("echo: soak "):
            counts[text[len("echo: "):]] += 1
    return counts


def read_acks(acks_file):
    acked = {}
    with open(acks_file) as lines:
        for line in lines:
            mid, at = line.split()
            acked.setdefault(mid, float(at))
    return acked


def text_of_mid(mid):
    _, _, user, index = mid.split("_")
    return text_of(int(user), int(index))


def answered(wiremock, acks_file, before):
    counts = replies(wiremock)
    pending = [mid for mid, at in read_acks(acks_file).items()
               if at <= before and counts[text_of_mid(mid)] == 0]
    print(0 if pending else 1)


def report(wiremock, acks_file, total):
    counts = replies(wiremock)
    acked = read_acks(acks_file)
    expected = {text_of_mid(mid) for mid in acked}
    once = sum(1 for text in expected if counts[text] == 1)
    twice = sum(1 for text in expected if counts[text] > 1)
    lost = sum(1 for text in expected if counts[text] == 0)
    print("messages sent %d, acknowledged %d" % (total, len(acked)))
    print("answered %d (once %d, more than once %d), lost %d"
          % (once + twice, once, twice, lost))
    for text in sorted(t for t in expected if counts[t] > 1):
        print("  twice: %s (%d replies)" % (text, counts[text]))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "send":
        send(args[0], args[1], int(args[2]), int(args[3]), float(args[4]), args[5])
    elif command == "answered":
        answered(args[0], args[1], float(args[2]))
    elif command == "report":
        report(args[0], args[1], int(args[2]))
    else:
        sys.exit("unknown command " + command)
