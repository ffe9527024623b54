import Dashboard
import Foundation

extension TerminalColor {
    /// The names of the 16 ANSI colours in theme files, by index: `black` … `white`, then
    /// `bright-black` … `bright-white`.
    public static let themeNames: [String] = {
        let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        return base + base.map { "bright-\($0)" }
    }()

    /// A colour as theme files write it: `default` (the terminal's own), one of `themeNames`
    /// (`bright_red` and any case also do), an index 0–255, or `#rrggbb`; nil for anything else.
    public init?(themeText text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" {
            self = .default
        } else if let i = Self.themeNames.firstIndex(of: t.replacingOccurrences(of: "_", with: "-")) {
            self = .indexed(UInt8(i))
        } else if !t.isEmpty, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber), let n = Int(t), (0...255).contains(n) {
            self = .indexed(UInt8(n))
        } else if t.hasPrefix("#"), t.count == 7, let packed = UInt32(t.dropFirst(), radix: 16), t.dropFirst().allSatisfy(\.isHexDigit) {
            self = .rgb(UInt8(packed >> 16 & 0xFF), UInt8(packed >> 8 & 0xFF), UInt8(packed & 0xFF))
        } else {
            return nil
        }
    }

    /// The colour as a theme file writes it: `default`, a name for 0–15, the index for
    /// 16–255, `#rrggbb` for 24-bit colour.
    public var themeText: String {
        switch self {
        case .default: return "default"
        case .indexed(let i) where i < 16: return Self.themeNames[Int(i)]
        case .indexed(let i): return "\(i)"
        case let .rgb(r, g, b):
            return "#" + [r, g, b].map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
        }
    }
}
