#!/usr/bin/env bash
# The kernel on plain OpenSBI (real S-mode, real PLIC and UART), 2 harts:
# the whole suite once more, rings polled by the second hart.
exec "$(dirname "$0")/gk_run.sh" --direct --cpus 2 --args "ring=poll" -- \
	t-proc t-file t-badptr t-exec t-ring t-badring t-many t-ops
