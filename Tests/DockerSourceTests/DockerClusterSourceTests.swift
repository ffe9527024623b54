import Dashboard
import SwarmModel
import SwarmtopApp
import Testing

/// What the dashboard shows of a real swarm's connection.
@Suite struct DockerClusterSourceTests {
    func header(_ clock: ClockState, width: Int) -> String {
        let state = DashboardState(clusterName: "swarm", source: .docker("unix:///tmp/lab/docker.sock"), clock: clock, width: width, height: 24)
        return DashboardView.render(state).lines.first ?? ""
    }

    @Test func aLostDaemonIsSaidInTheHeaderAtEveryWidth() {
        let clock = ClockState(start: .zero, now: Timestamp(nanoseconds: 5_000_000_000), controllable: false, sourceStatus: "disconnected — retrying")
        for width in [80, 120, 200] {
            #expect(header(clock, width: width).contains("disconnected — retrying"), "at \(width) columns")
        }
    }

    @Test func aConnectedDaemonShowsNoProblem() {
        let clock = ClockState(start: .zero, now: Timestamp(nanoseconds: 5_000_000_000), controllable: false)
        let line = header(clock, width: 200)
        #expect(!line.contains("disconnected"))
        #expect(line.contains("docker unix:///tmp/lab/docker.sock"))
    }
}
