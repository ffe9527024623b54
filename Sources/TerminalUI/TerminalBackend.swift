import Dashboard

/// A terminal the dashboard draws on and reads input from: ncurses (`CursesTerminal`) or an
/// in-memory grid for tests and headless replay (`MemoryTerminal`).
///
/// Every member may be called from any thread.
public protocol TerminalBackend: AnyObject, Sendable {
    /// The terminal's size in cells. It changes when the terminal is resized; a `.resize`
    /// event on `events` says so.
    var size: (width: Int, height: Int) { get }

    /// Keys, mouse events, resizes and requests to terminate, in the order they happened.
    ///
    /// One stream for the life of the backend (every read returns the same stream; iterate it
    /// from one task). It finishes when the backend shuts down.
    var events: AsyncStream<InputEvent> { get }

    /// Presents `canvas` as the next frame.
    ///
    /// Only the cells that differ from the previously presented frame are written. A canvas
    /// whose size differs from the terminal's is clipped or padded with blanks. Frames drawn
    /// faster than the terminal can show them may be skipped: the latest one wins.
    func draw(_ canvas: Canvas)

    /// Draws from now on in `theme`: the colours and attributes of each style role. What is
    /// on screen is redrawn in it.
    func setTheme(_ theme: Theme)

    /// Gives the terminal back as it was found and finishes `events`.
    ///
    /// Idempotent and safe to call from any thread; drawing afterwards does nothing.
    func shutdown()
}
