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

// Keeps the compiler from moving memory accesses across it, at no cost to the processor (a
// C11 signal fence): RecordingFile stores a line's `\n` after the rest of it. A killed process
// stops between two of its instructions, and every store made before that point reaches the
// file's pages, so program order is all a kill can observe. A processor fence (`mfence`, which
// waits for the line's stores to reach the cache) would only matter to another processor
// reading the mapping while the line is written. (Neither orders what reaches the disk: after
// a crash of the whole machine, a file's pages may come back in any order.)
static inline void swarmtop_compiler_fence(void) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }

#endif
