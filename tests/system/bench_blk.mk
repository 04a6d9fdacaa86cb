# bench-blk on virtio-blk, emulated DMA and PIO; the host checks the images
TESTS += tests/system/bench_blk.t
