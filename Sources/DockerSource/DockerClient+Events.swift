import AsyncHTTPClient
import Foundation
import NIOCore

/// One message of the daemon's event stream (`GET /events`), the parts swarmtop reads.
public struct DockerEventMessage: Hashable, Sendable, Decodable {
    /// `node`, `service`, `container`, …
    public var type: String
    /// `create`, `update`, `remove`, …
    public var action: String
    /// The object's ID.
    public var actorID: String

    enum CodingKeys: String, CodingKey { case type = "Type", action = "Action", actor = "Actor" }
    enum ActorKeys: String, CodingKey { case id = "ID" }

    public init(type: String, action: String, actorID: String) {
        self.type = type
        self.action = action
        self.actorID = actorID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        action = try c.decodeIfPresent(String.self, forKey: .action) ?? ""
        let actor = try? c.nestedContainer(keyedBy: ActorKeys.self, forKey: .actor)
        actorID = (try? actor?.decodeIfPresent(String.self, forKey: .id)) ?? ""
    }
}

extension DockerClient {
    /// The daemon's events of the given types, as they happen, until the connection ends
    /// (the stream then finishes, or throws the `DockerError` that ended it).
    ///
    /// - Parameter types: Event types to ask for (`filters={"type":[…]}`), e.g. `["node", "service"]`.
    public func events(types: [String]) -> AsyncThrowingStream<DockerEventMessage, any Error> {
        let filter = #"{"type":[\#(types.map { "\"\($0)\"" }.joined(separator: ","))]}"#
        let path = "/v\(apiVersion)/events?filters=\(Self.queryEscaped(filter))"
        let request = Self.makeRequest(.GET, path, body: nil, endpoint: endpoint, tls: tls)
        let (stream, continuation) = AsyncThrowingStream<DockerEventMessage, any Error>.makeStream()
        let task = _Concurrency.Task { [http, endpoint] in
            do {
                let response = try await http.execute(request, deadline: .distantFuture)
                guard response.status.code == 200 else {
                    let body = try await response.body.collect(upTo: 1 << 20)
                    throw DockerError.refused(status: Int(response.status.code), message: Self.errorMessage(Data(body.readableBytesView), status: response.status))
                }
                var pending = Data()
                let decoder = JSONDecoder()
                for try await chunk in response.body {
                    pending.append(contentsOf: chunk.readableBytesView)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = pending[pending.startIndex..<newline]
                        pending = Data(pending[pending.index(after: newline)...])
                        guard !line.isEmpty else { continue }
                        if let message = try? decoder.decode(DockerEventMessage.self, from: line) { continuation.yield(message) }
                    }
                }
                continuation.finish()
            } catch let error as DockerError {
                continuation.finish(throwing: error)
            } catch {
                continuation.finish(throwing: Self.connectionError(error, endpoint: endpoint, timeout: Self.requestTimeout))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
