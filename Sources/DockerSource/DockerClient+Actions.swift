import Foundation
import SwarmModel

extension DockerClient {
    /// How many times an update refused as "update out of sequence" (someone else changed the
    /// object between our read and our write) is read again and retried.
    static let sequenceRetries = 3

    /// Changes a node's spec as `docker node update` does: reads the node, changes its whole
    /// `Spec` with `edit`, and posts it with the version read (`POST /nodes/ID/update?version=N`).
    /// Fields swarmtop does not model are sent back as the daemon gave them.
    ///
    /// - Throws: `DockerError.refused` with the daemon's words when it refuses.
    public func updateNode(_ id: NodeID, _ edit: @Sendable (inout [String: Any]) -> Void) async throws(DockerError) {
        try await updateObject(path: "/nodes/\(id)", edit)
    }

    /// Changes a service's spec as `docker service update` does (`POST /services/ID/update?version=N`),
    /// keeping every field of the spec the daemon gave.
    ///
    /// - Throws: `DockerError.refused` with the daemon's words when it refuses.
    public func updateService(_ id: ServiceID, _ edit: @Sendable (inout [String: Any]) throws(DockerError) -> Void) async throws(DockerError) {
        try await updateObject(path: "/services/\(id)", edit)
    }

    private func updateObject(path: String, _ edit: (inout [String: Any]) throws(DockerError) -> Void) async throws(DockerError) {
        var attempt = 0
        while true {
            attempt += 1
            let data = try await request(.GET, path)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let version = (object["Version"] as? [String: Any])?["Index"] as? Int,
                var spec = object["Spec"] as? [String: Any]
            else {
                throw .badAnswer(path: path, reason: "no Version.Index or Spec")
            }
            try edit(&spec)
            let body: Data
            do {
                body = try JSONSerialization.data(withJSONObject: spec)
            } catch {
                throw .badAnswer(path: path, reason: "the changed spec cannot be written: \(error)")
            }
            do {
                _ = try await request(.POST, "\(path)/update?version=\(version)", body: body)
                return
            } catch .refused(_, let message) where message.contains("update out of sequence") && attempt <= Self.sequenceRetries {
                continue
            }
        }
    }
}
