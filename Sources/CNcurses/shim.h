#ifndef SWARMTOP_CNCURSES_SHIM_H
#define SWARMTOP_CNCURSES_SHIM_H

// C glue between Swift and libncursesw. Swift imports ncurses' functions directly; what it
// cannot import is wrapped here, one small `static inline` function each, prefixed `cncurses_`:
//  - mutable C globals (stdscr, LINES, COLS, COLORS, COLOR_PAIRS, stdin, stdout): Swift 6
//    language mode rejects them as "not concurrency-safe", so they are read through functions;
//  - macros that compute a value (A_BOLD, KEY_F(n), BUTTON4_PRESSED, getmaxyx): Swift imports
//    only macros that are plain literals.
// Only TerminalUI's ncurses thread calls these (ncurses is not thread-safe).

// Wide-character API (cchar_t, setcchar, wadd_wch, wget_wch): SwiftPM drops pkg-config's
// -D_XOPEN_SOURCE, so ask for it here, before the first include.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <stdio.h>

// MARK: Globals

/// The standard screen (`stdscr` is a mutable global).
static inline WINDOW *cncurses_stdscr(void) { return stdscr; }
/// The terminal's height in rows (`LINES` is a mutable global).
static inline int cncurses_lines(void) { return LINES; }
/// The terminal's width in columns (`COLS` is a mutable global).
static inline int cncurses_cols(void) { return COLS; }
/// How many colours the terminal has, after start_color (`COLORS` is a mutable global).
static inline int cncurses_colors(void) { return COLORS; }
/// How many colour pairs the terminal has, after start_color (`COLOR_PAIRS` is a mutable global).
static inline int cncurses_color_pairs(void) { return COLOR_PAIRS; }
/// The C `stdout` stream, for newterm (`stdout` is a mutable global).
static inline FILE *cncurses_stdout(void) { return stdout; }
/// The C `stdin` stream, for newterm (`stdin` is a mutable global).
static inline FILE *cncurses_stdin(void) { return stdin; }

// MARK: Macros

/// The window's size in rows and columns (`getmaxyx` is a macro that assigns its arguments).
static inline void cncurses_getmaxyx(WINDOW *win, int *rows, int *columns) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *columns = x;
}

/// The bold attribute (`A_BOLD` is a shift expression).
static inline attr_t cncurses_a_bold(void) { return A_BOLD; }
/// The dim (half-bright) attribute (`A_DIM` is a shift expression).
static inline attr_t cncurses_a_dim(void) { return A_DIM; }
/// The underline attribute (`A_UNDERLINE` is a shift expression).
static inline attr_t cncurses_a_underline(void) { return A_UNDERLINE; }
/// The reverse-video attribute (`A_REVERSE` is a shift expression).
static inline attr_t cncurses_a_reverse(void) { return A_REVERSE; }

/// The key code of function key `n` (`KEY_F(n)` is a function-like macro).
static inline int cncurses_key_f(int n) { return KEY_F(n); }

/// Mouse button 1 pressed (the mouse masks are function-like macros of the mouse version).
static inline mmask_t cncurses_button1_pressed(void) { return BUTTON1_PRESSED; }
/// Mouse button 1 clicked (press and release within the click interval).
static inline mmask_t cncurses_button1_clicked(void) { return BUTTON1_CLICKED; }
/// Mouse button 4 pressed: the wheel turned up (away from the user).
static inline mmask_t cncurses_button4_pressed(void) { return BUTTON4_PRESSED; }
/// Mouse button 5 pressed: the wheel turned down (towards the user).
static inline mmask_t cncurses_button5_pressed(void) { return BUTTON5_PRESSED; }

// MARK: C library

/// The columns the C library (and so ncurses) gives a wide character: -1 when not printable.
/// <wchar.h> declares `wcwidth` only under _XOPEN_SOURCE, which SwiftPM drops; it is always in
/// the C library.
extern int wcwidth(wchar_t c);
static inline int cncurses_wcwidth(wchar_t c) { return wcwidth(c); }

// MARK: Terminal description

/// Asks terminfo about terminal type `term` without touching the screen, for a precise error
/// when newterm fails (setupterm is declared in <term.h>, whose capability macros such as
/// `lines` and `columns` would leak into every file that includes this header). Returns
/// setupterm's error code: 1 found, 0 not found (or a generic/hardcopy type), -1 no terminfo
/// database.
struct term;
extern int setupterm(const char *term, int filedes, int *errret);
extern int del_curterm(struct term *oterm);
extern struct term *set_curterm(struct term *nterm);
static inline int cncurses_terminfo_status(const char *term, int fd) {
    int status = 1;
    if (setupterm(term, fd, &status) == OK) {
        struct term *found = set_curterm(NULL);
        if (found != NULL) del_curterm(found);
        return 1;
    }
    return status;
}

/// terminfo's `colors` for terminal type `term`, read without touching the screen (to pick a
/// direct-colour entry before newterm, and for escapes written without ncurses); -1 when the
/// type is unknown, -2 when it has no `colors`.
static inline int cncurses_terminfo_colors(const char *term, int fd) {
    int status = 1;
    if (setupterm(term, fd, &status) != OK) return -1;
    int colors = tigetnum("colors");
    struct term *found = set_curterm(NULL);
    if (found != NULL) del_curterm(found);
    return colors < 0 ? -2 : colors;
}

#endif
