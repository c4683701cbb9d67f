#!/usr/bin/env bash
# `lambdalint check` on a hostile directory (docs/robustness.md): symlink loops, links that lead
# nowhere, a FIFO, binary files with template extensions, invalid UTF-8, UTF-16, an alias bomb.
# Every bad file gets a message with its path (and line:col when it has one), the good files are
# still linted, the run ends in bounded time and memory, and the exit code is the documented one.
#   hostile_input.sh LAMBDALINT SRC            the directory cases
#   hostile_input.sh LAMBDALINT SRC large      a 50 MB template generated here (own ctest)
set -u
bin=$1
root=$2
mode=${3:-directory}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# run NAME WANT_EXIT MAX_SECONDS MAX_RSS_MB -- COMMAND...: exit code, wall time and peak RSS.
run() {
  local name=$1 want=$2 max_seconds=$3 max_mb=$4
  shift 5
  local start end got rss_kb
  start=$(date +%s.%N)
  timeout "$max_seconds" /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  end=$(date +%s.%N)
  rss_kb=$(tail -1 "$tmp/rss" 2>/dev/null)
  printf '%s: exit %s, %s s, peak RSS %s MB\n' "$name" "$got" "$(awk "BEGIN {printf \"%.2f\", $end - $start}")" "$(( ${rss_kb:-0} / 1024 ))"
  if [[ $got -eq 124 ]]; then fail "$name: did not finish within ${max_seconds}s"; return; fi
  [[ $got -eq $want ]] || { fail "$name: exit $got, expected $want"; sed 's/^/  out: /' "$tmp/out" | head -20; sed 's/^/  err: /' "$tmp/err" | head -20; }
  [[ -n $rss_kb && $rss_kb -le $((max_mb * 1024)) ]] || fail "$name: peak RSS ${rss_kb:-?} kB above ${max_mb} MB"
}
expect_grep() { # PATTERN FILE WHAT
  if grep -qE -- "$1" "$2"; then echo "ok: $3"; else fail "$3: /$1/ not in $2"; sed 's/^/  /' "$2" | head -20; fi
}
command -v /usr/bin/time >/dev/null || { echo "SKIP: /usr/bin/time (Debian package 'time') is not installed"; exit 0; }

good='AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timout: 30
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: x}'

if [[ $mode == large ]]; then
  # 50 MB: 2,000 functions with queues and mappings, plus a Metadata block of long lines and long
  # lists (what generated templates carry), and the typo at the very end.
  python3 - "$tmp/large.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write('AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  Blob:\n')
    line = "x" * 4000
    for i in range(13000):
        out.write(f"    - [{line}, {i}, !Sub '${{AWS::Region}}-{i}', !Join ['-', [a, b, c, {i}]]]\n")
    out.write("Resources:\n")
    for i in range(2000):
        out.write(f"""  Queue{i}:
    Type: AWS::SQS::Queue
    Properties: {{VisibilityTimeout: 60}}
  Fn{i}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Timeout: 30
      Role: !Sub arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/r{i}
      Code: {{ZipFile: x}}
  Mapping{i}:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {{FunctionName: !Ref Fn{i}, EventSourceArn: !GetAtt Queue{i}.Arn}}
""")
    out.write("  Last:\n    Type: AWS::SQS::Queue\n    Properties: {Bogus: 1}\n")
PY
  size=$(stat -c %s "$tmp/large.yaml")
  echo "generated $((size / 1024 / 1024)) MB"
  [[ $size -ge $((50 * 1024 * 1024)) ]] || fail "the generated template is only $size bytes"
  run "50 MB template" 1 240 2048 -- "$bin" check --format json "$tmp/large.yaml"
  last_line=$(grep -n 'Bogus: 1' "$tmp/large.yaml" | cut -d: -f1)
  python3 - "$tmp/out" "$last_line" <<'PY' || fail "50 MB template: finding on the last resource missing"
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
line = int(sys.argv[2])
assert any(f["rule"] == "LL004" and f["range"]["start"]["line"] == line for f in findings), [f for f in findings if f["rule"] == "LL004"][:3]
print(f"ok: LL004 on line {line} of the 50 MB template")
PY
  echo "$failures failed"
  [[ $failures -eq 0 ]]
  exit
fi

dir=$tmp/repo
mkdir -p "$dir/sub" "$dir/module" "$dir/loops"
printf '%s\n' "$good" >"$dir/good.yaml"
# Symlink loops: a directory linking to its parent, two directories linking to each other, a
# file linking to itself (unreadable even for root), a link to nothing.
ln -s .. "$dir/sub/parent"
mkdir -p "$dir/loops/a" "$dir/loops/b"
ln -s ../b "$dir/loops/a/to_b"
ln -s ../a "$dir/loops/b/to_a"
ln -s self.yaml "$dir/self.yaml"
ln -s /nonexistent/template.yaml "$dir/dangling.yaml"
# A FIFO with a template extension: reading it would block forever; a walk skips it.
mkfifo "$dir/pipe.yaml"
# Binary files with template extensions (walked: skipped; a .tf: LL001 in its module).
head -c 4096 /dev/urandom | tr -d '\000' | head -c 2000 >"$dir/sub/blob.json"; printf '\000AWS::' >>"$dir/sub/blob.json"
printf '\177ELF\002\001\001\000\000\000AWS::' >"$dir/sub/blob.yaml"
printf '\177ELF\002\001\001\000\000\000' >"$dir/module/blob.tf"
{
  printf 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  runtime = "python3.12"\n  layers = ['
  for l in a b c d e f; do printf '"arn:aws:lambda:us-east-1:123456789012:layer:%s:1", ' $l; done
  printf ']\n}\n'
} >"$dir/module/main.tf"
# Invalid UTF-8 (Latin-1) on line 4; UTF-16LE with a BOM.
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue # caf\351\n' >"$dir/latin1.yaml"
printf '%s\n' "$good" | python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + sys.stdin.read().encode("utf-16-le"))' >"$dir/utf16.yaml"

run "hostile directory" 2 60 512 -- "$bin" check "$dir"
expect_grep "good.yaml:6:7: [a-z]+\[LL004\]" "$tmp/out" "the good template is still linted"
expect_grep "utf16.yaml:6:7: [a-z]+\[LL004\]" "$tmp/out" "UTF-16 template linted with the same position"
expect_grep "latin1.yaml:4:[0-9]+: error\[LL001\]: invalid UTF-8 byte 0xe9" "$tmp/out" "invalid UTF-8 has path:line:col"
expect_grep "module/blob.tf:[0-9]+:[0-9]+: error\[LL001\]" "$tmp/out" "binary .tf is an LL001 in its module"
expect_grep "module/main.tf:4:[0-9]+: [a-z]+\[LL805\]" "$tmp/out" "the module's other file is still analysed"
expect_grep "self.yaml: error: cannot read: Too many levels of symbolic links" "$tmp/out" "self-referencing link reported"
expect_grep "dangling.yaml: error: cannot read: No such file or directory" "$tmp/out" "dangling link reported"
if grep -q "pipe.yaml\|blob.yaml\|blob.json" "$tmp/out" "$tmp/err"; then fail "FIFO or binary template reported in a walk"; else echo "ok: FIFO and binary files skipped in a walk"; fi

# Named explicitly: binary files are input errors (exit 2) with their path.
run "binary .json named" 2 10 256 -- "$bin" check "$dir/sub/blob.json"
expect_grep "blob.json: error: binary file" "$tmp/out" "binary file named explicitly"
# Process substitution (a pipe named on the command line) is read like a file.
run "template from a pipe" 1 10 256 -- bash -c "\"$bin\" check <(printf '%s\n' \"\$1\")" _ "$good"
expect_grep ":6:7: [a-z]+\[LL004\]" "$tmp/out" "template read from a pipe"

# Alias bomb through the CLI: one LL001, small memory.
{
  printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
  prev=a
  for name in b c d e f g h i; do
    printf '  %s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $name $name $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$name
  done
} >"$tmp/bomb.yaml"
run "alias bomb" 1 20 512 -- "$bin" check "$tmp/bomb.yaml"
expect_grep "bomb.yaml:[0-9]+:[0-9]+: error\[LL001\]: .*alias" "$tmp/out" "alias bomb is an LL001 with a position"

# 100,000-deep nesting through the CLI (stack use in the real binary, not a test thread).
python3 -c 'print("Resources: " + "[" * 100000 + "]" * 100000)' >"$tmp/deep.yaml"
python3 -c 'print("{\"Resources\": " + "[" * 100000 + "]" * 100000 + "}")' >"$tmp/deep.json"
run "100,000-deep YAML and JSON" 1 20 512 -- "$bin" check "$tmp/deep.yaml" "$tmp/deep.json"
expect_grep "deep.yaml:1:[0-9]+: error\[LL001\]" "$tmp/out" "deep YAML is an LL001"
expect_grep "deep.json:1:[0-9]+: error\[LL001\]" "$tmp/out" "deep JSON is an LL001"

# ---- Issue 22 ----------------------------------------------------------------------------------
# A FIFO and /dev/zero named beside a good template: input errors at once, the good one reported.
mkfifo "$tmp/named.yaml"
run "FIFO and /dev/zero named" 2 20 256 -- "$bin" check "$tmp/named.yaml" /dev/zero "$dir/good.yaml"
expect_grep "good.yaml:6:7: [a-z]+\[LL004\]" "$tmp/out" "the good file named beside a FIFO is linted"
expect_grep "named.yaml: error: cannot read: the pipe or FIFO is empty" "$tmp/out" "a FIFO named is an input error"
expect_grep "/dev/zero: error: cannot read: a character device, not a regular file" "$tmp/out" "/dev/zero named is refused"
# --config and --baseline FIFOs: a usage error at once.
mkfifo "$tmp/config.yaml" "$tmp/baseline.json"
run "--config FIFO" 2 10 256 -- "$bin" check --config "$tmp/config.yaml" "$dir/good.yaml"
expect_grep "cannot read the configuration file \(cannot read: a FIFO, not a regular file\)" "$tmp/err" "--config FIFO refused"
run "--baseline FIFO" 2 10 256 -- "$bin" check --baseline "$tmp/baseline.json" "$dir/good.yaml"
expect_grep "cannot read the baseline file \(cannot read: a FIFO, not a regular file\)" "$tmp/err" "--baseline FIFO refused"

# audit reads exports the same way: a FIFO among them (walked or named) is never waited for.
mkdir -p "$tmp/audit"
cp "$root/fixtures/audit/snapshot/list-functions.json" "$tmp/audit/"
mkfifo "$tmp/audit/pipe.json"
run "audit with a FIFO in the directory" 1 20 256 -- "$bin" audit "$tmp/audit"
expect_grep "list-functions.json:[0-9]+:[0-9]+: error\[LL801\]" "$tmp/out" "audit reports the export beside a walked FIFO"
run "audit with a FIFO named" 2 20 256 -- "$bin" audit "$tmp/audit/pipe.json" "$tmp/audit/list-functions.json"
expect_grep "pipe.json: error: cannot read: the pipe or FIFO is empty" "$tmp/out" "audit: a FIFO named is an input error"
expect_grep "list-functions.json:[0-9]+:[0-9]+: error\[LL801\]" "$tmp/out" "audit reports the export named beside a FIFO"

# A walked module with a FIFO .tf, a .tf linking to /dev/zero and a FIFO modules.json.
tfdir=$tmp/tfwalk
mkdir -p "$tfdir/m/.terraform/modules"
cp "$dir/module/main.tf" "$tfdir/m/main.tf"
printf 'module "r" {\n  source = "example/x/aws"\n}\n' >"$tfdir/m/registry.tf"
mkfifo "$tfdir/m/pipe.tf" "$tfdir/m/.terraform/modules/modules.json"
ln -s /dev/zero "$tfdir/m/zero.tf"
run "FIFO and /dev/zero .tf files in a walked module" 1 20 256 -- "$bin" check "$tfdir"
expect_grep "m/main.tf:4:[0-9]+: [a-z]+\[LL805\]" "$tmp/out" "the module is analysed"
expect_grep "pipe.tf:1:1: error\[LL001\]: cannot read: a FIFO" "$tmp/out" "a FIFO .tf is an LL001"
expect_grep "zero.tf:1:1: error\[LL001\]: cannot read: a character device" "$tmp/out" "a /dev/zero .tf is an LL001"

# 10,000 chained operators in a .tf: no stack overflow in the real binary.
mkdir -p "$tmp/chain"
python3 -c "print('resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  role = \"arn:aws:iam::123456789012:role/f\"\n  runtime = \"python3.12\"\n  handler = \"app.handler\"\n  timeout = ' + ' + '.join(['1']*10000) + '\n}')" >"$tmp/chain/main.tf"
run "10,000 chained + in a .tf" 0 20 512 -- "$bin" check "$tmp/chain"

# Two modules calling each other: the first keeps its findings (was: both dropped).
mkdir -p "$tmp/mutual/a" "$tmp/mutual/b"
cp "$dir/module/main.tf" "$tmp/mutual/a/main.tf"
printf 'module "b" {\n  source = "../b"\n}\n' >"$tmp/mutual/a/calls.tf"
printf 'module "a" {\n  source = "../a"\n}\n' >"$tmp/mutual/b/main.tf"
run "modules calling each other" 1 20 256 -- "$bin" check "$tmp/mutual"
expect_grep "a/main.tf:4:[0-9]+: [a-z]+\[LL805\]" "$tmp/out" "a module in a call cycle is still linted"

# An unreadable subdirectory is an input error (root reads everything: skipped then).
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$tmp/locked/secret"
  cp "$dir/good.yaml" "$tmp/locked/good.yaml"
  chmod 000 "$tmp/locked/secret"
  run "unreadable subdirectory" 2 10 256 -- "$bin" check "$tmp/locked"
  expect_grep "secret: error: cannot read the directory" "$tmp/out" "an unreadable directory is said"
  chmod 755 "$tmp/locked/secret"
else
  echo "skip: unreadable subdirectory (running as root)"
fi

# ignore-paths with repeated **/ over a 40-deep tree: linear matching.
deep=$tmp/globs
path=$deep
for i in $(seq 40); do path=$path/d; done
mkdir -p "$path"
cp "$dir/good.yaml" "$path/t.yaml"
printf 'ignore-paths: ["**/**/**/**/**/**/**/**/b"]\n' >"$deep/.lambdalint.yaml"
run "ignore-paths with repeated **/" 1 20 256 -- "$bin" check "$deep"

# Writes: never replace a linted file, a device, a FIFO or a symlink; keep the file mode.
w=$tmp/writes
mkdir -p "$w"
cp "$dir/good.yaml" "$w/t.yaml"
run "--output onto the input" 2 10 256 -- "$bin" check --output "$w/t.yaml" "$w/t.yaml"
cmp -s "$w/t.yaml" "$dir/good.yaml" && echo "ok: the template is untouched" || fail "--output replaced the template"
run "--create-baseline onto the input" 2 10 256 -- "$bin" check --create-baseline "$w/t.yaml" "$w/t.yaml"
cmp -s "$w/t.yaml" "$dir/good.yaml" && echo "ok: the template is untouched by --create-baseline" || fail "--create-baseline replaced the template"
touch "$w/real.txt"; ln -s real.txt "$w/link.txt"
run "--output through a symlink" 1 10 256 -- "$bin" check --output "$w/link.txt" "$w/t.yaml"
[[ -L $w/link.txt ]] && grep -q LL004 "$w/real.txt" && echo "ok: the link stays a link, its target has the report" || fail "--output replaced the symlink"
install -m 600 /dev/null "$w/private.txt"
run "--output keeps the mode" 1 10 256 -- "$bin" check --output "$w/private.txt" "$w/t.yaml"
[[ $(stat -c %a "$w/private.txt") == 600 ]] && echo "ok: a 0600 report stays 0600" || fail "mode changed to $(stat -c %a "$w/private.txt")"
mkfifo "$w/fifo.out"
cat "$w/fifo.out" >"$w/from_fifo.txt" &
reader=$!
run "--output to a FIFO" 1 10 256 -- "$bin" check --output "$w/fifo.out" "$w/t.yaml"
wait "$reader"
[[ -p $w/fifo.out ]] && grep -q LL004 "$w/from_fifo.txt" && echo "ok: written through the FIFO" || fail "--output to a FIFO"
run "--output /dev/null" 1 10 256 -- "$bin" check --output /dev/null "$w/t.yaml"
[[ -c /dev/null ]] && echo "ok: /dev/null is still a character device" || fail "/dev/null was replaced"
mkdir -p "$w/docs"
printf '# My project\n' >"$w/docs/README.md"
run "docs over a project README" 1 10 256 -- "$bin" docs "$w/docs"
[[ $(cat "$w/docs/README.md") == "# My project" ]] && echo "ok: docs leaves a README it did not generate" || fail "docs replaced the README"

# Output injection: control characters from a template are escaped in text; JUnit stays XML.
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  "Fn\\e]0;owned\\a\\e[31m":\n    Type: AWS::Lambda::Function\n    Properties:\n      Timout: 30\n  Q\351:\n    Type: AWS::SQS::Queue\n    Properties: {Bogus: 1}\n' >"$tmp/inject.yaml"
run "escape sequences in a logical id" 1 10 256 -- "$bin" check --color never "$tmp/inject.yaml"
if grep -q $'\e' "$tmp/out"; then fail "raw ESC in text output"; else echo "ok: no raw ESC in text output"; fi
run "JUnit with invalid UTF-8" 1 10 256 -- "$bin" check --format junit "$tmp/inject.yaml"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/out" && echo "ok: JUnit is well-formed XML" || fail "JUnit is not well-formed XML"

echo "$failures failed"
[[ $failures -eq 0 ]]
