// The driver is defined by libFuzzer's runtime; this target only exports its declaration.
#include "CFuzzerDriver.h"
