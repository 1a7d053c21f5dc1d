#!/usr/bin/env python3
"""A loopback stand-in for the ClinicalTrials.gov API v2 studies endpoint, for the trials demo.

Serves every study of the recorded responses in ../shared/corpus/apis/ctgov-v2 in pages
(pageSize, nextPageToken) and honours the last-update filter ImmunoWatch sends after a complete
pass. With --day 2 it serves the registry as it might look a few days later: one trial suspended,
one recruiting again with a new site in Colorado.

    fake_ctgov.py --corpus DIR --port PORT [--day 1|2]
"""
import argparse
import datetime
import glob
import json
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def load(corpus):
    studies = {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if isinstance(data, dict):
            for study in data.get("studies", [data] if "protocolSection" in data else []):
                nct = study["protocolSection"]["identificationModule"]["nctId"]
                studies[nct] = study
    for study in studies.values():
        status = study["protocolSection"].setdefault("statusModule", {})
        status.setdefault("lastUpdatePostDateStruct", {"date": "2026-06-01"})
    return studies


def day_two(studies):
    today = datetime.date.today().isoformat()
    def touch(nct):
        status = studies[nct]["protocolSection"]["statusModule"]
        status["lastUpdatePostDateStruct"] = {"date": today}
        return studies[nct]["protocolSection"]
    touch("NCT05431270")["statusModule"].update({"overallStatus": "SUSPENDED", "whyStopped": "Sponsor decision (demo)"})
    toca = touch("NCT02576665")
    toca["statusModule"]["overallStatus"] = "RECRUITING"
    toca.setdefault("contactsLocationsModule", {}).setdefault("locations", []).append({
        "facility": "University of Colorado Cancer Center", "city": "Aurora", "state": "Colorado",
        "country": "United States", "status": "RECRUITING", "geoPoint": {"lat": 39.72943, "lon": -104.83192}})


class Registry(BaseHTTPRequestHandler):
    studies = {}

    def do_GET(self):
        url = urlparse(self.path)
        if not url.path.rstrip("/").endswith("/api/v2/studies"):
            self.send_error(404)
            return
        query = parse_qs(url.query)
        size = int(query.get("pageSize", ["10"])[0])
        offset = int(query.get("pageToken", ["page0"])[0][4:] or 0)
        since = None
        match = re.search(r"RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]", query.get("filter.advanced", [""])[0])
        if match:
            since = match.group(1)
        matching = [s for s in self.studies.values()
                    if since is None or s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] >= since]
        page = {"studies": matching[offset:offset + size]}
        if offset + size < len(matching):
            page["nextPageToken"] = f"page{offset + size}"
        body = json.dumps(page).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--day", type=int, default=1)
    args = parser.parse_args()
    Registry.studies = load(args.corpus)
    if args.day == 2:
        day_two(Registry.studies)
    ThreadingHTTPServer(("127.0.0.1", args.port), Registry).serve_forever()


if __name__ == "__main__":
    main()
