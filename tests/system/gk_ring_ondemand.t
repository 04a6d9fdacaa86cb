#!/usr/bin/env bash
# Every ring operation, out-of-order completion, coroutines and malformed
# rings, with the rings served on demand, through the hypervisor.
exec "$(dirname "$0")/gk_run.sh" --hv --cpus 1 -- t-ring t-badring
