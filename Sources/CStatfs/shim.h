#ifndef SWARMTOP_CSTATFS_SHIM_H
#define SWARMTOP_CSTATFS_SHIM_H

// fstatfs(2), which Swift's Glibc module does not import: RecordingFile asks it which file
// system a recording is on (see its doc comment).
#if defined(__linux__)
#include <sys/vfs.h>
#endif

#endif
