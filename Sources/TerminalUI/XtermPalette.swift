/// The xterm colour palette: what each of the 256 indexed colours looks like, and the nearest
/// indexed colour to a 24-bit one.
enum XtermPalette {
    /// An RGB triple.
    struct RGB: Hashable, Sendable {
        var red: UInt8
        var green: UInt8
        var blue: UInt8

        init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        /// The colour as a direct-colour number, 0xRRGGBB.
        var packed: Int { Int(red) << 16 | Int(green) << 8 | Int(blue) }

        /// Squared Euclidean distance in RGB space.
        func distance(to other: RGB) -> Int {
            let r = Int(red) - Int(other.red), g = Int(green) - Int(other.green), b = Int(blue) - Int(other.blue)
            return r * r + g * g + b * b
        }
    }

    /// xterm's default values for the 16 ANSI colours (terminals differ; these are the usual ones).
    static let ansi: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The six levels of each channel in the 6×6×6 colour cube (indexes 16–231).
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of indexed colour `index`: the ANSI colours, the colour cube, then the
    /// 24-step grey ramp from 8 to 238.
    static func rgb(ofIndex index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return ansi[Int(index)]
        case 16..<232:
            let n = Int(index) - 16
            return RGB(cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGB(level, level, level)
        }
    }

    /// The RGB values of indexes 16–255 (the colour cube and the grey ramp).
    private static let extended: [RGB] = (16...255).map { rgb(ofIndex: UInt8($0)) }

    /// The index (16–255) of the cube or grey-ramp colour nearest to `color`.
    ///
    /// The ANSI colours 0–15 are left out: users re-define them, the cube and ramp they
    /// rarely do. Ties go to the lower index.
    /// - Complexity: O(240).
    static func nearest256(to color: RGB) -> UInt8 {
        UInt8(16 + nearestIndex(in: extended, to: color))
    }

    /// The index (0–15) of the ANSI colour nearest to `color`, in xterm's default values.
    /// - Complexity: O(16).
    static func nearest16(to color: RGB) -> UInt8 {
        UInt8(nearestIndex(in: ansi, to: color))
    }

    /// The offset of the first colour in `palette` nearest to `color`.
    private static func nearestIndex(in palette: [RGB], to color: RGB) -> Int {
        var best = 0
        var bestDistance = Int.max
        for (offset, candidate) in palette.enumerated() {
            let d = candidate.distance(to: color)
            if d < bestDistance {
                best = offset
                bestDistance = d
                if d == 0 { break }
            }
        }
        return best
    }
}
