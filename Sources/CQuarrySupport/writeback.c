// sync_file_range is a GNU extension: declared only with _GNU_SOURCE, defined before any header.
#define _GNU_SOURCE
#include <fcntl.h>
#include "QuarrySupport.h"

int quarry_start_writeback(int fd, long long offset, long long length) {
#if defined(__linux__)
    return sync_file_range(fd, (off_t)offset, (off_t)length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}
