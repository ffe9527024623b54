/// Where the Docker daemon listens, chosen as the docker CLI chooses it.
///
/// `--docker URL` wins, then `DOCKER_HOST`, then `unix:///var/run/docker.sock`. TLS on tcp
/// follows `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`, as the docker CLI does.
public enum DockerEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// A unix socket at this path.
    case unix(path: String)
    /// `tcp://host:port`, plain HTTP.
    case tcp(host: String, port: Int)
    /// `tcp://host:port` with TLS, client certificates from a folder (`ca.pem`, `cert.pem`, `key.pem`).
    case tls(host: String, port: Int, certificates: String, verify: Bool)

    /// The socket Docker listens on when nothing else is said.
    public static let defaultSocket = "/var/run/docker.sock"

    /// The endpoint to use, from the command line's `--docker` value and the environment.
    ///
    /// - Parameters:
    ///   - option: `--docker`'s value; nil or empty when the flag was given without a URL.
    ///   - environment: The process environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `HOME`).
    /// - Throws: `DockerError.badAddress` for an address that is neither `unix://` nor `tcp://`.
    public static func resolve(option: String?, environment: [String: String]) throws(DockerError) -> DockerEndpoint {
        let chosen: String
        if let option, !option.isEmpty {
            chosen = option
        } else if let host = environment["DOCKER_HOST"], !host.isEmpty {
            chosen = host
        } else {
            chosen = "unix://" + defaultSocket
        }
        return try parse(chosen, environment: environment)
    }

    /// Parses `unix:///path`, `tcp://host:port` (`http://` is taken as `tcp://`), or a bare socket path.
    static func parse(_ text: String, environment: [String: String]) throws(DockerError) -> DockerEndpoint {
        if text.hasPrefix("/") { return .unix(path: text) }
        if text.hasPrefix("unix://") {
            let path = String(text.dropFirst("unix://".count))
            guard path.hasPrefix("/") else { throw .badAddress(text) }
            return .unix(path: path)
        }
        let rest: Substring
        if text.hasPrefix("tcp://") {
            rest = text.dropFirst("tcp://".count)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst("http://".count)
        } else {
            throw .badAddress(text)
        }
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !authority.isEmpty else { throw .badAddress(text) }
        let host: String
        let port: Int
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw .badAddress(text)
            }
            port = number
        } else {
            host = String(authority)
            port = 2375
        }
        let verify = !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
        let certPath = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        if verify || certPath != nil {
            let folder = certPath ?? ((environment["HOME"] ?? "") + "/.docker")
            return .tls(host: host, port: port, certificates: folder, verify: verify)
        }
        return .tcp(host: host, port: port)
    }

    /// The address as the user would write it.
    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        case .tls(let host, let port, _, _): "tcp://\(host):\(port) (TLS)"
        }
    }
}
