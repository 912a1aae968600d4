#!/bin/bash
# Builds the coverage-guided fuzz targets (Swift with -sanitize=fuzzer,address: libFuzzer and
# AddressSanitizer from the Swift toolchain) and runs each for a bounded time.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     targets: varlink dates extract
# A crash leaves its input in .build/fuzz/crashes/<target>/ and fails the run; copy it into
# fuzz/regressions/<target>/ so every later run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-30}
shift || true
TARGETS=${*:-varlink dates extract}
B=.build/fuzz
mkdir -p "$B"
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6)

module() {  # module NAME SOURCES…: a static library and its .swiftmodule in $B (rebuilt when
            # a source, or a library built before it, is newer)
    local name=$1; shift
    local stamp="$B/lib$name.a"
    if [ -f "$stamp" ] && [ -z "$(find "$@" $(ls "$B"/lib*.a 2>/dev/null | grep -v "$stamp") -newer "$stamp" 2>/dev/null)" ]; then return; fi
    echo "fuzz: building $name"
    swiftc "${FLAGS[@]}" -I "$B" -module-name "$name" -emit-module -emit-module-path "$B/$name.swiftmodule" \
        -emit-library -static -o "$stamp" "$@"
}

target() {  # target NAME HARNESS LIBS…
    local name=$1 harness=$2; shift 2
    local libs=()
    for l in "$@"; do libs+=("-l$l"); done
    if [ ! -x "$B/fuzz-$name" ] || [ "$harness" -nt "$B/fuzz-$name" ] || [ -n "$(find "$B" -name 'lib*.a' -newer "$B/fuzz-$name")" ]; then
        echo "fuzz: linking fuzz-$name"
        swiftc "${FLAGS[@]}" -I "$B" -L "$B" "${libs[@]}" -o "$B/fuzz-$name" "$harness"
    fi
}

module Varlink Sources/Varlink/*.swift
module DiplomatCore Sources/DiplomatCore/*.swift
module DiplomatExtract Sources/DiplomatExtract/*.swift
target varlink fuzz/VarlinkFraming.swift Varlink
target dates fuzz/DateParsing.swift DiplomatExtract DiplomatCore
target extract fuzz/Extractor.swift DiplomatExtract DiplomatCore

status=0
for t in $TARGETS; do
    work="$B/corpus/$t"; crashes="$B/crashes/$t"
    mkdir -p "$work" "$crashes" "fuzz/regressions/$t"
    # Every input that once crashed a target is replayed first.
    if [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
        "$B/fuzz-$t" -runs=0 fuzz/regressions/$t/* > "$B/$t-regressions.log" 2>&1 || { echo "fuzz: $t fails a regression input; see $B/$t-regressions.log"; status=1; }
    fi
    echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
    # FUZZ_SEED fixes libFuzzer's random seed (make test does, so CI explores the same inputs
    # each run); make soak leaves it random.
    if "$B/fuzz-$t" ${FUZZ_SEED:+-seed=$FUZZ_SEED} -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$work" "fuzz/corpus/$t" > "$B/$t.log" 2>&1; then
        grep -E "stat::number_of_executed_units|cov:" "$B/$t.log" | tail -2 | sed "s/^/fuzz: $t: /"
    else
        echo "fuzz: $t FAILED; the input is in $crashes, the report in $B/$t.log:"
        grep -E "ERROR|SUMMARY|Fatal|timeout" "$B/$t.log" | head -5
        status=1
    fi
done
exit $status
