#!/usr/bin/env python3
"""Pick a small fuzz corpus by coverage (used for fuzz/corpus/, see BENCHMARKS.md).

First let libFuzzer record every input's features (edge level) in a control file:

    cargo +nightly fuzz run TARGET fuzz/target/merge/TARGET fuzz/corpus/TARGET \\
        fuzz/target/work/TARGET-r1 -- -set_cover_merge=1 -use_counters=0 \\
        -merge_control_file=fuzz/target/merge/TARGET.ctl

then

    python3 scripts/fuzz_corpus_pick.py fuzz/target/merge/TARGET.ctl fuzz/corpus/TARGET N

prints up to N new inputs, one path a line: every file already under the corpus folder
counts as kept, then inputs are taken greedily by features gained (smaller first on
ties) until N are taken or nothing more is gained. Coverage figures go to stderr.
Copy the printed files in as `fuzz-<first 16 hex digits of their SHA-1>`.
"""

import os
import sys


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    ctl, keep_dir, budget = sys.argv[1], sys.argv[2].rstrip("/"), int(sys.argv[3])
    with open(ctl, encoding="utf-8") as f:
        lines = f.read().split("\n")
    n = int(lines[0])
    paths = lines[2 : 2 + n]
    cov: dict[int, set[int]] = {}
    for line in lines[2 + n :]:
        if line.startswith("FT "):
            parts = line.split()
            cov[int(parts[1])] = set(map(int, parts[2:]))
    keep = [i for i, p in enumerate(paths) if p.startswith(keep_dir + "/")]
    covered: set[int] = set()
    for i in keep:
        covered |= cov.get(i, set())
    reached = set().union(*cov.values()) if cov else set()
    print(f"{n} inputs, {len(keep)} kept covering {len(covered)}/{len(reached)}", file=sys.stderr)
    cand = {i: cov.get(i, set()) - covered for i in range(n) if i not in keep}
    cand = {i: s for i, s in cand.items() if s}
    size = {i: os.path.getsize(paths[i]) for i in cand}
    chosen: list[int] = []
    while cand and len(chosen) < budget:
        best = max(cand, key=lambda i: (len(cand[i]), -size[i]))
        gained = cand.pop(best)
        chosen.append(best)
        covered |= gained
        for j in list(cand):
            cand[j] -= gained
            if not cand[j]:
                del cand[j]
    total = sum(size[i] for i in chosen)
    print(f"{len(chosen)} picked ({total} bytes): {len(covered)}/{len(reached)}", file=sys.stderr)
    for i in chosen:
        print(paths[i])
    return 0


if __name__ == "__main__":
    sys.exit(main())
