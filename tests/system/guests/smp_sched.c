#include "smp_rt.h"
const char tg_name[] = "smp_sched";
void tg_main(void) { tg_plan(0); }
