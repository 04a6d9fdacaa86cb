#!/usr/bin/env bash
# Processes, files, bad pointers, and every operation by trap and by ring
# (served on demand) with the answers compared; one vCPU, through
# the hypervisor.
exec "$(dirname "$0")/gk_run.sh" --hv --cpus 1 -- t-proc t-file t-badptr t-ops
