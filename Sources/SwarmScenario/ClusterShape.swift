import SwarmModel

/// The shape of a generated cluster, written `3m+7w`: 3 managers and 7 workers.
public struct ClusterShape: Sendable, Hashable, CustomStringConvertible {
    /// How many managers; at least one.
    public var managers: Int
    /// How many workers.
    public var workers: Int

    /// The cluster a stack gets when no shape or scenario is given: 3 managers and 5 workers.
    public static let standard = ClusterShape(managers: 3, workers: 5)

    /// The most nodes a shape may have (as many as one hostname range makes).
    public static let maxNodes = BraceRange.maxCount

    /// Makes a shape.
    /// - Precondition: `managers ≥ 1`, `workers ≥ 0`, and together at most `maxNodes`.
    public init(managers: Int, workers: Int) {
        precondition(managers >= 1 && workers >= 0 && managers + workers <= Self.maxNodes, "bad cluster shape")
        self.managers = managers
        self.workers = workers
    }

    /// Parses `MANAGERSm+WORKERSw` (`3m+7w`, `1m`, `7w+3m`; case-insensitive).
    ///
    /// - Throws: `ClusterShapeError` saying how to write one.
    public init(parsing text: String) throws(ClusterShapeError) {
        let malformed = ClusterShapeError(message: "write MANAGERSm+WORKERSw, e.g. 3m+7w (3 managers and 7 workers)")
        var counts: [Character: Int] = [:]
        for part in text.trimmingSpaces.lowercased().split(separator: "+", omittingEmptySubsequences: false) {
            guard let unit = part.last, unit == "m" || unit == "w", counts[unit] == nil else { throw malformed }
            let digits = part.dropLast()
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else {
                throw malformed
            }
            counts[unit] = n
        }
        let managers = counts["m"] ?? 0
        let workers = counts["w"] ?? 0
        guard managers >= 1 else { throw ClusterShapeError(message: "the cluster needs at least one manager, e.g. 1m+3w") }
        guard managers + workers <= Self.maxNodes else {
            throw ClusterShapeError(message: "\(managers + workers) nodes is too many; at most \(Self.maxNodes)")
        }
        self.init(managers: managers, workers: workers)
    }

    /// `3m+7w`.
    public var description: String { "\(managers)m+\(workers)w" }

    /// The nodes in join order: `manager-1` … then `worker-1` …, each with the scenario
    /// defaults (4 CPUs, 8 GiB, active, no labels). The first manager leads.
    /// - Complexity: O(n) in the number of nodes.
    public var nodes: [NodeTemplate] {
        (1...managers).map { NodeTemplate(hostname: "manager-\($0)", role: .manager) }
            + (0..<workers).map { NodeTemplate(hostname: "worker-\($0 + 1)") }
    }
}

/// Why a cluster shape (`--nodes`) cannot be read; the message says how to write one.
public struct ClusterShapeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, in one line.
    public var message: String
    /// Makes an error.
    public init(message: String) { self.message = message }
    public var description: String { message }
}
