/// Identifiers of swarm objects. In the embedded engine they are 25-character base-36
/// strings like Docker's; from a real daemon they are whatever the daemon sends.

/// What the three ID types share. Each keeps, next to its text, a 64-bit digest of it taken
/// once when the ID is made: hashing and telling IDs apart then cost one integer, not a walk
/// over 25 bytes (the engine looks IDs up several times per task step).
public protocol SwarmIdentifier: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    var digest: UInt64 { get }
    init(_ rawValue: String)
}

extension SwarmIdentifier {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.digest == rhs.digest && lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    /// The hash a `Set` or `Dictionary` buckets an ID by: its digest mixed with the
    /// table's own seed by a cheap finaliser, instead of a run of SipHash over
    /// the digest. The engine looks IDs up many times per task step, and SipHash was a
    /// tenth of its time.
    public func _rawHashValue(seed: Int) -> Int { mixedHash(digest, seed: seed) }
}

/// MurmurHash3's 64-bit finaliser over `value ^ seed`: a bijection that spreads every input
/// bit over the whole word, so the low bits a hash table uses vary with all of them.
@inlinable
package func mixedHash(_ value: UInt64, seed: Int) -> Int {
    var h = value ^ UInt64(bitPattern: Int64(seed))
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return Int(bitPattern: UInt(h))
}

/// The digest of an ID's text: its UTF-8 bytes eight at a time, each word mixed by a multiply
/// and a shift (IDs are 25 bytes; a byte at a time was a chain of 25 dependent multiplies).
package func identifierDigest(_ text: String) -> UInt64 {
    var text = text
    return text.withUTF8 { identifierDigest($0) }
}

/// The digest of an ID whose text is these bytes (UTF-8): what the ID made from them has as
/// `digest`, found without making a string (a recording's reader looks tasks up by it).
package func identifierDigest(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var tail: UInt64 = 0
    if let base = bytes.baseAddress {
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            h = digestMix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
    }
    return digestMix(h ^ tail)
}

/// A multiply-xorshift finaliser (SplitMix64's constants, other shifts): every input bit moves
/// every output bit.
@inline(__always)
private func digestMix(_ x: UInt64) -> UInt64 {
    var z = x &* 0xBF58_476D_1CE4_E5B9
    z ^= z >> 31
    z = z &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 29)
}

/// The ID of a node.
public struct NodeID: SwarmIdentifier {
    public let rawValue: String
    public let digest: UInt64
    public init(_ rawValue: String) { (self.rawValue, digest) = (rawValue, identifierDigest(rawValue)) }
}

/// The ID of a service.
public struct ServiceID: SwarmIdentifier {
    public let rawValue: String
    public let digest: UInt64
    public init(_ rawValue: String) { (self.rawValue, digest) = (rawValue, identifierDigest(rawValue)) }
}

/// The ID of a task.
public struct TaskID: SwarmIdentifier {
    public let rawValue: String
    public let digest: UInt64
    public init(_ rawValue: String) { (self.rawValue, digest) = (rawValue, identifierDigest(rawValue)) }
}

/// The `Version` object every swarm object carries: `{"Index": N}`. Updates must name it.
public struct ObjectVersion: Hashable, Sendable, Codable {
    public var index: UInt64
    public init(index: UInt64 = 0) { self.index = index }
    enum CodingKeys: String, CodingKey { case index = "Index" }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decodeIfPresent(UInt64.self, forKey: .index) ?? 0
    }
}

extension KeyedDecodingContainer {
    /// Decodes `key` if present (and not null), else gives `fallback`: real daemons leave out
    /// empty fields, and older or newer ones add fields we do not model.
    @inlinable
    func value<T: Decodable>(_ key: Key, or fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback()
    }
}
