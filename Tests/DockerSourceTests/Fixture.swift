import Foundation

/// Real answers of a lab swarm (scripts/swarm-lab, Docker 20.10.24, API 1.41), saved in
/// Fixtures/: one manager `vm`, services `t1` (busybox, 1 replica, running), `bad` (2 replicas of
/// an image that does not exist: rejected tasks) and `glob` (global, running); and, alone in
/// `services-with-secrets` / `tasks-with-secrets`, `envy` (`--env PASSWORD=hunter2`, secret
/// `db-password`, config `app-config`).
enum Fixture {
    /// The bytes of Fixtures/NAME.json.
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try Data(contentsOf: url)
    }

    /// Fixtures/NAME.json decoded.
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: data(name))
    }
}
