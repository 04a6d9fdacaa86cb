#!/usr/bin/env bash
# The shell `make run` boots into, driven the way `make run <file` drives
# it: commands on standard input, end of input (sent as Ctrl-D by
# qemu-run.sh EOF_EOT=1) powers the guest off cleanly. Every builtin the
# issue names, a program run from /bin, an unknown command, and poweroff.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
has() { grep -q -- "$2" "$1"; echo $?; }
echo "1..15"
if [ ! -f "$BUILD/hypervisor.elf" ]; then
	for i in $(seq 15); do echo "ok $i # SKIP no hypervisor.elf"; done
	exit 0
fi
log=$(mktemp) bundle=$(mktemp)
trap 'rm -f "$log" "$bundle"' EXIT
# the default guest of make run (Makefile RUN_* defaults)
"$top/scripts/mkbundle.sh" -o "$bundle" --image "$BUILD/guest/kernel.elf" \
	--mem 128M --cpus 1 --initrd "$BUILD/guest/initrd.cpio" --args "init=/bin/sh"

run() { # stdin: commands
	EOF_EOT=1 timeout -k 5 90 "$top/scripts/qemu-run.sh" "$BUILD/hypervisor.elf" \
		"$bundle" >"$log" 2>&1
	rc=$?
	tr -d '\r' <"$log" >"$log.t" && mv "$log.t" "$log"
}

run < <(printf '%s\n' 'echo first words arrive whole' 'ls' 'cat /etc/lines.txt' \
	'ps' 'hello shell-arg' 'nosuchprog' 'sleep 10' 'echo after sleep')
ok "$(grep -q '^first words arrive whole$' "$log"; echo $?)" \
	"echo: the first line typed before boot arrives intact"
ok "$(has "$log" '/bin/hello')" "ls lists the initrd files"
ok "$(has "$log" '/etc/motd')" "ls lists /etc"
ok "$(cmp -s <(sed -n '/cat \/etc\/lines.txt$/,/gk\$/p' "$log" | sed '1d;$d') \
	"$top/guest/user/files/lines.txt"; echo $?)" "cat prints the file"
ok "$(grep -Eq '^ +1 +0 +[0-9]+ +running +sh$' "$log"; echo $?)" "ps shows the shell as pid 1"
ok "$(grep -Eq 'hello from pid [0-9]+ on vCPU 0 shell-arg' "$log"; echo $?)" \
	"a program from /bin runs with its argument"
ok "$(has "$log" 'sh: nosuchprog: command not found')" "unknown command: an error, shell goes on"
ok "$(has "$log" 'after sleep')" "commands after sleep still run"
ok "$(has "$log" "gk: poweroff requested by pid 1 (code 0)")" "end of input powers off"
ok "$rc" "QEMU exit status 0 after end of input ($rc)"

# make run's disk: a block written from the shell is in the image file;
# the guest's virtio-console driver posts receive buffers at boot, which
# must not take the typed input away from the UART the shell reads
disk=$(mktemp)
trap 'rm -f "$log" "$bundle" "$disk" "$bundle.drives"' EXIT
truncate -s 1M "$disk"
"$top/scripts/mkbundle.sh" -o "$bundle" --image "$BUILD/guest/kernel.elf" \
	--mem 128M --cpus 1 --initrd "$BUILD/guest/initrd.cpio" --args "init=/bin/sh" \
	--disk "$disk"
run < <(printf '%s\n' 'dwrite 3 typed-into-block-three' 'dread 3' 'echo after dread')
ok "$(grep -q '  typed-into-block$' "$log" && grep -q '  -three\.\{10\}$' "$log"; echo $?)" \
	"dread shows the block dwrite wrote"
ok "$(has "$log" 'after dread')" "input after a long line still reaches the shell"
ok "$([ "$(dd if="$disk" bs=512 skip=3 count=1 2>/dev/null | tr -d '\0')" = \
	typed-into-block-three ]; echo $?)" "the block is in the disk image on the host"
rm -f "$bundle.drives"
"$top/scripts/mkbundle.sh" -o "$bundle" --image "$BUILD/guest/kernel.elf" \
	--mem 128M --cpus 1 --initrd "$BUILD/guest/initrd.cpio" --args "init=/bin/sh"

run < <(printf '%s\n' 'poweroff 3' 'echo never')
ok "$(! grep -q 'never' "$log"; echo $?)" "poweroff stops before the next command"
ok "$([ "$rc" = 1 ]; echo $?)" "poweroff 3: SYSFAIL reaches QEMU's exit status (got $rc, want 1)"
