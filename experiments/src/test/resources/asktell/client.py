"""Drives a Hyperforge study over HTTP with the Python 3 standard library only (see docs/ask-tell.md).

Usage: python3 client.py BASE_URL STUDY_ID   (token, if any, in HF_TOKEN)
"""
import json
import os
import sys
import urllib.error
import urllib.request

BASE, STUDY = sys.argv[1].rstrip("/"), sys.argv[2]
TOKEN = os.environ.get("HF_TOKEN")


def post(path, body):
    headers = {"Content-Type": "application/json"}
    if TOKEN:
        headers["Authorization"] = "Bearer " + TOKEN
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


told = 0
while True:
    status, trial = post(f"/api/studies/{STUDY}/ask", {})
    if status == 409:                      # the study's budget is spent
        print("budget spent:", trial["error"])
        break
    assert status == 201, trial
    x, y = trial["params"]["x"], trial["params"]["y"]
    for epoch in range(3):                 # "training": a curve that ends at the score
        loss = (x - 1.5) ** 2 + (y + 0.5) ** 2 + (2 - epoch) * 0.1
        status, logged = post(f"/api/runs/{trial['run']}/metrics",
                              {"metrics": [{"name": "loss", "step": epoch, "value": loss}]})
        assert status == 200, logged
    status, done = post(f"/api/runs/{trial['run']}/tell", {"value": loss})
    assert status == 200 and done["state"] == "COMPLETE", done
    told += 1
print("told", told)
