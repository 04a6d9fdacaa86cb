#!/usr/bin/env bash
# Processes, files and bad pointers over the trap path, one vCPU, through
# the hypervisor.
exec "$(dirname "$0")/gk-run.sh" --hv --cpus 1 -- t-proc t-file t-badptr
