/// What to hand ncurses for one glyph, so that it fills exactly the columns the frame diff
/// gave it, whatever the C library thinks of the character.
///
/// ncurses places characters by `wcwidth`; the canvas measures them with `displayWidth`. When
/// the two disagree (an emoji newer than the C library, a flag, an emoji made of several
/// characters), drawing the character as it is would shift the rest of the line. Pure: the
/// C library's width function is a parameter.
enum CursesText {
    /// One call to `wadd_wch`: a spacing character and up to four combining marks, and the
    /// columns it takes.
    struct Piece: Hashable, Sendable {
        var scalars: [UInt32]
        var columns: Int
    }

    /// The most wide characters a `cchar_t` holds (ncurses' `CCHARW_MAX`).
    static let maxScalars = 5

    /// The pieces that draw `character` in exactly `columns` columns (1 or 2).
    ///
    /// - The character as it is, when the C library gives its first scalar `columns` columns
    ///   and every other scalar none (combining marks beyond four are dropped).
    /// - Its first scalar alone, when that fits but other scalars have width (emoji joined with
    ///   U+200D, flags).
    /// - A two-column character the C library thinks is one column: its first scalar, then a
    ///   space.
    /// - Anything else (unknown to the C library, e.g. in a non-UTF-8 locale): U+FFFD, or `?`
    ///   when even that is not printable, once per column.
    /// - Parameters:
    ///   - character: The character.
    ///   - columns: The columns the frame gives it.
    ///   - width: The C library's `wcwidth`, as an `Int` (-1 when not printable).
    static func pieces(for character: Character, columns: Int, width: (UInt32) -> Int) -> [Piece] {
        let scalars = character.unicodeScalars.map(\.value)
        guard let first = scalars.first else { return blanks(columns) }
        if scalars.count == 1, first >= 0x20, first < 0x7F, columns == 1 { return [Piece(scalars: [first], columns: 1)] }
        let firstWidth = width(first)
        let rest = scalars.dropFirst()
        if firstWidth == columns {
            if rest.allSatisfy({ width($0) == 0 }) {
                return [Piece(scalars: Array(scalars.prefix(maxScalars)), columns: columns)]
            }
            return [Piece(scalars: [first], columns: columns)]
        }
        if columns == 2, firstWidth == 1 {
            return [Piece(scalars: [first], columns: 1), Piece(scalars: [0x20], columns: 1)]
        }
        let replacement: UInt32 = width(0xFFFD) == 1 ? 0xFFFD : 0x3F
        return Array(repeating: Piece(scalars: [replacement], columns: 1), count: max(1, columns))
    }

    private static func blanks(_ columns: Int) -> [Piece] {
        Array(repeating: Piece(scalars: [0x20], columns: 1), count: max(1, columns))
    }
}
