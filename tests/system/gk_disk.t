#!/usr/bin/env bash
# The guest kernel's virtio drivers on QEMU's own virtio-mmio devices
# (version 2): t-disk writes a known pattern to /dev/vda, half by trap and
# half through the syscall ring, and checks what it reads back; after
# QEMU has exited, every byte of the image file is checked here. A write
# to /dev/hvc0 (virtio-console) must reach the host.
#   direct on OpenSBI, 2 harts: rings on demand, then polled by vCPU 1
#   through the hypervisor: the same guest with the disk in its bundle
#     (the hypervisor's virtio-blk on QEMU's; GK_DISK_HV=0 leaves it out)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
QEMU=${QEMU:-qemu-system-riscv64}
FW=${FW_DYNAMIC:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
SIZE=262144
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
echo "1..28"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# every byte of the image against t-disk's pattern; prints the bad count
# and the first bad offset
check_image() {
	perl -e 'local $/; open(my $f, "<:raw", $ARGV[0]) or die; my $d = <$f>;
		my ($bad, $first) = (0, -1);
		for my $i (0 .. length($d) - 1) {
			my $w = ((($i >> 9) * 29) ^ ($i * 37) ^ 0xa5) & 0xff;
			if (ord(substr($d, $i, 1)) != $w) { $bad++; $first = $i if $first < 0; }
		}
		print length($d), " bytes, $bad wrong", ($bad ? " (first at $first)" : ""), "\n";
		exit($bad ? 1 : 0);' "$1"
}

# guest TAP lines of t-disk, all ok and all 14 of them
guest_ok() { # log -> 0/1
	local good bad
	good=$(grep -c '^ok [0-9]* - ' "$1")
	bad=$(grep -c '^not ok' "$1")
	[ "$good" = 14 ] && [ "$bad" = 0 ] && grep -q 'testrun: end t-disk,[0-9]* status 0' "$1"
	echo $?
}

direct() { # name bootargs-extra
	local img=$tmp/$1.img log=$tmp/$1.log
	truncate -s $SIZE "$img"
	timeout -k 5 90 "$QEMU" -M virt -cpu rv64 -smp 2 -m 256M -nographic \
		-bios "$FW" -kernel "$BUILD/guest/kernel.elf" \
		-initrd "$BUILD/guest/initrd.cpio" \
		-append "init=/bin/testrun $2 -- t-disk,$SIZE child,write,/dev/hvc0,hvc-$1-says-hello" \
		-global virtio-mmio.force-legacy=false \
		-drive file="$img",format=raw,if=none,id=d0 \
		-device virtio-blk-device,drive=d0 \
		-device virtio-serial-device \
		-chardev file,id=c1,path="$tmp/$1.hvc" -device virtconsole,chardev=c1 \
		</dev/null >"$log.raw" 2>&1
	local rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	ok "$(grep -q "gk: vda: virtio-blk at 0x1000[1-8]000 irq [1-8], $((SIZE / 512)) sectors" "$log"; echo $?)" \
		"$1: the kernel found the disk in its device tree"
	ok "$(grep -q 'gk: hvc0: virtio-console at' "$log"; echo $?)" "$1: and the console"
	ok "$(guest_ok "$log")" "$1: t-disk passed inside the guest (both paths, errors alike)"
	local res
	res=$(check_image "$img")
	ok $? "$1: every byte of the image file is the pattern ($res)"
	ok "$(grep -q "hvc-$1-says-hello" "$tmp/$1.hvc" 2>/dev/null; echo $?)" \
		"$1: a write to /dev/hvc0 reached the host"
	ok "$rc" "$1: QEMU exited by itself ($rc)"
	if [ "$rc" != 0 ] || grep -q '^not ok\|PANIC' "$log"; then
		sed 's/^/# /' "$log" | tail -15
	fi
}

direct ondemand ""
direct poll "ring=poll"

# make trace's workload (trace-work: file and disk I/O by trap and by ring,
# 8 in flight, beside a computing child) on 2 harts; directly on OpenSBI
# there is no trace extension: no tracing, and nothing else changes.
trace_work() {
	local img=$tmp/tw.img log=$tmp/tw.log
	truncate -s 1M "$img"
	timeout -k 5 90 "$QEMU" -M virt -cpu rv64 -smp 2 -m 256M -nographic \
		-bios "$FW" -kernel "$BUILD/guest/kernel.elf" \
		-initrd "$BUILD/guest/initrd.cpio" \
		-append "init=/bin/trace-work -- 2 1048576" \
		-global virtio-mmio.force-legacy=false \
		-drive file="$img",format=raw,if=none,id=d0 \
		-device virtio-blk-device,drive=d0 </dev/null >"$log.raw" 2>&1
	local rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	ok "$(grep -q '^trace-work: 2 rounds, file and disk, 0 bad' "$log" &&
		grep -q '^trace-work: cpu: [0-9]* rounds' "$log"; echo $?)" \
		"trace-work: file and disk by trap and ring, beside a computing child"
	ok "$(! grep -q 'gk: tracing\|trace buffer refused' "$log"; echo $?)" \
		"trace-work: no SBI trace extension, no tracing, no complaint"
	ok "$rc" "trace-work: QEMU exited by itself ($rc)"
	if [ "$rc" != 0 ]; then sed 's/^/# /' "$log" | tail -15; fi
}
trace_work

# The shell's disk commands: dwrite into block 3, dread it back, dread
# past the end; commands go in once the prompt is there (input typed
# before the UART is set up is lost on plain QEMU)
shell_run() {
	local img=$tmp/sh.img log=$tmp/sh.log
	truncate -s 65536 "$img"
	mkfifo "$tmp/in"
	exec 3<>"$tmp/in"
	timeout -k 5 60 "$QEMU" -M virt -cpu rv64 -smp 1 -m 256M -nographic \
		-bios "$FW" -kernel "$BUILD/guest/kernel.elf" \
		-initrd "$BUILD/guest/initrd.cpio" -append "init=/bin/sh" \
		-global virtio-mmio.force-legacy=false \
		-drive file="$img",format=raw,if=none,id=d0 \
		-device virtio-blk-device,drive=d0 <&3 >"$log.raw" 2>&1 &
	local qp=$! i
	for i in $(seq 300); do
		grep -q 'gk\$ ' "$log.raw" 2>/dev/null && break
		sleep 0.1
	done
	printf 'dwrite 3 hello-block\ndread 3\ndread 999\npoweroff\n' >&3
	wait $qp
	local rc=$?
	exec 3>&-
	tr -d '\r' <"$log.raw" >"$log"
	ok "$(dd if="$img" bs=512 skip=3 count=1 2>/dev/null | head -c 11 | grep -q '^hello-block$'; echo $?)" \
		"sh: dwrite 3 put its text into block 3 of the image"
	ok "$(grep -q '^0000  68 65 6c 6c 6f 2d 62 6c 6f 63 6b 00 00 00 00 00  hello-block' "$log"; echo $?)" \
		"sh: dread 3 shows it"
	ok "$(grep -q 'dread: /dev/vda: past the end' "$log"; echo $?)" \
		"sh: dread past the end says so"
	ok "$rc" "sh: poweroff ends the run ($rc)"
	if [ "$rc" != 0 ]; then sed "s/^/# /" "$log" | tail -15; fi
}
shell_run

# The console behind a virtio ring instead of the UART (console=hvc0):
# kernel messages and the same test program's output go there
hvc_console() {
	local log=$tmp/hc.log
	timeout -k 5 60 "$QEMU" -M virt -cpu rv64 -smp 2 -m 256M -nographic \
		-bios "$FW" -kernel "$BUILD/guest/kernel.elf" \
		-initrd "$BUILD/guest/initrd.cpio" \
		-append "console=hvc0 init=/bin/testrun -- t-file hello,via-hvc" \
		-global virtio-mmio.force-legacy=false -device virtio-serial-device \
		-chardev file,id=c1,path="$tmp/hc.hvc" -device virtconsole,chardev=c1 \
		</dev/null >"$log" 2>&1
	local rc=$?
	tr -d '\r' <"$tmp/hc.hvc" >"$tmp/hc.out" 2>/dev/null
	ok "$(grep -q '^# testrun: end t-file status 0' "$tmp/hc.out" &&
		grep -q 'hello from pid [0-9]* on vCPU [0-9] via-hvc' "$tmp/hc.out" &&
		! grep -q '^not ok' "$tmp/hc.out"; echo $?)" \
		"hvc0 console: t-file passes with its output on virtio-console"
	ok "$(grep -q 'gk: init exited with status 0' "$tmp/hc.out" &&
		! grep -q 'gk: init exited' "$log"; echo $?)" \
		"hvc0 console: kernel messages go there, not to the UART"
	ok "$rc" "hvc0 console: QEMU exited by itself ($rc)"
}
hvc_console

# The shell with virtio-console as its terminal: input typed on the host
# side of the port comes back through the guest
hvc_shell() {
	local log=$tmp/hs.log
	mkfifo "$tmp/hs.in" "$tmp/hs.out"
	timeout -k 5 60 "$QEMU" -M virt -cpu rv64 -smp 1 -m 256M -nographic \
		-bios "$FW" -kernel "$BUILD/guest/kernel.elf" \
		-initrd "$BUILD/guest/initrd.cpio" -append "console=hvc0 init=/bin/sh" \
		-global virtio-mmio.force-legacy=false -device virtio-serial-device \
		-chardev pipe,id=c1,path="$tmp/hs" -device virtconsole,chardev=c1 \
		</dev/null >"$log" 2>&1 &
	local qp=$! i
	exec 4<>"$tmp/hs.in"
	cat "$tmp/hs.out" >"$tmp/hs.txt" &
	local cp=$!
	for i in $(seq 300); do
		grep -q 'gk\$ ' "$tmp/hs.txt" 2>/dev/null && break
		sleep 0.1
	done
	printf 'echo typed-into-hvc0\npoweroff\n' >&4
	wait $qp
	local rc=$?
	exec 4>&-
	wait $cp
	tr -d '\r' <"$tmp/hs.txt" >"$tmp/hs.out.t"
	ok "$(grep -q '^typed-into-hvc0$' "$tmp/hs.out.t"; echo $?)" \
		"sh on hvc0: a line typed into virtio-console comes back"
	ok "$(grep -q 'gk: poweroff requested by pid 1' "$tmp/hs.out.t"; echo $?)" \
		"sh on hvc0: poweroff typed there"
	ok "$rc" "sh on hvc0: QEMU exited by itself ($rc)"
}
hvc_shell

# Through the hypervisor: the bundle gives the guest a disk node
#   vda { compatible = "virtio,blk"; serial = "..."; }
# and scripts/qemu-run.sh adds the QEMU drive behind it (mkbundle --disk).
if [ "${GK_DISK_HV:-1}" = 1 ] && [ -f "$BUILD/hypervisor.elf" ]; then
	img=$tmp/hv.img log=$tmp/hv.log
	truncate -s $SIZE "$img"
	"$top/scripts/mkbundle.sh" -o "$tmp/hv.bundle" --image "$BUILD/guest/kernel.elf" \
		--mem 128M --cpus 2 --initrd "$BUILD/guest/initrd.cpio" \
		--args "init=/bin/testrun ring=poll -- t-disk,$SIZE" \
		--disk "$img"
	HOST_SMP=2 timeout -k 5 120 "$top/scripts/qemu-run.sh" "$BUILD/hypervisor.elf" \
		"$tmp/hv.bundle" </dev/null >"$log.raw" 2>&1
	rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	ok "$(guest_ok "$log")" "hv: t-disk passed inside the guest"
	res=$(check_image "$img")
	ok $? "hv: every byte of the image file is the pattern ($res)"
	ok "$rc" "hv: QEMU exit status 0 through the hypervisor ($rc)"
	if [ "$rc" != 0 ]; then sed "s/^/# /" "$log" | tail -15; fi
else
	for w in "t-disk inside the guest" "the image file" "QEMU exit status"; do
		skip "hv: $w (GK_DISK_HV=0)"
	done
fi
