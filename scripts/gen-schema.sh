#!/usr/bin/env bash
# Regenerates the committed TypeScript for src/schema/riskgate.fbs into src/schema/generated/.
#
# Installs nothing. Needs flatc 2.0.8 (Debian 12: `apt-get install -y flatbuffers-compiler`);
# newer flatc output was not tried. The output works with the flatbuffers 25.9.23 runtime once its relative
# imports end in `.js` (ESM / NodeNext), which the sed below adds. No --gen-object-api: its
# output fails the strict type checks against the 25.9.23 runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMA=src/schema/riskgate.fbs
OUT=src/schema/generated

if ! command -v flatc >/dev/null 2>&1; then
  echo "gen-schema: flatc not found. Install it with: apt-get install -y flatbuffers-compiler (flatc 2.0.8)" >&2
  exit 2
fi
version=$(flatc --version | awk '{print $3}')
if [ "$version" != "2.0.8" ]; then
  echo "gen-schema: warning: flatc $version; the committed code was generated with 2.0.8" >&2
fi

rm -rf "$OUT"
mkdir -p "$OUT"
flatc --ts -o "$OUT" "$SCHEMA"

# ESM: relative imports need an explicit extension ('./riskgate/fb/body' -> './riskgate/fb/body.js').
find "$OUT" -name '*.ts' -print0 | xargs -0 sed -i -E "s#(from '\.{1,2}/[^']*)'#\1.js'#g"

# Strict tsconfig (noUnusedLocals): flatc 2.0.8 imports the union helpers into every table that
# holds a union but uses only the enum, and declares an unused type parameter on the union
# accessor (`body<T extends flatbuffers.Table>(obj:any):any|null`). Drop both; the accessor
# keeps flatc's own `(obj:any):any|null`. Nothing is excluded from type checking.
find "$OUT" -name '*.ts' ! -name 'body.ts' -print0 | xargs -0 sed -i -E \
  -e "s#^import \{ Body, unionToBody, unionListToBody \} from#import { Body } from#" \
  -e "s#<T extends flatbuffers\.Table>\(obj:any\)#(obj:any)#"

# Optional scalars (`seq: double = null`): flatc 2.0.8 passes 0 as the builder default, so an
# explicit 0 (a real sequence number) would be dropped and read back as null. The 25.9.23
# runtime takes `null` as "no default" (always written); pass that for every accessor typed
# `number|null`.
find "$OUT" -name '*.ts' -print0 | xargs -0 perl -0pi -e \
  'my @opt = /^(\w+)\(\):number\|null \{/mg; for my $f (@opt) { s/(addField\w+\(\d+, \Q$f\E, )0\)/${1}null)/g }'

echo "gen-schema: wrote $(find "$OUT" -name '*.ts' | wc -l) files to $OUT" >&2
