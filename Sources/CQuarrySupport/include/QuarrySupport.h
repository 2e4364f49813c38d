#ifndef QUARRY_SUPPORT_H
#define QUARRY_SUPPORT_H

/// Asks the processor to start loading the cache line at `address` for reading. A hint only: it
/// never faults, whatever the address, and has no effect the program can observe but time.
static inline void quarry_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// As `quarry_prefetch`, for a line that is about to be written.
static inline void quarry_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Starts writing the file's dirty pages in [offset, offset + length) to disk, without waiting
/// (Linux's sync_file_range with SYNC_FILE_RANGE_WRITE; nothing elsewhere). A later fsync then
/// finds most of the data already written, instead of waiting for all of it. Returns 0 or -1.
int quarry_start_writeback(int fd, long long offset, long long length);

#endif
