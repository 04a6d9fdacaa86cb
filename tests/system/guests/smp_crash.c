#include "smp_rt.h"
const char tg_name[] = "smp_crash";
void tg_main(void) { tg_plan(0); }
