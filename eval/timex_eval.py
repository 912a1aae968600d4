#!/usr/bin/env python3
"""make eval: runs `diplomatctl timex` over a TimeML corpus (TimeBank/AQUAINT, not part of this
repository) and scores it with the TE3-style scorer.

Usage: timex_eval.py --corpus DIR --scorer timex-score.py --bin .build/debug [--errors]"""
import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--scorer", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    corpus, scorer = Path(args.corpus), Path(args.scorer)
    if not corpus.is_dir():
        sys.exit(f"eval: no corpus at {corpus} (set TIMEBANK=DIR)")
    spec = importlib.util.spec_from_file_location("timex_score", scorer)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    # One file per document name (the corpus repeats one in testpipeline/).
    files = {}
    for p in sorted(corpus.rglob("*.tml")):
        files.setdefault(p.name, p)
    docs = [score.parse_tml(str(p)) for p in files.values()]
    chars = 0
    with tempfile.TemporaryDirectory() as d:
        lines = []
        t0 = time.monotonic()
        for doc in docs:
            path = Path(d) / (doc["doc"] + ".txt")
            path.write_text(doc["text"], encoding="utf-8")
            chars += len(doc["text"].encode())
            dct = (doc["dct"] or "")[:16]
            r = subprocess.run([str(Path(args.bin) / "diplomatctl"), "timex", "--jsonl", "--published", dct, str(path)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"eval: diplomatctl timex failed on {doc['doc']}: {r.stderr}")
            for l in r.stdout.splitlines():
                m = json.loads(l)
                lines.append({"doc": doc["doc"], "start_char": m["start"], "end_char": m["end"], "type": m["type"],
                              "value": m["value"], "mod": m.get("mod") or ""})
        elapsed = time.monotonic() - t0
        out = Path(d) / "system.jsonl"
        out.write_text("".join(json.dumps(l) + "\n" for l in lines))
        print(f"{len(docs)} documents, {chars / 1e6:.2f} MB, {len(lines)} expressions found "
              f"({elapsed:.1f} s including one diplomatctl process per document)")
        # The scorer reads one flat folder of .tml files: link them all into one.
        flat = Path(d) / "gold"
        flat.mkdir()
        for name, p in files.items():
            (flat / name).symlink_to(p.resolve())
        subprocess.run([sys.executable, str(scorer), str(flat), str(out)] + (["--errors"] if args.errors else []), check=True)


if __name__ == "__main__":
    main()
