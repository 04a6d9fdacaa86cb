#!/usr/bin/env bash
# Polled syscall rings with 2 vCPUs on 2 harts under -icount, where QEMU
# runs the harts in turns: the hypervisor must not starve the hart it
# waits for (spin_lock and cross-hart waits yield with WFI). This hung
# before; the benchmark's polling runs use this configuration.
export ICOUNT=1
exec "$(dirname "$0")/gk_run.sh" --hv --cpus 2 --args "ring=poll" --timeout 120 -- t-ring
