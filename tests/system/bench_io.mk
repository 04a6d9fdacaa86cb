# make bench-io (also part of make bench): paravirtual vs emulated block and
# console I/O, scripts/bench-io.sh; writes build/bench/io.csv, io.md and
# io-*.png. BENCH_IO_QUICK=1: a short smoke run of the block part only.
bench-io: $(HV_ELF) $(GK_ELF) $(GK_INITRD)
	$(Q)BUILD=$(BUILD) QUICK=$(BENCH_IO_QUICK) scripts/bench-io.sh
bench:: bench-io
.PHONY: bench-io
