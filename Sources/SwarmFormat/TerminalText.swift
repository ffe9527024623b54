/// Text that is safe to print on a terminal, and its width in terminal columns.
///
/// Everything swarmtop prints from the cluster (hostnames, labels, image names, task errors) is
/// written by someone else. These helpers make sure none of it can move the cursor, change
/// colours, retitle the window or reorder the line, and measure it the way a terminal lays it out.

// MARK: Sanitising

/// The text with everything a terminal would act on instead of print taken out.
///
/// - Whole escape sequences are removed: CSI (`ESC [` … final byte, or C1 `0x9B` …), OSC
///   (`ESC ]` or `0x9D` … up to BEL or ST), DCS/SOS/PM/APC strings (`ESC P`, `ESC X`, `ESC ^`,
///   `ESC _` or C1 `0x90`, `0x98`, `0x9E`, `0x9F` … up to ST; an unterminated one runs to the
///   end of the text, as it would on a terminal), `ESC` + intermediates + final (`ESC ( B`),
///   two-character escapes (`ESC 7`, `ESC c`) and a bare `ESC`.
/// - Line and column breaks become one space each: tab, line feed, vertical tab, form feed,
///   carriage return (CR LF counts once), NEL (`0x85`), U+2028 and U+2029.
/// - Any other C0 or C1 control character, DEL, and the bidirectional embedding, override and
///   isolate controls (U+202A–U+202E, U+2066–U+2069) are shown as U+FFFD (`�`), so the reader
///   sees that something was there.
///
/// The result contains no character below U+0020, none in U+007F–U+009F, and no bidi control;
/// sanitising it again changes nothing.
/// - Complexity: O(n) in the length of the text.
public func sanitizedForTerminal(_ s: String) -> String {
    // Fast path: plain printable ASCII (hostnames, IDs, most images) needs no work.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }

    let scalars = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    let n = scalars.count

    /// Skips a control string (OSC, DCS, SOS, PM, APC) whose body starts at `j`; returns the
    /// index after its terminator (BEL, `ESC \` or C1 ST), or `n` when it is never terminated.
    func skipControlString(from j: Int, belEnds: Bool) -> Int {
        var k = j
        while k < n {
            let v = scalars[k].value
            if v == 0x9C { return k + 1 }
            if belEnds, v == 0x07 { return k + 1 }
            if v == 0x1B {
                // ESC \ is ST. Any other ESC also ends the string (terminals abort it there);
                // leave that ESC for the main loop to remove as its own sequence.
                if k + 1 < n, scalars[k + 1] == "\\" { return k + 2 }
                return k
            }
            k += 1
        }
        return n
    }

    /// Skips a CSI sequence whose parameters start at `j`: parameter bytes 0x30–0x3F,
    /// intermediate bytes 0x20–0x2F, then one final byte 0x40–0x7E (if present).
    func skipCSI(from j: Int) -> Int {
        var k = j
        while k < n, (0x20...0x3F).contains(scalars[k].value) { k += 1 }
        if k < n, (0x40...0x7E).contains(scalars[k].value) { k += 1 }
        return k
    }

    while i < n {
        let c = scalars[i]
        let v = c.value
        switch v {
        case 0x1B:  // ESC
            guard i + 1 < n else { i += 1; continue }
            let next = scalars[i + 1].value
            switch next {
            case 0x5B:  // [  CSI
                i = skipCSI(from: i + 2)
            case 0x5D:  // ]  OSC
                i = skipControlString(from: i + 2, belEnds: true)
            case 0x50, 0x58, 0x5E, 0x5F:  // P X ^ _  DCS SOS PM APC
                i = skipControlString(from: i + 2, belEnds: true)
            case 0x20...0x2F:  // intermediates, then a final byte: ESC ( B, ESC # 8
                var k = i + 1
                while k < n, (0x20...0x2F).contains(scalars[k].value) { k += 1 }
                if k < n, (0x30...0x7E).contains(scalars[k].value) { k += 1 }
                i = k
            case 0x30...0x7E:  // two-character escape: ESC 7, ESC c, ESC M, ESC \ …
                i += 2
            default:  // bare ESC before a control, a space or non-ASCII: drop the ESC only
                i += 1
            }
        case 0x9B:  // C1 CSI
            i = skipCSI(from: i + 1)
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F:  // C1 OSC, DCS, SOS, PM, APC
            i = skipControlString(from: i + 1, belEnds: true)
        case 0x0D:  // CR; CR LF is one line break
            out.append(" ")
            i += (i + 1 < n && scalars[i + 1].value == 0x0A) ? 2 : 1
        case 0x09, 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
            out.append(" ")
            i += 1
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
            out.append("\u{FFFD}")
            i += 1
        default:
            out.append(c)
            i += 1
        }
    }
    return String(out)
}

// MARK: Width

/// The number of terminal columns the text takes: the sum of `displayWidth(of:)` over its
/// characters.
/// - Complexity: O(n) in the length of the text.
public func displayWidth(_ s: String) -> Int {
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
    return s.reduce(0) { $0 + displayWidth(of: $1) }
}

/// The number of terminal columns one character (grapheme cluster) takes: 2 for East Asian Wide
/// and Fullwidth characters (CJK, Hangul, kana, fullwidth forms) and emoji shown as emoji
/// (emoji presentation, a VS16 `U+FE0F` selector, flags); 0 for a cluster made only of
/// combining marks, zero-width and format characters or control characters; 1 otherwise.
/// Combining marks on a base character add nothing (`"é"` as e + U+0301 is 1).
public func displayWidth(of c: Character) -> Int {
    var width = 0
    var first: Unicode.Scalar?
    for scalar in c.unicodeScalars {
        if first == nil { first = scalar }
        if scalar.value == 0xFE0F, let base = first, base.properties.isEmoji {
            return 2  // emoji presentation selector on an emoji base: ❤️, ☺️
        }
        width = max(width, scalarWidth(scalar))
    }
    return width
}

/// The column width of one scalar taken alone.
func scalarWidth(_ s: Unicode.Scalar) -> Int {
    let v = s.value
    if v < 0x7F { return v >= 0x20 ? 1 : 0 }
    if v < 0xA0 { return 0 }  // DEL and C1 controls
    if v < 0x300 { return 1 }  // Latin-1 and Latin extended: no wide or zero-width characters
    if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }  // Hangul medial vowels, final consonants
    switch s.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
        return 0
    default:
        break
    }
    if s.properties.isEmojiPresentation { return 2 }
    return isEastAsianWide(v) ? 2 : 1
}

/// East Asian Wide (W) and Fullwidth (F) ranges of UAX #11 that are not emoji (emoji are
/// found through their Emoji_Presentation property), sorted by start.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initial consonants
    0x2329...0x232A,  // angle brackets
    0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
    0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK, CJK compatibility
    0x3400...0x4DBF,  // CJK Extension A
    0x4E00...0x9FFF,  // CJK Unified Ideographs
    0xA000...0xA4CF,  // Yi syllables and radicals
    0xA960...0xA97F,  // Hangul Jamo Extended-A
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE10...0xFE19,  // vertical forms
    0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
    0xFF00...0xFF60,  // fullwidth ASCII variants and brackets
    0xFFE0...0xFFE6,  // fullwidth signs
    0x16FE0...0x16FE4,  // ideographic symbols
    0x16FF0...0x16FF1,
    0x17000...0x18CFF,  // Tangut, Khitan
    0x18D00...0x18D08,
    0x1AFF0...0x1B2FF,  // Kana extended and supplement, Nushu
    0x1F200...0x1F2FF,  // enclosed ideographic supplement
    0x20000...0x2FFFD,  // CJK Extensions B–F, compatibility supplement
    0x30000...0x3FFFD,  // CJK Extensions G, H
]

private func isEastAsianWide(_ v: UInt32) -> Bool {
    guard v >= 0x1100 else { return false }
    var lo = 0
    var hi = wideRanges.count - 1
    while lo <= hi {
        let mid = (lo + hi) / 2
        let r = wideRanges[mid]
        if v < r.lowerBound {
            hi = mid - 1
        } else if v > r.upperBound {
            lo = mid + 1
        } else {
            return true
        }
    }
    return false
}

// MARK: Truncating

/// The text cut to at most `width` terminal columns: unchanged when it fits, else the longest
/// run of whole characters that leaves room for `ellipsis`, followed by `ellipsis`.
///
/// A wide character that would straddle the limit is left out, so the result may be one column
/// narrower than `width`. When `width` is narrower than the ellipsis itself, the text is cut to
/// `width` without one; a `width` of 0 or less gives "".
/// - Parameters:
///   - s: The text (sanitise it first: escape sequences are measured as printable text).
///   - width: The most columns the result may take.
///   - ellipsis: What marks the cut; "…" (one column) by default.
/// - Complexity: O(n) in the length of the text.
public func truncated(_ s: String, toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if displayWidth(s) <= width { return s }
    let ellipsisWidth = displayWidth(ellipsis)
    let fitsEllipsis = ellipsisWidth <= width
    let budget = fitsEllipsis ? width - ellipsisWidth : width
    var used = 0
    var end = s.startIndex
    for i in s.indices {
        let w = displayWidth(of: s[i])
        if used + w > budget { break }
        used += w
        end = s.index(after: i)
    }
    return String(s[..<end]) + (fitsEllipsis ? ellipsis : "")
}
