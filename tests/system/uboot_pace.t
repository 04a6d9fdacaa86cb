#!/usr/bin/env bash
# scripts/console-pace.pl (qemu-run.sh FEED_PROMPT, make run-uboot's piped
# input) against a fake console: nothing is typed before the first prompt,
# a prompt split across two writes counts once, each prompt lets exactly
# one line through, Ctrl-D follows the last line, the output passes
# through unchanged.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${BUILD:-build}/tests/system/uboot_pace
mkdir -p "$out"
echo "1..6"
rec=$out/rec
rm -f "$rec" "$out/fifo"
mkfifo "$out/fifo"
printf 'echo one\necho two\n' >"$out/input"
# the fake console: its output on stdout, what is typed on stdin
fake() {
	local l c
	printf 'boot loader: hit any key\n'
	sleep 0.5
	if read -r -t 0.2 l; then echo "early:$l" >>"$rec"; fi
	printf '~ # \033['
	sleep 0.3
	if read -r -t 0.2 l; then echo "half:$l" >>"$rec"; fi
	printf '6n'
	read -r -t 5 l && echo "1:$l" >>"$rec"
	printf 'one\n~ # \033[6n'
	read -r -t 5 l && echo "2:$l" >>"$rec"
	# between prompts nothing more may come
	if read -r -t 0.3 -N 1 c; then echo "between:$c" >>"$rec"; fi
	printf 'two\n~ # \033[6n'
	read -r -t 5 -N 1 c && printf 'eot:%s\n' "$(printf '%s' "$c" | od -An -tx1 | tr -d ' ')" >>"$rec"
	printf 'bye\n'
}
exec 5<"$out/input"
fake <"$out/fifo" | timeout 20 perl "$top/scripts/console-pace.pl" '\e[6n' 1 3<&5 4>"$out/fifo" >"$out/stdout"
st=$?
exec 5<&-
got=$(cat "$rec" 2>/dev/null)
t() { if [ "$1" = 0 ]; then echo "ok $2"; else echo "not ok $2"; echo "# recorded: ${got//$'\n'/ | }"; fi; }
t "$(grep -q '^early\|^half' "$rec"; echo $((!$?)))" "1 - nothing typed before the first whole prompt (one split across writes)"
t "$(grep -qx '1:echo one' "$rec"; echo $?)" "2 - the first prompt gets the first line"
t "$(grep -qx '2:echo two' "$rec"; echo $?)" "3 - the second prompt gets the second line"
t "$(grep -q '^between' "$rec"; echo $((!$?)))" "4 - nothing more until the next prompt"
t "$(grep -qx 'eot:04' "$rec"; echo $?)" "5 - the prompt after the last line gets Ctrl-D"
printf 'boot loader: hit any key\n~ # \033[6none\n~ # \033[6ntwo\n~ # \033[6nbye\n' >"$out/expect"
t "$([ "$st" = 0 ] && cmp -s "$out/stdout" "$out/expect"; echo $?)" "6 - the console's output passes through unchanged, the pacer ends with it"
rm -f "$out/fifo"
