#ifndef SWARMTOP_CNCURSES_SHIM_H
#define SWARMTOP_CNCURSES_SHIM_H
// Wide-character API: SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for it here.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#endif
