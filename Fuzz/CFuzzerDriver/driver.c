// Declarations only: LLVMFuzzerRunDriver is provided by libclang_rt.fuzzer_no_main at link time.
#include "CFuzzerDriver.h"
