/// Small rules of docker/cli's output that several tables share: natural ordering, short IDs,
/// capitalised enum values and the familiar form of image references.

/// Whether `a` sorts before `b` in natural order, as docker/cli sorts hostnames, service names and
/// task names (fvbommel/sortorder `NaturalLess`): runs of ASCII digits compare by value
/// (`"node2" < "node10"`), with fewer leading zeros first on a tie (`"2" < "02"`); everything
/// else compares byte by byte in UTF-8; where one run of non-digits ends and the other goes on,
/// the digit sorts first.
/// - Complexity: O(n) in the shorter string.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let s1 = Array(a.utf8)
    let s2 = Array(b.utf8)
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    var i1 = 0
    var i2 = 0
    while i1 < s1.count, i2 < s2.count {
        let c1 = s1[i1]
        let c2 = s2[i2]
        let d1 = isDigit(c1)
        let d2 = isDigit(c2)
        if d1 != d2 { return d1 }
        if !d1 {
            if c1 != c2 { return c1 < c2 }
            i1 += 1
            i2 += 1
            continue
        }
        while i1 < s1.count, s1[i1] == 0x30 { i1 += 1 }
        while i2 < s2.count, s2[i2] == 0x30 { i2 += 1 }
        let nz1 = i1
        let nz2 = i2
        while i1 < s1.count, isDigit(s1[i1]) { i1 += 1 }
        while i2 < s2.count, isDigit(s2[i2]) { i2 += 1 }
        let len1 = i1 - nz1
        let len2 = i2 - nz2
        if len1 != len2 { return len1 < len2 }
        let n1 = s1[nz1..<i1]
        let n2 = s2[nz2..<i2]
        if n1 != n2 { return n1.lexicographicallyPrecedes(n2) }
        if nz1 != nz2 { return nz1 < nz2 }
    }
    return s1.count < s2.count
}

/// The first 12 characters of an ID, after any `algorithm:` prefix (moby's `stringid.TruncateID`).
func truncatedID(_ id: String) -> String {
    var rest = Substring(id)
    if let colon = rest.firstIndex(of: ":") { rest = rest[rest.index(after: colon)...] }
    return String(rest.prefix(12))
}

/// The value with its first letter upper-case and the rest lower-case (docker/cli's
/// `formatter.PrettyPrint` of a string: `"ready"` → `"Ready"`).
func capitalized(_ s: String) -> String {
    guard let first = s.first else { return s }
    if s.count == 1 { return s.lowercased() }
    return first.uppercased() + s.dropFirst().lowercased()
}

/// The image reference as `docker service ls` and `docker service ps` show it: a reference with a
/// tag loses its digest and is written in its familiar form (`docker.io/library/nginx:1.25@sha256:…`
/// → `nginx:1.25`); one without a tag, or one that does not parse, is shown unchanged.
func displayedImage(_ image: String) -> String {
    guard let ref = ImageReference(image), let tag = ref.tag else { return image }
    return ref.familiarName + ":" + tag
}

/// Just enough of distribution/reference's grammar to tell whether docker/cli would rewrite an
/// image reference, and to what.
struct ImageReference {
    var domain: String
    var path: String
    var tag: String?

    /// Parses `[domain/]path[:tag][@digest]` the way `reference.ParseNormalizedNamed` does; nil
    /// for what it rejects (upper-case repository, bad tag or digest).
    init?(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            guard ImageReference.isValidDigest(rest[rest.index(after: at)...]) else { return nil }
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let t = rest[rest.index(after: colon)...]
            guard ImageReference.isValidTag(t) else { return nil }
            tag = String(t)
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        guard !rest.isEmpty, rest.utf8.count <= 255 else { return nil }
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                guard ImageReference.isValidDomain(first) else { return nil }
                domain = first == "index.docker.io" ? "docker.io" : String(first)
                path = String(rest[rest.index(after: slash)...])
            } else {
                domain = "docker.io"
                path = String(rest)
            }
        } else {
            domain = "docker.io"
            path = "library/" + rest
        }
        guard ImageReference.isValidPath(path) else { return nil }
    }

    /// The name without `docker.io/` and, for official images, `library/`.
    var familiarName: String {
        guard domain == "docker.io" else { return domain + "/" + path }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.count == 2, components[0] == "library" { return String(components[1]) }
        return path
    }

    /// `[\w][\w.-]{0,127}`.
    static func isValidTag(_ t: Substring) -> Bool {
        let b = Array(t.utf8)
        guard let first = b.first, b.count <= 128, isWord(first) else { return false }
        return b.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `algorithm:hex`, with the lengths go-digest requires of sha256, sha384 and sha512.
    static func isValidDigest(_ d: Substring) -> Bool {
        guard let colon = d.firstIndex(of: ":") else { return false }
        let algorithm = d[..<colon]
        let hex = d[d.index(after: colon)...]
        let length: Int
        switch algorithm {
        case "sha256": length = 64
        case "sha384": length = 96
        case "sha512": length = 128
        default: return false
        }
        return hex.utf8.count == length && hex.utf8.allSatisfy { isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }

    /// Host names, IPv4 or bracketed IPv6 addresses, with an optional port.
    static func isValidDomain(_ d: Substring) -> Bool {
        d.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }
            && !d.hasPrefix("-") && !d.hasPrefix(".")
    }

    /// Slash-separated components of `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
    static func isValidPath(_ p: String) -> Bool {
        for component in p.split(separator: "/", omittingEmptySubsequences: false) {
            let b = Array(component.utf8)
            guard let first = b.first, let last = b.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
            var i = 0
            while i < b.count {
                if isLowerAlnum(b[i]) { i += 1; continue }
                // A separator: ".", "_", "__" or a run of "-".
                var j = i
                if b[i] == UInt8(ascii: "-") {
                    while j < b.count, b[j] == UInt8(ascii: "-") { j += 1 }
                } else if b[i] == UInt8(ascii: ".") {
                    j += 1
                } else if b[i] == UInt8(ascii: "_") {
                    j += (j + 1 < b.count && b[j + 1] == UInt8(ascii: "_")) ? 2 : 1
                } else {
                    return false
                }
                guard j < b.count, isLowerAlnum(b[j]) else { return false }
                i = j
            }
        }
        return true
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isLowerAlnum(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x61 && c <= 0x7A) }
    private static func isAlnum(_ c: UInt8) -> Bool { isLowerAlnum(c) || (c >= 0x41 && c <= 0x5A) }
    private static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || c == UInt8(ascii: "_") }
}
