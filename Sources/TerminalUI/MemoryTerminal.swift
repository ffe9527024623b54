import Dashboard

/// A terminal that is a grid in memory: for tests and headless replay.
///
/// It keeps what a real terminal would show (built only from the cells the frame diff writes,
/// so it also checks the diff), counts frames and written cells, and hands out the events
/// injected into it. Thread-safe.
public final class MemoryTerminal: TerminalBackend {
    private struct State {
        var width: Int
        var height: Int
        var lastFrame: Canvas?
        /// The frame on the screen, valid while the size has not changed since it was drawn.
        var presented: Canvas?
        var screen: [ScreenColumn]
        var framesDrawn = 0
        var cellsWritten = 0
        var isShutDown = false
        var theme: Theme
        var themesSet = 0

        init(width: Int, height: Int, theme: Theme) {
            self.width = width
            self.height = height
            self.theme = theme
            screen = Array(repeating: .blank(.normal), count: width * height)
        }
    }

    private let state: Locked<State>
    private let continuation: AsyncStream<InputEvent>.Continuation

    /// Injected events and resizes; finishes on `finish()` or `shutdown()`.
    public let events: AsyncStream<InputEvent>

    /// The colours it would show, for `screenLook(x:y:)`.
    public let colorDepth: ColorDepth

    /// A blank terminal of `width` × `height` cells (negative sizes count as 0), drawing in
    /// `theme` at `colorDepth`.
    public init(width: Int, height: Int, theme: Theme = .defaultDark, colorDepth: ColorDepth = .indexed256) {
        state = Locked(State(width: max(0, width), height: max(0, height), theme: theme))
        self.colorDepth = colorDepth
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self)
    }

    /// The theme it draws in: the one given at the start or to `setTheme(_:)` last.
    public var theme: Theme { state.withLock { $0.theme } }

    /// How many times `setTheme(_:)` was called.
    public var themesSet: Int { state.withLock { $0.themesSet } }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) { state.withLock { ($0.width, $0.height) } }

    /// The last canvas passed to `draw(_:)`, as it was given (not clipped).
    public var lastFrame: Canvas? { state.withLock { $0.lastFrame } }

    /// How many frames were drawn.
    public var framesDrawn: Int { state.withLock { $0.framesDrawn } }

    /// How many cells the frames wrote in all: only those that differed from what the terminal
    /// showed (every cell after a resize).
    public var cellsWritten: Int { state.withLock { $0.cellsWritten } }

    /// Delivers `event` on `events`, as if the user had pressed a key or the mouse.
    public func inject(_ event: InputEvent) {
        continuation.yield(event)
    }

    /// Changes the terminal's size and delivers `.resize` with it. The screen is cleared (as
    /// terminals do, more or less), so the next frame writes every cell.
    public func resize(width: Int, height: Int) {
        let (w, h) = state.withLock { state in
            state.width = max(0, width)
            state.height = max(0, height)
            state.presented = nil
            state.screen = Array(repeating: .blank(.normal), count: state.width * state.height)
            return (state.width, state.height)
        }
        continuation.yield(.resize(width: w, height: h))
    }

    /// Ends `events`, as a terminal that went away would.
    public func finish() {
        continuation.finish()
    }

    /// Presents `canvas`: writes the cells that differ from the screen and counts them.
    /// - Complexity: O(width × height).
    public func draw(_ canvas: Canvas) {
        state.withLock { state in
            guard !state.isShutDown else { return }
            let runs = FrameDiff.runs(from: state.presented, to: canvas, width: state.width, height: state.height)
            for run in runs {
                for (offset, column) in run.columns.enumerated() {
                    state.screen[run.y * state.width + run.x + offset] = column
                }
            }
            state.cellsWritten += FrameDiff.cellCount(runs)
            state.framesDrawn += 1
            state.lastFrame = canvas
            state.presented = canvas
        }
    }

    /// The screen as text, one line per row, trailing spaces kept (like `Canvas.text`).
    /// - Complexity: O(width × height).
    public func screenText() -> String {
        state.withLock { state in
            (0..<state.height).map { y in
                var line = ""
                for x in 0..<state.width {
                    if case let .glyph(character, _, _) = state.screen[y * state.width + x] { line.append(character) }
                }
                return line
            }.joined(separator: "\n")
        }
    }

    /// The style role of the cell at column `x`, row `y` on the screen (the wide character's
    /// role for its right half; nil outside the screen).
    public func screenRole(x: Int, y: Int) -> StyleRole? {
        state.withLock { state in
            guard x >= 0, y >= 0, x < state.width, y < state.height else { return nil }
            var column = x
            while column >= 0 {
                if case let .glyph(_, role, _) = state.screen[y * state.width + column] { return role }
                column -= 1
            }
            return nil
        }
    }

    /// How the cell at column `x`, row `y` looks: its role in the current theme at
    /// `colorDepth` (nil outside the screen).
    public func screenLook(x: Int, y: Int) -> CellAppearance? {
        guard let role = screenRole(x: x, y: y) else { return nil }
        return CellAppearance(role, in: theme, depth: colorDepth)
    }

    /// Draws in `theme` from now on; as the screen keeps roles, what it shows is in it at once.
    public func setTheme(_ theme: Theme) {
        state.withLock { state in
            guard !state.isShutDown else { return }
            state.theme = theme
            state.themesSet += 1
        }
    }

    /// Stops drawing and finishes `events`. Idempotent.
    public func shutdown() {
        state.withLock { $0.isShutDown = true }
        continuation.finish()
    }
}
