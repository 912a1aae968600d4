#!/usr/bin/env python3
"""Validate the news evaluation corpus in this folder and print counts.

Checks, for every NAME.tml / NAME.meetings.json pair:
  * the .tml parses with xml.etree, has DOCID == NAME and a DCT TIMEX3 (t0,
    functionInDocument=CREATION_TIME, value YYYY-MM-DD);
  * <TEXT> contains only TIMEX3 elements; every TIMEX3 has tid/type/value,
    tids are unique, type is DATE/TIME/DURATION/SET, value and mod are
    well-formed; a TIMEX3 whose text contains a weekday name has a value on
    that weekday;
  * the .meetings.json parses, document == NAME, published == DCT value,
    timeZone is a known IANA zone, every meeting has valid kind/status/when/
    participants/countries/location, and every quote occurs verbatim in the
    plain text of <TEXT> (tags removed);
  * article length is 120-350 words (warning only).

Usage: python3 check.py [--markdown]    (exit status 1 if any error)
"""
import datetime as dt
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

try:
    from zoneinfo import available_timezones
    ZONES = available_timezones()
except Exception:  # pragma: no cover
    ZONES = None

HERE = os.path.dirname(os.path.abspath(__file__))

TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
        "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}
DATE_RE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-W\d{2}(-WE)?|\d{4}-(SP|SU|FA|WI)|"
                     r"\d{4}-Q[1-4]|\d{4}-H[12]|\d{2,3}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T(\d{2}:\d{2}(:\d{2})?|MO|AF|EV|NI|DT)$")
DUR_RE = re.compile(r"^P(\d+|X)(Y|M|W|D|DE|CE)$|^PT(\d+|X)(H|M|S)$")
SET_RE = DUR_RE
KINDS = {"talks", "meeting", "summit", "call", "visit", "inauguration", "statement", "other"}
STATUSES = {"occurred", "scheduled", "expected", "possible", "proposed", "cancelled"}
WHEN_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}-W\d{2}|\d{4})$")
WHEN_MODS = {None, "START", "MID", "END", "APPROX", "BEFORE", "AFTER"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def check_pair(name, errors, warnings, stats):
    tml_path = os.path.join(HERE, name + ".tml")
    json_path = os.path.join(HERE, name + ".meetings.json")
    err = lambda msg: errors.append(f"{name}: {msg}")
    try:
        root = ET.parse(tml_path).getroot()
    except ET.ParseError as e:
        err(f"XML parse error: {e}")
        return
    if root.tag != "TimeML":
        err("root element is not TimeML")
    docid = root.findtext("DOCID")
    if docid != name:
        err(f"DOCID {docid!r} != file name")
    dct_el = root.find("DCT/TIMEX3")
    dct = None
    if dct_el is None or dct_el.get("tid") != "t0" or dct_el.get("functionInDocument") != "CREATION_TIME":
        err("missing/invalid DCT TIMEX3 t0")
    else:
        try:
            dct = dt.date.fromisoformat(dct_el.get("value"))
        except (TypeError, ValueError):
            err(f"bad DCT value {dct_el.get('value')!r}")
    text_el = root.find("TEXT")
    if text_el is None:
        err("no TEXT element")
        return
    tids = {"t0"}
    for el in text_el.iter():
        if el is text_el:
            continue
        if el.tag != "TIMEX3":
            err(f"unexpected element <{el.tag}> in TEXT")
            continue
        tid, typ, val = el.get("tid"), el.get("type"), el.get("value")
        extent = "".join(el.itertext())
        if not tid or not typ or val is None:
            err(f"TIMEX3 missing tid/type/value: {extent!r}")
            continue
        if tid in tids:
            err(f"duplicate tid {tid}")
        tids.add(tid)
        if typ not in TYPES:
            err(f"{tid}: bad type {typ}")
        rx = {"DATE": DATE_RE, "TIME": TIME_RE, "DURATION": DUR_RE, "SET": SET_RE}.get(typ)
        if rx and not rx.match(val):
            err(f"{tid}: value {val!r} not valid for {typ} ({extent!r})")
        mod = el.get("mod")
        if mod is not None and mod not in MODS:
            err(f"{tid}: bad mod {mod}")
        if extent != extent.strip() or not extent:
            err(f"{tid}: extent has surrounding whitespace or is empty")
        low = extent.lower()
        for i, wd in enumerate(WEEKDAYS):
            if wd in low and typ in ("DATE", "TIME"):
                try:
                    d = dt.date.fromisoformat(val[:10])
                    if d.weekday() != i:
                        err(f"{tid}: {extent!r} but {val} is a {WEEKDAYS[d.weekday()]}")
                except ValueError:
                    err(f"{tid}: weekday expression with non-date value {val}")
        stats["timex"][typ] += 1
        if mod:
            stats["timex_mod"][mod] += 1
    plain = "".join(text_el.itertext())
    words = len(plain.split())
    stats["words"].append(words)
    if not 120 <= words <= 350:
        warnings.append(f"{name}: {words} words (outside 120-350)")

    try:
        with open(json_path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        err(f"meetings.json: {e}")
        return
    if data.get("document") != name:
        err("meetings.json document != file name")
    if dct is not None and data.get("published") != str(dct):
        err(f"published {data.get('published')} != DCT {dct}")
    tz = data.get("timeZone")
    if not isinstance(tz, str) or (ZONES is not None and tz not in ZONES):
        err(f"unknown timeZone {tz!r}")
    meetings = data.get("meetings")
    if not isinstance(meetings, list) or not meetings:
        err("meetings must be a non-empty list")
        return
    for i, m in enumerate(meetings):
        tag = f"meeting[{i}]"
        if set(m) != {"kind", "status", "when", "participants", "countries", "location", "quote"}:
            err(f"{tag}: unexpected keys {sorted(m)}")
        if m.get("kind") not in KINDS:
            err(f"{tag}: bad kind {m.get('kind')}")
        if m.get("status") not in STATUSES:
            err(f"{tag}: bad status {m.get('status')}")
        when = m.get("when")
        if not isinstance(when, dict) or set(when) != {"value", "mod"}:
            err(f"{tag}: when must be {{value, mod}}")
        else:
            if when["value"] is not None and not WHEN_RE.match(when["value"]):
                err(f"{tag}: bad when.value {when['value']!r}")
            if when["mod"] not in WHEN_MODS:
                err(f"{tag}: bad when.mod {when['mod']!r}")
            if when["value"] is None and when["mod"] is not None:
                err(f"{tag}: mod without value")
        if not isinstance(m.get("participants"), list) or not all(isinstance(p, str) and p for p in m["participants"]):
            err(f"{tag}: participants must be a list of names")
        if not isinstance(m.get("countries"), list) or not all(isinstance(c, str) and re.fullmatch(r"[A-Z]{2}", c) for c in m["countries"]):
            err(f"{tag}: countries must be ISO alpha-2 codes")
        if m.get("location") is not None and not isinstance(m.get("location"), str):
            err(f"{tag}: location must be string or null")
        q = m.get("quote")
        if not isinstance(q, str) or not q or q not in plain:
            err(f"{tag}: quote not found verbatim in TEXT: {str(q)[:70]!r}")
        stats["status"][m.get("status")] += 1
        stats["kind"][m.get("kind")] += 1
    stats["meetings"].append(len(meetings))
    stats["years"][str(dct.year) if dct else "?"] += 1
    if dct:
        stats["weekday"][dct.strftime("%a")] += 1


def main():
    markdown = "--markdown" in sys.argv
    tmls = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(HERE, "*.tml"))}
    jsons = {os.path.basename(p)[:-len(".meetings.json")] for p in glob.glob(os.path.join(HERE, "*.meetings.json"))}
    errors, warnings = [], []
    for n in sorted(tmls ^ jsons):
        errors.append(f"{n}: missing .tml or .meetings.json partner")
    stats = {"timex": Counter(), "timex_mod": Counter(), "status": Counter(), "kind": Counter(),
             "words": [], "meetings": [], "years": Counter(), "weekday": Counter()}
    for name in sorted(tmls & jsons):
        check_pair(name, errors, warnings, stats)

    n = len(tmls & jsons)
    tx = stats["timex"]
    if markdown:
        print(f"| articles | {n} |\n|---|---|")
        print(f"| words (min/mean/max) | {min(stats['words'])}/{sum(stats['words'])//n}/{max(stats['words'])} |")
        for t in ("DATE", "TIME", "DURATION", "SET"):
            print(f"| TIMEX3 {t} | {tx[t]} |")
        print(f"| TIMEX3 total (excl. DCT) | {sum(tx.values())} |")
        for s in ("occurred", "scheduled", "expected", "possible", "proposed", "cancelled"):
            print(f"| meetings {s} | {stats['status'][s]} |")
        print(f"| meetings total | {sum(stats['meetings'])} |")
    else:
        print(f"articles: {n}")
        print(f"words per article: min {min(stats['words'])}, mean {sum(stats['words'])/n:.0f}, max {max(stats['words'])}")
        print(f"DCT years: {dict(sorted(stats['years'].items()))}")
        print(f"DCT weekdays: {dict(stats['weekday'])}")
        print(f"TIMEX3 (excluding DCT): {sum(tx.values())} {dict(tx)}")
        print(f"TIMEX3 mods: {dict(stats['timex_mod'])}")
        print(f"meetings: {sum(stats['meetings'])} by status {dict(stats['status'])}")
        print(f"meetings by kind: {dict(stats['kind'])}")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
