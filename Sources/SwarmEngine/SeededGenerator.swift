import SwarmModel

/// The engine's only source of randomness: xoshiro256** seeded through SplitMix64, so the
/// same seed gives the same run on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// `base` varied by up to ±`spread` (a fraction), never negative.
    public mutating func jitter(_ base: Duration, spread: Double = 0.2) -> Duration {
        .nanoseconds(jitter(nanoseconds: base.nanoseconds, spread: spread))
    }

    /// `jitter(_:spread:)` in nanoseconds, as the engine's timers count: `Duration`'s
    /// arithmetic is 128-bit, and this runs for every task step.
    public mutating func jitter(nanoseconds base: Int64, spread: Double = 0.2) -> Int64 {
        let factor = 1 + spread * (2 * unit() - 1)
        return max(0, Int64(Double(base) * factor))
    }

    /// An exponentially distributed duration with the given mean.
    public mutating func exponential(mean: Duration) -> Duration {
        .nanoseconds(exponential(meanNanoseconds: mean.nanoseconds))
    }

    /// `exponential(mean:)` in nanoseconds.
    public mutating func exponential(meanNanoseconds mean: Int64) -> Int64 {
        let u = max(unit(), 1e-12)
        return Int64(-Double(mean) * _log(u))
    }

    /// A 25-character lowercase base-36 ID from 128 random bits, like swarmkit's `identity.NewID`.
    public mutating func makeID() -> String {
        var hi = next(), lo = next()
        // Written straight into the string's storage: one allocation per ID, for the string.
        return String(unsafeUninitializedCapacity: 25) { digits in
            var i = 24
            while i >= 0 {
                // Divide the 128-bit value (hi, lo) by 36, keeping the remainder.
                let qhi = hi / 36
                let rhi = hi % 36
                let (qlo, rlo) = UInt64(36).dividingFullWidth((high: rhi, low: lo))
                hi = qhi
                lo = qlo
                digits[i] = SeededGenerator.base36[Int(rlo)]
                i -= 1
            }
            return 25
        }
    }

    private static let base36: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
}

/// Natural logarithm without Foundation (series on the mantissa; exact enough for sampling).
@usableFromInline
func _log(_ x: Double) -> Double {
    precondition(x > 0)
    let e = Double(x.exponent)
    let m = x.significand  // in [1, 2)
    // ln(m) = 2 atanh((m-1)/(m+1))
    let y = (m - 1) / (m + 1)
    let y2 = y * y
    var term = y, sum = 0.0, k = 1.0
    for _ in 0..<20 {
        sum += term / k
        term *= y2
        k += 2
    }
    return 2 * sum + e * 0.693_147_180_559_945_3
}
