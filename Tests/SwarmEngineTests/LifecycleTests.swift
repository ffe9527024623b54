import SwarmEngine
import SwarmModel
import Testing

@Suite struct LifecycleTests {
    @Test func replicasReachRunningThroughEveryAgentStep() {
        var engine = Fixture.engine(services: [Fixture.service("web", replicas: 6)])
        engine.advance(by: .seconds(30))
        let running = engine.running("web")
        #expect(running.count == 6)
        for task in running {
            #expect(task.stateHistory.map(\.state) == [.new, .pending, .assigned, .accepted, .preparing, .ready, .starting, .running])
            #expect(task.status.message == "started")
            let times = task.stateHistory.map(\.time)
            #expect(times == times.sorted())
        }
        #expect(Set(running.compactMap(\.slot)) == Set(1...6))
    }

    @Test func tasksSpreadEvenlyOverNodes() {
        var engine = Fixture.engine(managers: 1, workers: 3, services: [Fixture.service("web", replicas: 8)])
        engine.advance(by: .seconds(30))
        let counts = Dictionary(grouping: engine.hosts(of: "web"), by: { $0 }).mapValues(\.count)
        #expect(counts.values.sorted() == [2, 2, 2, 2])
    }
}
