#!/usr/bin/env bash
# The guest kernel's folders are layers, lowest first; a file may include
# headers of its own layer and of layers below it, never above. One test
# per layer, naming every include that points up.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
layers=(arch base mm core drivers fs proc syscall)
echo "1..$((${#layers[@]} + 1))"
n=0
rank() { local i; for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }
check() { # layer-rank files... -> offending "file: include" lines
	local r=$1; shift
	grep -Ho '#include "[a-z_]*/[a-z_0-9]*\.h"' "$@" 2>/dev/null | grep -v '"hw/' |
		while IFS=: read -r f inc; do
			l=${inc#*\"}; l=${l%%/*}
			lr=$(rank "$l")
			if [ "$lr" -lt 0 ] || [ "$lr" -gt "$r" ]; then echo "${f#$top/}: $inc"; fi
		done
}
for i in "${!layers[@]}"; do
	d=$top/guest/kernel/${layers[$i]}
	files=$(ls "$d"/*.[chS] 2>/dev/null)
	n=$((n + 1))
	if [ -z "$files" ]; then echo "not ok $n - ${layers[$i]}: no sources"; continue; fi
	bad=$(check "$i" $files)
	if [ -z "$bad" ]; then
		echo "ok $n - ${layers[$i]}: includes only ${layers[*]:0:$((i + 1))}"
	else
		echo "not ok $n - ${layers[$i]}: includes pointing up"
		echo "$bad" | sed 's/^/# /'
	fi
done
# and no header of the kernel is included without its folder
n=$((n + 1))
flat=$(grep -Hn '#include "[a-z_0-9]*\.h"' "$top"/guest/kernel/*/*.[chS] "$top"/guest/kernel/*.c |
	grep -v '"\(gk_abi\|fmt\|pvring\|pvring_[a-z]*\|trace_abi\|tbuf\|riscv_[a-z]*\|sbi_[a-z]*\|libfdt\)\.h"' | grep -v '"hw/')
if [ -z "$flat" ]; then echo "ok $n - every kernel include names its folder"
else echo "not ok $n - kernel includes without a folder"; echo "$flat" | sed 's/^/# /'; fi
