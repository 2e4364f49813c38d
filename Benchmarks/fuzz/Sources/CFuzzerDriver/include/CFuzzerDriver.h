#ifndef QUARRY_CFUZZERDRIVER_H
#define QUARRY_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in the runtime `-sanitize=fuzzer` links): parses the libFuzzer options in
/// `argv` and runs `callback` on every input. Used instead of libFuzzer's own `main`, because a
/// Swift executable has its own entry point.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
