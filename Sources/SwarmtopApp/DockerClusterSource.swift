import Dashboard
import DockerSource
import SwarmModel

/// A real swarm as a source: a `DockerMirror` of the manager the client is connected to.
/// Its clock is the daemon's, which cannot be paused or sped up; while the daemon cannot be
/// reached, the header says "disconnected — retrying".
public struct DockerClusterSource: ClusterSource {
    public let mirror: DockerMirror

    public init(mirror: DockerMirror) {
        self.mirror = mirror
    }

    public func attach() async -> (cluster: Cluster, sequence: UInt64, events: AsyncStream<[ClusterEvent]>) { await mirror.attach() }
    public func start() async { await mirror.start() }
    public func stop() async { await mirror.stop() }
    public func apply(_ action: ClusterAction) async -> ActionOutcome { await mirror.apply(action) }
    public func clock() async -> ClockState {
        ClockState(
            start: await mirror.startTime, now: await mirror.now, speed: 1, paused: false, controllable: false,
            sourceStatus: await mirror.connectionProblem)
    }
    public func setPaused(_ paused: Bool) async {}
    public func setSpeed(_ speed: Double) async {}
}
