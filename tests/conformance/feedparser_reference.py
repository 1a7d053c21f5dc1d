#!/usr/bin/env python3
"""Print what Python feedparser 6 makes of each feed document, as JSON Lines.

ImmunoWatch's conformance check compares its own entry counts and titles against these.
Usage: feedparser_reference.py FILE...   (or a list of files on stdin with --stdin)
Each output line: {"file": ..., "count": N, "titles": [...], "bozo": bool}
Titles are normalised the same way the C# side normalises them: tags stripped, entities
decoded, whitespace collapsed.
"""
import html
import json
import re
import sys

import feedparser

TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def normalise(title):
    if title is None:
        return ""
    text = html.unescape(TAG.sub("", title))
    return SPACE.sub(" ", text).strip()


def describe(path):
    try:
        with open(path, "rb") as handle:
            result = feedparser.parse(handle.read())
        titles = [normalise(entry.get("title")) for entry in result.entries]
        return {"file": path, "count": len(titles), "titles": titles, "bozo": bool(result.bozo)}
    except Exception as error:  # a reference that crashes is recorded, not fatal
        return {"file": path, "count": 0, "titles": [], "bozo": True, "error": type(error).__name__}


def main(argv):
    paths = [line.strip() for line in sys.stdin if line.strip()] if "--stdin" in argv else argv[1:]
    for path in paths:
        print(json.dumps(describe(path), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
