// The support functions are all inline in include/QuarrySupport.h; a C target needs one source file.
#include "QuarrySupport.h"
