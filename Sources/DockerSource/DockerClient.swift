import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SwarmModel

/// A connection to a Docker daemon that is a swarm manager, speaking Engine API v1.41.
///
/// Made by `connect(to:)`, which checks everything a dashboard needs before anything is shown:
/// the daemon answers, its API is new enough, and it manages a swarm.
public struct DockerClient: Sendable {
    /// Where the daemon listens.
    public let endpoint: DockerEndpoint
    /// The API version in every path: the daemon's newest, capped at the one swarmtop decodes.
    public let apiVersion: APIVersion
    /// The daemon's swarm state when connected (`/info`'s `Swarm`).
    public let swarm: SwarmInfo

    /// The oldest API swarmtop can use (Docker 20.10) and the one its types are shaped on.
    public static let supportedVersion = APIVersion(major: 1, minor: 41)

    let http: HTTPClient
    let tls: TLSConfiguration?

    /// How long a plain request may take.
    static let requestTimeout = TimeAmount.seconds(15)
    /// How long the first request may take (a daemon that is not there is given up on sooner).
    static let firstAnswerTimeout = TimeAmount.seconds(3)

    /// Connects to the daemon: negotiates the API version from `/version` and checks with
    /// `/info` that the daemon is a swarm manager.
    ///
    /// - Parameters:
    ///   - endpoint: Where the daemon listens.
    ///   - http: The HTTP client to use (the process-wide one by default).
    /// - Throws: `DockerError` saying in one sentence what is wrong and what to do.
    public static func connect(to endpoint: DockerEndpoint, http: HTTPClient = .shared) async throws(DockerError) -> DockerClient {
        let tls = try tlsConfiguration(for: endpoint)
        if case .unix(let path) = endpoint { try checkSocket(path) }
        // A short wait for the first answer: the HTTP client retries refused connections until
        // the deadline, and a daemon that is up answers /version at once.
        let versionData = try await send(.GET, "/version", endpoint: endpoint, tls: tls, http: http, timeout: firstAnswerTimeout)
        let version = try decode(VersionAnswer.self, from: versionData, path: "/version")
        guard let server = APIVersion(version.apiVersion) else {
            throw .badAnswer(path: "/version", reason: "ApiVersion '\(version.apiVersion)' is not a version")
        }
        guard server >= supportedVersion else {
            throw .apiTooOld(server: version.apiVersion, address: endpoint.description)
        }
        let chosen = min(server, supportedVersion)
        let infoData = try await send(.GET, "/v\(chosen)/info", endpoint: endpoint, tls: tls, http: http)
        let info = try decode(InfoAnswer.self, from: infoData, path: "/info")
        let swarm = info.swarm
        switch swarm.localNodeState {
        case "active":
            guard swarm.controlAvailable else { throw .notManager(address: endpoint.description) }
        case "locked":
            throw .refused(status: 503, message: "the swarm at \(endpoint) is locked: run docker swarm unlock on that manager")
        default:
            throw .notInSwarm(address: endpoint.description)
        }
        return DockerClient(endpoint: endpoint, apiVersion: chosen, swarm: swarm, http: http, tls: tls)
    }

    /// Every node (`GET /nodes`).
    public func nodes() async throws(DockerError) -> [Node] { try await get([Node].self, "/nodes") }

    /// Every service with its running and desired task counts (`GET /services?status=true`).
    public func services() async throws(DockerError) -> [Service] { try await get([Service].self, "/services?status=true") }

    /// Every task the managers still keep, history included (`GET /tasks`).
    public func tasks() async throws(DockerError) -> [Task] { try await get([Task].self, "/tasks") }

    /// One node (`GET /nodes/ID`); nil when it is gone.
    public func node(_ id: NodeID) async throws(DockerError) -> Node? { try await getIfPresent(Node.self, "/nodes/\(id)") }

    /// One service with its counts (`GET /services/ID?status=true` is not in 1.41, so the list is filtered); nil when it is gone.
    public func service(_ id: ServiceID) async throws(DockerError) -> Service? {
        let filter = #"{"id":{"\#(id)":true}}"#
        let matching = try await get([Service].self, "/services?status=true&filters=\(Self.queryEscaped(filter))")
        return matching.first { $0.id == id }
    }

    /// The daemon's time now (`/info`'s `SystemTime`), for "… ago" columns.
    public func systemTime() async throws(DockerError) -> Timestamp {
        let info = try await get(InfoAnswer.self, "/info")
        return info.systemTime.flatMap { Timestamp(rfc3339: $0) } ?? Timestamp.now
    }

    // MARK: - HTTP

    /// GETs a versioned path and decodes the JSON answer.
    func get<T: Decodable>(_ type: T.Type, _ path: String) async throws(DockerError) -> T {
        let data = try await request(.GET, path)
        return try Self.decode(type, from: data, path: path)
    }

    /// GETs a versioned path; nil on 404.
    func getIfPresent<T: Decodable>(_ type: T.Type, _ path: String) async throws(DockerError) -> T? {
        do {
            return try await get(type, path)
        } catch .refused(status: 404, _) {
            return nil
        }
    }

    /// Sends a request to a versioned path (`/v1.41` + path) and returns the body of a 2xx answer.
    func request(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws(DockerError) -> Data {
        try await Self.send(method, "/v\(apiVersion)" + path, body: body, endpoint: endpoint, tls: tls, http: http)
    }

    /// The request for a path (already versioned) on the endpoint, with the Host header Docker wants.
    static func makeRequest(_ method: HTTPMethod, _ path: String, body: Data?, endpoint: DockerEndpoint, tls: TLSConfiguration?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url(path, endpoint: endpoint))
        request.method = method
        // Docker refuses requests without one ("400 Bad Request: missing required Host header").
        request.headers.add(name: "Host", value: "docker")
        request.headers.add(name: "User-Agent", value: "swarmtop")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        request.tlsConfiguration = tls
        return request
    }

    static func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, endpoint: DockerEndpoint, tls: TLSConfiguration?, http: HTTPClient,
        timeout: TimeAmount = requestTimeout
    ) async throws(DockerError) -> Data {
        let request = makeRequest(method, path, body: body, endpoint: endpoint, tls: tls)
        do {
            let response = try await http.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 256 << 20)
            let data = Data(bytes.readableBytesView)
            guard (200..<300).contains(response.status.code) else {
                let message = errorMessage(data, status: response.status)
                // Go's HTTP server, when plain HTTP reaches a TLS listener.
                if case .tcp = endpoint, response.status == .badRequest, message.contains("Client sent an HTTP request to an HTTPS server") {
                    throw DockerError.wantsTLS(address: endpoint.description)
                }
                throw DockerError.refused(status: Int(response.status.code), message: message)
            }
            return data
        } catch let error as DockerError {
            throw error
        } catch {
            throw connectionError(error, endpoint: endpoint, timeout: timeout)
        }
    }

    /// The URL of a path on the endpoint: `http+unix://<socket>/path`, `http://` or `https://`.
    static func url(_ path: String, endpoint: DockerEndpoint) -> String {
        switch endpoint {
        case .unix(let socket):
            let host = socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? socket
            return "http+unix://\(host)\(path)"
        case .tcp(let host, let port): return "http://\(host):\(port)\(path)"
        case .tls(let host, let port, _, _): return "https://\(host):\(port)\(path)"
        }
    }

    /// A query value, percent-encoded.
    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Docker's `{"message": "…"}`, or the body as text.
    static func errorMessage(_ data: Data, status: HTTPResponseStatus) -> String {
        struct Message: Decodable { var message: String }
        if let message = try? JSONDecoder().decode(Message.self, from: data) { return message.message }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "\(status.code) \(status.reasonPhrase)" : text
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(DockerError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .badAnswer(path: path, reason: "\(error)")
        }
    }

    /// Why the daemon could not be reached, in the user's terms.
    static func connectionError(_ error: any Error, endpoint: DockerEndpoint, timeout: TimeAmount) -> DockerError {
        if case .unix(let path) = endpoint {
            if let ioError = error as? IOError {
                switch ioError.errnoCode {
                case ENOENT: return .socketMissing(path: path)
                case EACCES, EPERM: return .permissionDenied(path: path)
                default: break
                }
            }
        }
        if case .tls(_, _, let folder, _) = endpoint, let tlsError = tlsError(error, address: endpoint.description, folder: folder) {
            return tlsError
        }
        let reason: String
        if let ioError = error as? IOError {
            reason = String(cString: strerror(ioError.errnoCode)).lowercased()
        } else if let http = error as? HTTPClientError, http == .connectTimeout || http == .deadlineExceeded {
            reason = "no answer within \(timeout.nanoseconds / 1_000_000_000) s"
        } else {
            reason = "\(error)"
        }
        return .unreachable(address: endpoint.description, reason: reason)
    }

    /// A failed TLS handshake in the user's terms, or nil when `error` is no TLS error. BoringSSL's
    /// reason (`…:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at …/handshake.cc:320`) is reduced to
    /// its name, in words ("certificate verify failed").
    static func tlsError(_ error: any Error, address: String, folder: String) -> DockerError? {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return .daemonNameMismatch(address: address, folder: folder)
        }
        guard error is NIOSSLError || error is BoringSSLError else { return nil }
        let text = "\(error)"
        guard let marker = text.range(of: "OPENSSL_internal:") else {
            return .tlsHandshake(address: address, folder: folder, reason: text.split(separator: "(").first.map(String.init) ?? text)
        }
        let name = text[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        if name == "CERTIFICATE_VERIFY_FAILED" { return .untrustedDaemon(address: address, ca: folder + "/ca.pem") }
        return .tlsHandshake(address: address, folder: folder, reason: name.lowercased().replacingOccurrences(of: "_", with: " "))
    }

    /// Checks the socket before connecting, so its absence or its permissions are named as such.
    static func checkSocket(_ path: String) throws(DockerError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == EACCES { throw .permissionDenied(path: path) }
            throw .socketMissing(path: path)
        }
        guard access(path, R_OK | W_OK) == 0 else { throw .permissionDenied(path: path) }
    }

    /// The TLS set-up for a `tcp://` endpoint with `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH`, as the docker CLI reads them.
    static func tlsConfiguration(for endpoint: DockerEndpoint) throws(DockerError) -> TLSConfiguration? {
        guard case .tls(_, _, let folder, let verify) = endpoint else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        let ca = folder + "/ca.pem", cert = folder + "/cert.pem", key = folder + "/key.pem"
        for file in [ca, cert, key] where !FileManager.default.isReadableFile(atPath: file) {
            throw .certificates(folder: folder, reason: "\((file as NSString).lastPathComponent) is missing or unreadable")
        }
        do {
            configuration.trustRoots = .file(ca)
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        } catch {
            throw .certificates(folder: folder, reason: "\(error)")
        }
        configuration.certificateVerification = verify ? .fullVerification : .none
        return configuration
    }
}

/// An Engine API version, `1.41`.
public struct APIVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1.41"`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    public var description: String { "\(major).\(minor)" }
}

/// `/info`'s `Swarm`: what this daemon is in the swarm.
public struct SwarmInfo: Hashable, Sendable, Decodable {
    /// This daemon's node.
    public var nodeID: NodeID?
    /// `inactive`, `pending`, `active`, `error` or `locked`.
    public var localNodeState: String
    /// Whether this daemon is a manager (can answer for the swarm).
    public var controlAvailable: Bool

    enum CodingKeys: String, CodingKey { case nodeID = "NodeID", localNodeState = "LocalNodeState", controlAvailable = "ControlAvailable" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decodeIfPresent(String.self, forKey: .nodeID) ?? ""
        nodeID = id.isEmpty ? nil : NodeID(id)
        localNodeState = try c.decodeIfPresent(String.self, forKey: .localNodeState) ?? "inactive"
        controlAvailable = try c.decodeIfPresent(Bool.self, forKey: .controlAvailable) ?? false
    }
}

/// The parts of `/info` swarmtop reads.
struct InfoAnswer: Decodable {
    var swarm: SwarmInfo
    var systemTime: String?
    enum CodingKeys: String, CodingKey { case swarm = "Swarm", systemTime = "SystemTime" }
}

/// The part of `/version` swarmtop reads.
struct VersionAnswer: Decodable {
    var apiVersion: String
    enum CodingKeys: String, CodingKey { case apiVersion = "ApiVersion" }
}

extension Timestamp {
    /// The wall clock now.
    static var now: Timestamp {
        Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
    }
}
