#ifndef SWARMTOP_CSHIMS_H
#define SWARMTOP_CSHIMS_H

// What the recording writer needs from C that Swift's Glibc module does not give.

// fstatfs(2): RecordingFile asks it which file system a recording is on (see its doc comment).
#if defined(__linux__)
#include <sys/vfs.h>
#endif

// Asks the processor to bring the cache line at `address` in, without waiting for it and
// without faulting, whatever the address (TaskLedger.prefetch).
static inline void swarmtop_prefetch(const void *address) { __builtin_prefetch(address); }

#endif
