/// Why swarmtop cannot use a Docker daemon, each said in one sentence with what to do.
public enum DockerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The address is neither `unix://PATH` nor `tcp://HOST:PORT`.
    case badAddress(String)
    /// Nothing at the socket path.
    case socketMissing(path: String)
    /// The socket exists but this user may not open it.
    case permissionDenied(path: String)
    /// Nothing answers at the address (refused, unreachable, timed out).
    case unreachable(address: String, reason: String)
    /// The daemon's newest API is older than 1.41.
    case apiTooOld(server: String, address: String)
    /// The daemon is not in a swarm.
    case notInSwarm(address: String)
    /// The daemon is a swarm worker; only managers can list the swarm.
    case notManager(address: String)
    /// A TLS client certificate file is missing or unreadable.
    case certificates(folder: String, reason: String)
    /// The daemon's TLS certificate is not signed by the CA in `ca` (`DOCKER_CERT_PATH`'s ca.pem).
    case untrustedDaemon(address: String, ca: String)
    /// The daemon's TLS certificate is not made out to the host swarmtop connected to.
    case daemonNameMismatch(address: String, folder: String)
    /// The TLS handshake failed otherwise (most often: the daemon does not accept the client certificate).
    case tlsHandshake(address: String, folder: String, reason: String)
    /// Plain HTTP to a daemon that only speaks TLS ("Client sent an HTTP request to an HTTPS server.").
    case wantsTLS(address: String)
    /// The daemon answered with an error: its status code and message, verbatim.
    case refused(status: Int, message: String)
    /// The daemon's answer could not be read.
    case badAnswer(path: String, reason: String)

    public var description: String {
        switch self {
        case .badAddress(let text):
            "'\(text)' is not a Docker address: give unix:///path/to/docker.sock or tcp://host:port (--docker or DOCKER_HOST)"
        case .socketMissing(let path):
            "no Docker socket at \(path): start dockerd, or point --docker or DOCKER_HOST at the daemon's socket"
        case .permissionDenied(let path):
            "permission denied on \(path): run as a user in the docker group (or root), or use another --docker address"
        case .unreachable(let address, let reason):
            "cannot reach the Docker daemon at \(address) (\(reason)): check that dockerd runs and listens there"
        case .apiTooOld(let server, let address):
            "the Docker daemon at \(address) speaks API \(server), older than the 1.41 swarmtop needs: upgrade Docker to 20.10 or newer"
        case .notInSwarm(let address):
            "the Docker daemon at \(address) is not in a swarm: run docker swarm init (or join one), or point --docker at a swarm manager"
        case .notManager(let address):
            "the Docker daemon at \(address) is a swarm worker, and only managers can list the swarm: point --docker at a manager"
        case .certificates(let folder, let reason):
            "cannot use the TLS certificates in \(folder) (\(reason)): set DOCKER_CERT_PATH to a folder with ca.pem, cert.pem and key.pem"
        case .untrustedDaemon(let address, let ca):
            "the Docker daemon at \(address) has a certificate that the CA in \(ca) does not trust: set DOCKER_CERT_PATH to the folder of the certificates made for this daemon"
        case .daemonNameMismatch(let address, let folder):
            "the Docker daemon at \(address) has a certificate made out to another host name or address (CA in \(folder)): connect with the name or address its certificate names"
        case .tlsHandshake(let address, let folder, let reason):
            "the TLS handshake with the Docker daemon at \(address) failed (\(reason)): check that DOCKER_CERT_PATH (\(folder)) holds a client certificate and key this daemon accepts"
        case .wantsTLS(let address):
            "the Docker daemon at \(address) speaks TLS only: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with its ca.pem, cert.pem and key.pem"
        case .refused(_, let message):
            message
        case .badAnswer(let path, let reason):
            "the Docker daemon's answer to \(path) could not be read (\(reason))"
        }
    }
}
