#!/bin/bash
# bgp-side-by-side.sh [RUNS] — vroom, BIRD and FRR as the DUT of ../shared/bench/bgp-ingest.sh, in one
# session, on genmrt.py tables of 1M routes: shared paths (--paths 100000) and unique paths (--paths 0).
# DUTs (DUTS="..." to choose): vroom (tests/bench/bgp-dut.yaml: a route server, like BIRD's configuration
# in the script), vroom-fib (tests/bench/bgp-dut-fib.yaml: also installs every route into its FIB),
# bird, frr (bgpd + zebra: FRR installs into zebra's RIB).
# Run as root from the repository root. Prints one JSON line per run (the script's own line with the
# DUT's name and the table name). vroom's persisted FIB (state-dir /tmp/vroom-bgp-dut) is removed before
# each vroom run so that every run starts from an empty table, as BIRD and FRR do.
set -u
runs=${1:-1}
here=$(cd "$(dirname "$0")/../.." && pwd)
bench=${BENCH_DIR:-$here/../shared/bench}
tables=${TABLE_DIR:-/tmp/vroom-bgp-tables}
mkdir -p "$tables"
[ -f "$tables/shared.mrt" ] || python3 "$bench/genmrt.py" 1000000 "$tables/shared.mrt" --paths 100000 >&2
[ -f "$tables/unique.mrt" ] || python3 "$bench/genmrt.py" 1000000 "$tables/unique.mrt" >&2
cd "$here"
./vroom node --config tests/bench/bgp-dut.yaml --check >/dev/null 2>&1 || true   # build + class archive outside the timed runs
for table in shared unique; do
  for dut in ${DUTS:-vroom vroom-fib bird frr}; do
    for i in $(seq 1 "$runs"); do
      case $dut in
        vroom) kind=cmd; config=tests/bench/bgp-dut.yaml ;;
        vroom-fib) kind=cmd; config=tests/bench/bgp-dut-fib.yaml ;;
        *) kind=$dut; config=tests/bench/bgp-dut.yaml ;;
      esac
      rm -rf /tmp/vroom-bgp-dut
      out=$(DUT_CMD="./vroom node --config $config" "$bench/bgp-ingest.sh" "$kind" "$tables/$table.mrt" 1000000)
      echo "${out%\}},\"name\":\"$dut\",\"table\":\"$table\"}"
    done
  done
done
