#!/usr/bin/env bash
# Runs the research example (BalanceStudy) with redreg as a library, launched the way ./redreg launches the CLI:
# redreg's modules and Jackson on the module path, DL4J/ND4J on the class path (their module descriptors are
# broken), and every named module that touches ND4J reading the unnamed module.
#   module-docs/research-example/run.sh [outputDir] [epochs]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
(cd "$ROOT" && mvn -q -B -DskipTests -pl module-docs/research-example -am package dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime) >&2

MODULE_PATH="$(ls "$HERE"/target/redreg-research-example-*.jar | head -1)"
CLASS_PATH=""
IFS=':' read -r -a ENTRIES <<< "$(cat "$HERE/target/runtime-classpath.txt")"
for j in "${ENTRIES[@]}"; do
  case "$(basename "$j")" in
    redreg.*|jackson-*|snakeyaml-*) MODULE_PATH="$MODULE_PATH:$j" ;;
    *) CLASS_PATH="$CLASS_PATH:$j" ;;
  esac
done
READS=""
for m in redreg.api redreg.regulators redreg.fusion redreg.tasks redreg.example.research; do
  READS="$READS --add-reads $m=ALL-UNNAMED"
done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java -XX:+ExplicitGCInvokesConcurrent -Xss4m $READS --add-modules ALL-DEFAULT --module-path "$MODULE_PATH" --class-path "${CLASS_PATH#:}" \
  -m redreg.example.research/redreg.example.research.BalanceStudy "$@"
