"""The least a gateway can do, to calibrate the benchmark on a given machine.

Checks the signature, acknowledges, then asks Gemini (OpenRouter, then Hugging Face, on failure)
and sends the answer, with no database, history or breaker. What it measures is the floor that
the stand-ins, the load tool and the machine put under every figure:

    SERVICE_CMD="python3 bench/baseline/echo_gateway.py" bench/run.sh steady
"""
import hashlib
import hmac
import json
import os
import queue
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENV = os.environ
MAINTENANCE = "Hệ thống đang được bảo trì. Vui lòng thử lại sau ít phút."
events = queue.Queue()


def post(url, body, timeout=15):
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def gemini(text):
    url = ENV["GEMINI_BASE_URL"] + "/v1beta/models/gemini-2.0-flash:generateContent"
    answer = post(url, {"contents": [{"role": "user", "parts": [{"text": text}]}]})
    return answer["candidates"][0]["content"]["parts"][0]["text"]


def chat(base_url, path, text):
    answer = post(base_url + path, {"messages": [{"role": "user", "content": text}]})
    return answer["choices"][0]["message"]["content"]


def answer(psid, text):
    bots = [
        lambda: gemini(text),
        lambda: chat(ENV["OPENROUTER_BASE_URL"], "/api/v1/chat/completions", text),
        lambda: chat(ENV["HUGGINGFACE_BASE_URL"], "/v1/chat/completions", text),
    ]
    reply = MAINTENANCE
    for bot in bots:
        try:
            reply = bot()
            break
        except Exception:  # any failure means: ask the next bot
            continue
    send_url = ENV["GRAPH_API_BASE_URL"] + "/v23.0/me/messages"
    post(send_url, {"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                    "message": {"text": reply}})


def work():
    while True:
        psid, text = events.get()
        try:
            answer(psid, text)
        except Exception as error:
            print("reply failed:", error, flush=True)


class Webhook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply(200, "{}")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(
            ENV["APP_SECRET"].encode(), raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers.get("X-Hub-Signature-256", "")):
            self.reply(403, "bad signature")
            return
        for entry in json.loads(raw)["entry"]:
            for item in entry["messaging"]:
                events.put((item["sender"]["id"], item["message"]["text"]))
        self.reply(200, "EVENT_RECEIVED")


if __name__ == "__main__":
    for _ in range(16):
        threading.Thread(target=work, daemon=True).start()
    ThreadingHTTPServer(("127.0.0.1", int(ENV["PORT"])), Webhook).serve_forever()
