#!/usr/bin/env python3
"""Every relative Markdown link in README.md, HACKING.md, docs/ and
scenarios/ resolves inside the repository, so a clone has what the docs
point at; a link with #anchor names a heading that exists in its target.
The same files must not send a reader to the sibling `shared/` folder of
the original workspace (design, data, seeds), which a clone does not have.

usage: docs_links_test.py REPOSITORY_ROOT
"""
import os
import re
import sys

ROOT = os.path.realpath(sys.argv[1])
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]\n]*\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
OUTSIDE = re.compile(r"shared/(design|data|seeds)/")
failures = []


def markdown_files():
    for top in ("README.md", "HACKING.md"):
        yield os.path.join(ROOT, top)
    for folder in ("docs", "scenarios"):
        for base, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in sorted(files):
                if name.endswith(".md"):
                    yield os.path.join(base, name)


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as '-'."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found, fenced = set(), False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced and line.startswith("#"):
                found.add(slug(line.lstrip("#")))
    return found


def links(path):
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            if OUTSIDE.search(line):
                failures.append("%s:%d: refers to %s, which a clone does not have"
                                % (os.path.relpath(path, ROOT), number, OUTSIDE.search(line).group(0)))
            for match in list(LINK.finditer(line)) + list(IMAGE.finditer(line)):
                yield number, match.group("target")


checked = 0
for path in markdown_files():
    if not os.path.exists(path):
        failures.append("%s is missing" % os.path.relpath(path, ROOT))
        continue
    for number, target in links(path):
        where = "%s:%d: link '%s'" % (os.path.relpath(path, ROOT), number, target)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        checked += 1
        file_part, _, anchor = target.partition("#")
        resolved = os.path.realpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if os.path.commonpath([resolved, ROOT]) != ROOT:
            failures.append(where + " leaves the repository")
            continue
        if not os.path.exists(resolved):
            failures.append(where + " names a file that does not exist")
            continue
        if anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
            failures.append(where + " names a heading that does not exist in " + os.path.relpath(resolved, ROOT))

if checked < 10:
    failures.append("only %d relative links found; the scanner is broken" % checked)
for failure in failures:
    print("FAIL: " + failure)
print("%d relative links checked, %d failures" % (checked, len(failures)))
sys.exit(1 if failures else 0)
