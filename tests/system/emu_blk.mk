# rvh,emu-blk through Linux's devmem (no guest driver yet)
TESTS += tests/system/emu_blk.t
