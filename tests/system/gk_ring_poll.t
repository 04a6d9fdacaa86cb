#!/usr/bin/env bash
# The same ring tests with a polling IO vCPU (ring=poll, 2 vCPUs), plus
# many concurrent processes and rings, through the hypervisor.
exec "$(dirname "$0")/gk_run.sh" --hv --cpus 2 --args "ring=poll" -- \
	t-ring t-badring t-many t-ops
