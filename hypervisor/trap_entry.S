/* SPDX-License-Identifier: MIT */
/* stvec while the hypervisor itself runs: its own exceptions (a guest
 * memory read that faulted, or a bug). Guest traps use vcpu_exit_entry. */
#define FRAME_SIZE (36 * 8)

	.text
	.globl hyp_trap_entry
	.balign 4
hyp_trap_entry:
	addi	sp, sp, -FRAME_SIZE
	.irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, FRAME_SIZE
	sd	t0, (2 * 8)(sp)
	csrr	t0, sepc
	sd	t0, (32 * 8)(sp)
	csrr	t0, sstatus
	sd	t0, (33 * 8)(sp)
	csrr	t0, scause
	sd	t0, (34 * 8)(sp)
	csrr	t0, stval
	sd	t0, (35 * 8)(sp)
	mv	a0, sp
	call	hyp_trap_handler
	ld	t0, (32 * 8)(sp)
	csrw	sepc, t0
	ld	t0, (33 * 8)(sp)
	csrw	sstatus, t0
	.irp n,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, FRAME_SIZE
	sret
