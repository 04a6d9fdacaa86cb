# System test of tracing on our kernel's block and file workload (the
# SBI extension's own test, tracesbi.t, is in build.mk's list).
TESTS += tests/system/trace_gk.t
